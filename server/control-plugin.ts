import type { Plugin } from 'vite';
import { createControlHandler } from './control-server';

/**
 * The control API on the Vite dev server, so `npm start` (and the e2e servers) answer `/__emulator/…` too.
 * Mounted before Vite's own middlewares: the SPA fallback would otherwise answer those paths with index.html.
 */
export function controlPlugin(): Plugin {
  return {
    name: 'agent-console-emulator:control',
    apply: 'serve',
    configureServer(server) {
      const control = createControlHandler();
      server.middlewares.use((req, res, next) => {
        control.handle(req, res).then(
          (handled) => {
            if (!handled) next();
          },
          (error: unknown) => next(error),
        );
      });
      server.httpServer?.once('close', () => control.close());
    },
  };
}

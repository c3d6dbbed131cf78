import type { Plugin } from 'vite';
import { createControlHandler } from './control-server';
import { type EmulatorConfig, frameAncestors, injectConfig } from './serve';

/**
 * The control API on the Vite dev server, so `npm start` (and the e2e servers) answer `/__emulator/…` and keep
 * each world as `serve` does. Mounted before Vite's own middlewares: the SPA fallback would otherwise answer
 * those paths with index.html. The page gets its config (the JWT secret among it) injected into its HTML, as
 * `serve` does, so that no module, which other origins could try to fetch, carries it; and its pages carry
 * serve's frame-ancestors (loopback pages only).
 */
export function controlPlugin(config: Omit<EmulatorConfig, 'control'> = {}): Plugin {
  return {
    name: 'agent-console-emulator:control',
    apply: 'serve',
    configureServer(server) {
      const control = createControlHandler();
      const csp = frameAncestors(config.allowOrigin ?? []);
      server.middlewares.use((req, res, next) => {
        if (req.headers['sec-fetch-dest'] === 'iframe' || req.headers['sec-fetch-dest'] === 'document')
          res.setHeader('Content-Security-Policy', csp);
        control.handle(req, res).then(
          (handled) => {
            if (!handled) next();
          },
          (error: unknown) => next(error),
        );
      });
      server.httpServer?.once('close', () => control.close());
    },
    transformIndexHtml: (html) => injectConfig(html, { ...config, control: true }),
  };
}

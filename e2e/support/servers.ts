/**
 * The e2e suite's servers (e2e/playwright.config.ts runs this file as its webServer):
 *  - the console as an integrator's CI runs it: the production build behind `agent-console-emulator serve` (control
 *    API on, the vendor's default JWT secret), on EMULATOR_PORT. Almost every test talks to this one. A built
 *    console loads in a fraction of the dev server's time (one bundle instead of ~100 unbundled modules), which
 *    is most of what the suite used to wait for;
 *  - the sandbox (`npm start`'s host demo, dev server) on HOST_DEMO_PORT, framing the built console;
 *  - `npm start`'s own console (dev server) on DEV_EMULATOR_PORT, for the tests of what only the dev server has.
 * The build goes to e2e/.build/, not dist/: e2e/pack.spec.ts runs `npm pack`, whose build empties dist/.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { cli } from '../../server/cli';
import { startServers } from '../../tools/start';
import { DEV_EMULATOR_PORT, E2E_JWT_SECRET, EMULATOR_ORIGIN, EMULATOR_PORT, HOST_DEMO_PORT } from './urls';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const buildDir = fileURLToPath(new URL('../.build/emulator', import.meta.url));

async function main(): Promise<void> {
  process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING ??= 'true';
  // A build sets NODE_ENV=production for the whole process, which would make the dev servers below production
  // ones (no import.meta.env.DEV, no test hooks).
  const nodeEnv = process.env.NODE_ENV;
  await build({
    configFile: `${repoRoot}vite.config.ts`,
    mode: 'emulator',
    logLevel: 'warn',
    build: { outDir: buildDir, emptyOutDir: true },
  });
  if (nodeEnv === undefined) delete process.env.NODE_ENV;
  else process.env.NODE_ENV = nodeEnv;
  // The sandbox frames the built console; the dev console checks tokens with the same secret.
  process.env.EMULATOR_URL = `${EMULATOR_ORIGIN}/agent/chat`;
  process.env.JWT_SECRET = E2E_JWT_SECRET;
  const dev = await startServers({ hostDemoPort: HOST_DEMO_PORT, emulatorPort: DEV_EMULATOR_PORT, quiet: true });
  const stop = new AbortController();
  const io = { out: (text: string) => process.stdout.write(text), err: (text: string) => process.stderr.write(text) };
  const served = cli(['serve', '--port', String(EMULATOR_PORT), '--jwt-secret', E2E_JWT_SECRET], io, {
    root: buildDir,
    stop: stop.signal,
  });
  const close = () => {
    stop.abort();
    void Promise.allSettled([served, dev.close()]).then(() => process.exit(0));
  };
  process.once('SIGTERM', close);
  process.once('SIGINT', close);
  const code = await served;
  if (code !== 0) {
    await dev.close();
    process.exit(code);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

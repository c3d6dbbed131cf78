import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig, type UserConfig } from 'vite';
import { jwtSecretSetting } from './emulator/auth/jwt-secret';
import { controlPlugin } from './server/control-plugin';

/**
 * One config, two apps: `--mode emulator` (the console stand-in) and `--mode host-demo` (the sandbox that
 * frames it from another site). Each gets its own cacheDir: two Vite servers in one process need that.
 * Without a mode (vitest) it only configures the unit tests.
 */
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export const ports = {
  hostDemo: Number(process.env.HOST_DEMO_PORT ?? 5173),
  emulator: Number(process.env.EMULATOR_PORT ?? 5174),
};

export const emulatorUrl = () => process.env.EMULATOR_URL ?? `http://127.0.0.1:${ports.emulator}/agent/chat`;

/**
 * The dev server's control plugin injects the JWT secret into the page's config (no module carries it, so no
 * other origin can fetch it); a JWT_SECRET the vendor's server would refuse (not Base64 of 32+ bytes) stops here.
 */
function devControlOptions(): { jwtSecret?: string } {
  const jwtSecret = jwtSecretSetting(process.env.JWT_SECRET, 'JWT_SECRET');
  return jwtSecret ? { jwtSecret } : {};
}

function app(name: 'emulator' | 'host-demo'): UserConfig {
  const isEmulator = name === 'emulator';
  return {
    root: here(`./${name}`),
    cacheDir: here(`./node_modules/.vite/${name}`),
    publicDir: isEmulator ? here('./emulator/public') : false,
    // Vendor paths (/desktop, /agent/chat, /agent/...) all fall back to the one page.
    appType: 'spa',
    plugins: isEmulator ? [preact(), controlPlugin(devControlOptions())] : [preact()],
    define: isEmulator ? {} : { __EMULATOR_URL__: JSON.stringify(emulatorUrl()) },
    server: {
      host: isEmulator ? '127.0.0.1' : 'localhost',
      port: isEmulator ? ports.emulator : ports.hostDemo,
      strictPort: true,
      // Vite's default CORS lets any page on another localhost port read /@vite/env and /@fs/ files. Nothing
      // here needs cross-origin reads: the host demo frames the emulator, it does not fetch from it.
      cors: false,
      // Under e2e a file edit or HMR reload mid-test would reset frames: serve a still tree.
      ...(process.env.NO_HMR ? { hmr: false, watch: null } : {}),
    },
    preview: {
      host: isEmulator ? '127.0.0.1' : 'localhost',
      port: isEmulator ? ports.emulator : ports.hostDemo,
      strictPort: true,
    },
    optimizeDeps: { include: ['preact', 'preact/hooks', 'preact/jsx-runtime', '@preact/signals', 'zod', 'jose'] },
    build: { outDir: here(`./dist/${name}`), emptyOutDir: true, target: 'es2022' },
  };
}

export default defineConfig(({ mode }) => {
  if (mode === 'emulator' || mode === 'host-demo') return app(mode);
  return {
    plugins: [preact()],
    test: {
      include: [
        'protocol/**/*.test.ts',
        'emulator/**/*.test.{ts,tsx}',
        'host-demo/**/*.test.ts',
        'server/**/*.test.ts',
        'tools/**/*.test.ts',
        'bench/**/*.test.ts',
      ],
      // A running `npm run mutate` keeps a copy of the whole project (its tests too) in tools/mutation/.out.
      exclude: ['**/node_modules/**', 'tools/mutation/.out/**'],
      environment: 'node',
    },
  };
});

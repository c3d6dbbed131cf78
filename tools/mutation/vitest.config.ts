import { defineConfig, mergeConfig } from 'vitest/config';
import base from '../../vite.config';

/**
 * The unit tests as `npm test` runs them, with a patient timeout: under Stryker's coverage instrumentation on a busy
 * machine, a property test that takes 1 s alone can pass 5 s, and a timeout in the initial run aborts the whole run.
 */
export default mergeConfig(
  // vite.config exports a function of the mode; the tests use the mode-less config.
  typeof base === 'function' ? base({ mode: 'test', command: 'serve' }) : base,
  defineConfig({ test: { testTimeout: 60_000, hookTimeout: 60_000 } }),
);

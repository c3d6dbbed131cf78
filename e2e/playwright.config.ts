import { fileURLToPath } from 'node:url';
import { defineConfig, devices } from '@playwright/test';
// Importing only reads paths: installing happens when ensure-chromium.ts is executed (npm run test:e2e).
import { CHROMIUM_ARGS, chromiumPath } from '../tools/ensure-chromium';
import {
  PARTITIONED_STORAGE,
  PARTITIONED_STORAGE_PROJECT,
  partitionedStorageLaunch,
  RELOAD,
} from './support/browser-settings';
import { EMULATOR_ORIGIN, HOST_ORIGIN } from './support/urls';

const isCI = Boolean(process.env.CI);
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
// agent-console-emulator/testing (testing/) then reuses the server below instead of starting its own per worker.
process.env.EMULATOR_URL ??= `${EMULATOR_ORIGIN}/agent/chat`;

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  // The parallel-CI suite runs on its own (e2e/parallel/run.ts): 8 workers against one serve.
  testIgnore: 'parallel/**',
  outputDir: '../test-results',
  fullyParallel: true,
  workers: 2,
  retries: isCI ? 1 : 0,
  forbidOnly: isCI,
  reporter: 'list',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  use: {
    baseURL: HOST_ORIGIN,
    headless: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    // Pages fulfilled by Playwright's router count as public, and Chromium's Local Network Access would block
    // their frames on 127.0.0.1; the published fixture grants the same (testing/index.ts).
    permissions: ['local-network-access'],
  },
  projects: [
    {
      // Chromium as Playwright launches it by default, as in an integrator's CI.
      name: 'chromium',
      grepInvert: new RegExp(PARTITIONED_STORAGE),
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
      },
    },
    {
      // The one deliberate browser setting (e2e/support/browser-settings.ts): storage partitioned as stock Chrome
      // has it, for the tests tagged with its name, and the reload tests again.
      name: PARTITIONED_STORAGE_PROJECT,
      grep: new RegExp(`${PARTITIONED_STORAGE}|${RELOAD}`),
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: partitionedStorageLaunch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS }),
      },
    },
  ],
  webServer: {
    // The built console behind `serve` (as integrators' CI runs it), the sandbox's and `npm start`'s dev servers.
    command: 'npx tsx e2e/support/servers.ts',
    cwd: repoRoot,
    env: { NO_HMR: '1' },
    url: `${EMULATOR_ORIGIN}/agent/chat`,
    reuseExistingServer: !isCI,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
  },
});

import { fileURLToPath } from 'node:url';
import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../../tools/ensure-chromium';

/**
 * Parallel CI as an integrator runs it (issue #12.7): many Playwright workers, one `serve` of the production
 * build, each test in its own world through the published fixture. Run by e2e/parallel/run.ts (npm run
 * test:e2e), which builds first; E2E_PARALLEL_PORT moves the server, PARALLEL_TESTS sizes the suite.
 */
const port = Number(process.env.E2E_PARALLEL_PORT ?? 5185);
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
process.env.EMULATOR_URL = `http://127.0.0.1:${port}/agent/chat`;

export default defineConfig({
  testDir: '.',
  testMatch: '*.parallel.ts',
  outputDir: '../../test-results/parallel',
  fullyParallel: true,
  workers: 8,
  retries: 0,
  reporter: 'dot',
  timeout: 30_000,
  use: {
    // The host pages: loopback, another site than the console's 127.0.0.1, served by Playwright's router.
    baseURL: `http://localhost:${port}`,
    headless: true,
    // Routed pages count as public for Local Network Access; the grant lets them frame 127.0.0.1.
    permissions: ['local-network-access'],
  },
  projects: [
    {
      name: 'chromium',
      use: { ...devices['Desktop Chrome'], launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS } },
    },
  ],
  webServer: {
    command: `npx tsx server/cli.ts serve --port ${port}`,
    cwd: repoRoot,
    url: `http://127.0.0.1:${port}/agent/chat`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});

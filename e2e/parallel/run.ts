/**
 * Parallel CI, proven (issue #12.7), as `npm run test:e2e` runs it after the main suite:
 *  1. the production build, unless it is newer than every source file;
 *  2. PARALLEL_TESTS tests on 8 workers against one `serve` (e2e/parallel/playwright.config.ts);
 *  3. the two halves of a small suite, `--shard=1/2` and `--shard=2/2`, at the same time, each with its own
 *     `serve`, as a CI matrix runs them.
 * Exits non-zero when any run fails. E2E_PARALLEL_PORT (default 5185) and the next two ports are used.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const base = Number(process.env.E2E_PARALLEL_PORT ?? 5185);
const config = 'e2e/parallel/playwright.config.ts';

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

function run(label: string, command: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: 'inherit' });
    child.on('exit', (code) => {
      console.log(`parallel: ${label} ${code === 0 ? 'passed' : `failed (${code})`} in ${Date.now() - started} ms`);
      resolve(code ?? 1);
    });
  });
}

async function main(): Promise<number> {
  const built = join(root, 'dist/emulator/index.html');
  const sources = Math.max(...['emulator', 'protocol'].map((dir) => newest(join(root, dir))));
  if (!existsSync(built) || statSync(built).mtimeMs < sources) {
    const code = await run('build', 'npx', ['vite', 'build', '--mode', 'emulator', '--logLevel', 'warn']);
    if (code !== 0) return code;
  }
  const all = await run('8 workers × one serve', 'npx', ['playwright', 'test', '-c', config, '--workers=8'], {
    E2E_PARALLEL_PORT: String(base),
  });
  const shards = await Promise.all(
    [1, 2].map((n) =>
      run(`--shard=${n}/2`, 'npx', ['playwright', 'test', '-c', config, `--shard=${n}/2`, '--workers=2'], {
        E2E_PARALLEL_PORT: String(base + n),
        PARALLEL_TESTS: '4',
      }),
    ),
  );
  return [all, ...shards].some((code) => code !== 0) ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);

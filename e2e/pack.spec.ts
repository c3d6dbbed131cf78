/**
 * The published package, as an integrator gets it: `npm pack` (which runs the full build through prepack), the
 * tarball installed into an empty folder, and `npx agent-console-emulator` run from there. Nothing from this
 * repository is on that folder's path, so what works here works after `npm publish`.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { serveSite } from '../bench/static-server';
import { VENDOR_DEFAULT_JWT_SECRET } from '../emulator/auth/jwt-secret';
import { createWorld } from '../emulator/world';
import { chromiumPath } from '../tools/ensure-chromium';
import { HOST_ORIGIN, OTHER_JWT_SECRET } from './support/urls';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('..', import.meta.url));
/** The served console: E2E_PACK_PORT, else the port after the e2e emulator's. */
const SERVE_PORT = Number(process.env.E2E_PACK_PORT ?? Number(process.env.E2E_EMULATOR_PORT ?? 5184) + 1);
const SERVE_ORIGIN = `http://127.0.0.1:${SERVE_PORT}`;
/** serve runs with the vendor's open-source default secret, as a default vendor server does. */
const SECRET = VENDOR_DEFAULT_JWT_SECRET;
/** The vendor doc's sample token: signed under that secret (vendor-evidence §3.1), expired since 2025-08-16. */
const DOC_TOKEN =
  'eyJhbGciOiJIUzM4NCJ9.eyJzdWIiOiJ7XCJwbGF0Zm9ybVwiOlwiYnl0ZWRlc2tcIixcInVzZXJuYW1lXCI6XCJhZG1pbkBlbWFpbC5jb21cIn0iLCJpYXQiOjE3NTI3MjQ4MzIsImV4cCI6MTc1NTMxNjgzMn0.3Q5ZXyNHImEGCErPkRXWG6rnFK1F_z77kTE6iRlpKmzUAtRpJZinjM_O0J0GebtM';
/** An allowed host (the e2e host origin) and one that is not. */
const ALLOWED_HOST = HOST_ORIGIN;
const OTHER_HOST = `http://localhost:${SERVE_PORT + 1}`;

const env = { ...process.env, npm_config_update_notifier: 'false', PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' };

let work: string;
let consumer: string;
let tarball: string;
let serve: ChildProcess | undefined;
let serveOutput = '';
let readyAfterMs = 0;

async function npm(args: string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await run('npm', args, { cwd, env, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`npm ${args.join(' ')} failed in ${cwd}:\n${stdout.slice(-3000)}\n${stderr.slice(-3000)}`);
  }
}

/** The command an integrator types, run in the consumer folder. */
function npx(args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run('npx', ['agent-console-emulator', ...args], { cwd: consumer, env });
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  work = mkdtempSync(join(tmpdir(), 'pack-spec-'));
  consumer = join(work, 'consumer');
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));

  let started = Date.now();
  await npm(['pack', '--pack-destination', work], repo);
  tarball = readdirSync(work).find((name) => name.endsWith('.tgz')) ?? '';
  if (!tarball) throw new Error(`npm pack left no tarball in ${work}`);
  console.log(`pack: npm pack (with the prepack build) took ${Date.now() - started} ms`);

  started = Date.now();
  await npm(['install', '--no-audit', '--no-fund', '--prefer-offline', join(work, tarball)], consumer);
  console.log(`pack: npm install of the tarball into an empty folder took ${Date.now() - started} ms`);

  started = Date.now();
  serve = spawn(
    'npx',
    [
      'agent-console-emulator',
      'serve',
      '--port',
      String(SERVE_PORT),
      '--seed',
      '3',
      '--jwt-secret',
      SECRET,
      '--allow-origin',
      ALLOWED_HOST,
    ],
    // Its own process group, so that the whole npx → node chain can be signalled by this one id.
    { cwd: consumer, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  serve.stdout?.on('data', (chunk) => {
    serveOutput += chunk;
  });
  serve.stderr?.on('data', (chunk) => {
    serveOutput += chunk;
  });
  await expect.poll(() => serveOutput, { timeout: 30_000, message: 'serve prints its URL' }).toContain(`ready in`);
  readyAfterMs = Date.now() - started;
  console.log(`pack: npx agent-console-emulator serve was ready ${readyAfterMs} ms after spawning`);
  console.log(`pack: serve says: ${serveOutput.split('\n')[0]}`);
});

test.afterAll(async () => {
  if (serve?.pid && serve.exitCode === null && serve.signalCode === null) process.kill(-serve.pid, 'SIGTERM');
  if (work) rmSync(work, { recursive: true, force: true });
});

test('the packed CLI serves only the production build, at the vendor paths, and is ready fast', async ({ request }) => {
  const [, selfReported, url] = /ready in (\d+) ms: (\S+)/.exec(serveOutput) ?? [];
  expect(url).toBe(`${SERVE_ORIGIN}/agent/chat`);
  test
    .info()
    .annotations.push(
      { type: 'serve: ready (own report, from process start)', description: `${selfReported} ms` },
      { type: 'serve: ready (from spawning npx)', description: `${readyAfterMs} ms` },
    );
  // The CLI counts from its own process start (Node's boot included; a few hundred ms on a quiet machine); npx
  // adds its own start-up on top. The bound is loose because e2e shares the CPUs with the browsers.
  expect(Number(selfReported)).toBeLessThan(2000);

  const page = await request.get(`${SERVE_ORIGIN}/agent/chat`);
  expect(page.status()).toBe(200);
  expect(page.headers()['content-security-policy']).toBe(`frame-ancestors ${ALLOWED_HOST}`);
  const html = await page.text();
  // Hashed production assets, and no Vite dev client: nothing but the build is served.
  expect(html).toMatch(/<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js"><\/script>/);
  expect(html).not.toContain('/@vite/client');
  for (const path of ['/desktop', '/agent/auth/login', '/agent/anything']) {
    expect((await request.get(`${SERVE_ORIGIN}${path}`)).status(), path).toBe(200);
  }
});

test('the served console runs seed 3’s world and its test API works', async ({ page }) => {
  await page.goto(`${SERVE_ORIGIN}/agent/chat`);
  await page.waitForFunction(() => typeof window.emulator === 'object');
  const state = await page.evaluate(() => window.emulator.state());

  const world = (seed: number) => createWorld({ seed, scenario: 'demo', now: Date.now() });
  const expected = world(3);
  expect(expected.agent.uid).not.toBe(world(1).agent.uid);
  expect(state.agent.uid).toBe(expected.agent.uid);
  expect(state.threads.map((t) => t.uid).sort()).toEqual(Object.keys(expected.threads).sort());

  const thread = await page.evaluate(() => window.emulator.visitorArrives({ nickname: 'Packed' }));
  expect(thread.user.nickname).toBe('Packed');
  expect((await page.evaluate(() => window.emulator.state())).threads.map((t) => t.uid)).toContain(thread.uid);
});

test('a token from the packed CLI logs in on serve with the same --jwt-secret; another secret is refused', async ({
  page,
}) => {
  const { stdout } = await npx(['token', '--username', 'alice@example.com', '--jwt-secret', SECRET]);
  const token = stdout.trim();
  expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  await page.goto(`${SERVE_ORIGIN}/agent/auth/login?accessToken=${token}`);
  await page.waitForFunction(() => typeof window.emulator === 'object');
  expect(page.url()).toBe(`${SERVE_ORIGIN}/agent/chat`);
  expect((await page.evaluate(() => window.emulator.state())).agent.email).toBe('alice@example.com');

  const forged = (await npx(['token', '--username', 'mallory', '--jwt-secret', OTHER_JWT_SECRET])).stdout.trim();
  await page.goto(`${SERVE_ORIGIN}/agent/chat?accessToken=${forged}`);
  await expect(page.getByTestId('login-error')).toHaveAttribute('data-problem', 'signature');

  // The vendor doc's own token under the vendor's default secret: genuine, so refused only as expired, with when.
  await page.goto(`${SERVE_ORIGIN}/agent/auth/login?accessToken=${DOC_TOKEN}&lang=en`);
  await expect(page.getByTestId('login-error')).toHaveAttribute('data-problem', 'expired');
  await expect(page.getByTestId('login-error-expired')).toHaveText('The token expired at 2025-08-16T04:00:32Z.');
});

test('bad flags exit 2 with a message naming the flag, the expectation and the value', async () => {
  const error = await npx(['serve', '--seed', 'three']).catch((e: unknown) => e);
  expect(error).toMatchObject({
    code: 2,
    stderr: expect.stringContaining('serve: --seed must be an integer from 0 to 4294967295; got "three".'),
  });
  const secret = await npx(['serve', '--jwt-secret', 'pack-spec-secret']).catch((e: unknown) => e);
  expect(secret).toMatchObject({
    code: 2,
    stderr: expect.stringMatching(/serve: --jwt-secret must be Base64 .*; got "pack-spec-secret", which has "-"/),
  });
});

function hostHtml(consoleUrl: string): string {
  return `<!doctype html><html><body><iframe id="console" src="${consoleUrl}" width="900" height="600"></iframe>
<script>
  window.received = [];
  addEventListener('message', (event) => {
    if (event.origin === ${JSON.stringify(SERVE_ORIGIN)}) window.received.push(event.data);
  });
</script></body></html>`;
}

test('--allow-origin: the pinned host frames and commands the console; any other site cannot frame it', async ({
  page,
}) => {
  const consoleUrl = `${SERVE_ORIGIN}/agent/chat?autopilot=0`;
  await page.route(`${ALLOWED_HOST}/pack-host.html`, (route) =>
    route.fulfill({ contentType: 'text/html', body: hostHtml(consoleUrl) }),
  );
  await page.goto(`${ALLOWED_HOST}/pack-host.html`);
  await expect.poll(() => page.frames().some((f) => f.url().startsWith(SERVE_ORIGIN))).toBe(true);
  const frame = page.frames().find((f) => f.url().startsWith(SERVE_ORIGIN));
  await frame?.waitForFunction(() => typeof window.emulator === 'object');
  await page.evaluate((origin) => {
    const iframe = document.getElementById('console') as HTMLIFrameElement;
    iframe.contentWindow?.postMessage({ type: 'update_agent_status_busy' }, origin);
  }, SERVE_ORIGIN);
  await expect
    .poll(() =>
      page.evaluate(() =>
        (window as unknown as { received: Array<{ type: string; data: { status?: string } }> }).received
          .filter((e) => e.type === 'agent_status_changed')
          .map((e) => e.data.status),
      ),
    )
    .toContain('BUSY');

  const other = await page.context().newPage();
  const refusals: string[] = [];
  other.on('console', (message) => {
    if (/frame-ancestors/.test(message.text())) refusals.push(message.text());
  });
  await other.route(`${OTHER_HOST}/pack-host.html`, (route) =>
    route.fulfill({ contentType: 'text/html', body: hostHtml(consoleUrl) }),
  );
  await other.goto(`${OTHER_HOST}/pack-host.html`);
  await expect.poll(() => refusals.length, { message: 'Chromium refuses the frame by its CSP' }).toBeGreaterThan(0);
  for (const f of other.frames()) {
    expect(await f.evaluate(() => typeof (window as { emulator?: unknown }).emulator).catch(() => 'gone')).not.toBe(
      'object',
    );
  }
});

test('the packed entries import in Node and typecheck under moduleResolution nodenext', async () => {
  test.setTimeout(180_000);
  const { stdout } = await run(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const p = await import('agent-console-emulator/protocol');
       console.log(JSON.stringify(p.parseCommand({ type: 'update_agent_status', data: { status: 'ONLINE' } })));`,
    ],
    { cwd: consumer, env },
  );
  expect(JSON.parse(stdout)).toEqual({
    ok: false,
    kind: 'invalid',
    reason: 'update_agent_status: data.status must be one of AVAILABLE, BUSY, OFFLINE; got "ONLINE"',
  });

  // The testing entry needs its peer; the integrator installs it (here from the npm cache).
  const playwrightVersion = (createRequire(import.meta.url)('@playwright/test/package.json') as { version: string })
    .version;
  await npm(
    ['install', '--no-audit', '--no-fund', '--prefer-offline', `@playwright/test@${playwrightVersion}`],
    consumer,
  );
  const testing = await run(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const t = await import('agent-console-emulator/testing'); console.log(typeof t.test.extend, typeof t.expectEvent);`,
    ],
    { cwd: consumer, env },
  );
  expect(testing.stdout.trim()).toBe('function function');

  writeFileSync(
    join(consumer, 'use-protocol.ts'),
    `import { connectAgentConsole, parseCommand, type AgentStatus } from 'agent-console-emulator/protocol';
const status: AgentStatus = 'BUSY';
const parsed = parseCommand({ type: 'update_agent_status', data: { status } });
if (parsed.ok) parsed.value.type.toUpperCase();
declare const iframe: HTMLIFrameElement;
connectAgentConsole(iframe).on('unread_message_count', (d) => d.totalUnreadCount.toFixed());
// @ts-expect-error: the iframe API takes no ONLINE
export const wrong: AgentStatus = 'ONLINE';
`,
  );
  writeFileSync(
    join(consumer, 'use-testing.ts'),
    `import { test, expectEvent, expectNoViolations } from 'agent-console-emulator/testing';
test('typed', async ({ page, emulatorServer, consoleFrame }) => {
  await page.goto(emulatorServer.consoleUrl({ seed: 3 }));
  const frame = await consoleFrame();
  const thread = await frame.call('visitorArrives', { nickname: 'Ann' });
  await expectEvent(page, 'new_visitor_message', (d) => d.thread.uid === thread.uid);
  await expectNoViolations(frame);
});
`,
  );
  const compilerOptions = {
    module: 'nodenext',
    moduleResolution: 'nodenext',
    target: 'es2022',
    lib: ['es2023', 'dom'],
    strict: true,
    noEmit: true,
    types: [],
  };
  // protocol: strict all the way down, the package's own declarations included.
  writeFileSync(
    join(consumer, 'tsconfig.protocol.json'),
    JSON.stringify({ compilerOptions: { ...compilerOptions, skipLibCheck: false }, files: ['use-protocol.ts'] }),
  );
  // testing: Playwright's own declarations need @types/node, which an integrator has and this folder has not.
  writeFileSync(
    join(consumer, 'tsconfig.testing.json'),
    JSON.stringify({ compilerOptions: { ...compilerOptions, skipLibCheck: true }, files: ['use-testing.ts'] }),
  );
  const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin/tsc');
  for (const project of ['tsconfig.protocol.json', 'tsconfig.testing.json']) {
    const result = await run(process.execPath, [tsc, '-p', project], { cwd: consumer }).catch(
      (e: { stdout?: string }) => ({ stdout: e.stdout ?? String(e) }),
    );
    expect(result.stdout, project).toBe('');
  }
});

/** The code block that follows `marker` in the README, without its fences. */
function readmeBlock(marker: string): string {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  const block = new RegExp(`<!-- ${marker}[^>]*-->\\s*\`\`\`\\w+\\n([\\s\\S]*?)\`\`\`\\n`).exec(readme)?.[1];
  if (!block) throw new Error(`README.md has no code block after <!-- ${marker} … -->`);
  return block;
}

test("the README's fixture steps, run as written in a fresh folder against the tarball, pass", async () => {
  test.setTimeout(240_000);
  const folder = join(work, 'readme-steps');
  mkdirSync(folder);
  // The README installs the tarball from the folder itself; its file name is the one `npm pack` made.
  copyFileSync(join(work, tarball), join(folder, tarball));
  writeFileSync(join(folder, 'console.spec.ts'), readmeBlock('fixture-spec'));
  const port = SERVE_PORT + 3;
  // This machine has no network and a system Chromium: `npx playwright install chromium` is skipped and the test
  // run is pointed at that browser by a config that changes nothing else. Elsewhere the line runs as written.
  const system = chromiumPath();
  if (system) {
    writeFileSync(
      join(folder, 'system-chromium.config.js'),
      `export default { use: { launchOptions: { executablePath: ${JSON.stringify(system)} } } };\n`,
    );
  }
  const stepEnv = { ...env, npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false' };
  let server: ChildProcess | undefined;
  let serverOutput = '';
  try {
    for (const written of readmeBlock('fixture-steps').trim().split('\n')) {
      const line = written.replaceAll('5174', String(port));
      if (line === 'npx playwright install chromium' && system) continue;
      const started = Date.now();
      if (line.endsWith('&')) {
        server = spawn('sh', ['-c', line.slice(0, -1)], {
          cwd: folder,
          env: stepEnv,
          detached: true,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        server.stdout?.on('data', (chunk) => {
          serverOutput += chunk;
        });
        server.stderr?.on('data', (chunk) => {
          serverOutput += chunk;
        });
        await expect.poll(() => serverOutput, { timeout: 30_000, message: line }).toContain('ready in');
      } else {
        const command = system && line.endsWith('npx playwright test') ? `${line} -c system-chromium.config.js` : line;
        const result = await run('sh', ['-c', command], {
          cwd: folder,
          env: stepEnv,
          maxBuffer: 64 * 1024 * 1024,
        }).catch((error: { stdout?: string; stderr?: string }) => {
          throw new Error(`README step failed: ${command}\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
        });
        if (line.includes('playwright test')) expect(result.stdout).toContain('1 passed');
      }
      console.log(`pack: README step \`${line}\` took ${Date.now() - started} ms`);
    }
    expect(JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')).type).toBe('module');
  } finally {
    if (server?.pid && server.exitCode === null) process.kill(-server.pid, 'SIGTERM');
  }
});

test("a static copy of the build, framed from another site in Playwright's default Chromium, says the world will not survive a reload", async ({
  page,
}) => {
  // No server of this project: the built files as any static file server would serve them.
  const root = join(consumer, 'node_modules', 'agent-console-emulator', 'dist', 'emulator');
  const site = await serveSite({
    host: '127.0.0.1',
    port: SERVE_PORT + 2,
    mounts: { '/': root },
    spa: { index: join(root, 'index.html'), paths: /^\/(desktop|agent)(\/|$)/ },
  });
  try {
    const consoleUrl = `${site.origin}/agent/chat?autopilot=0&lang=en`;
    await page.route(`${ALLOWED_HOST}/static-host.html`, (route) =>
      route.fulfill({ contentType: 'text/html', body: hostHtml(consoleUrl) }),
    );
    await page.goto(`${ALLOWED_HOST}/static-host.html`);
    await expect.poll(() => page.frames().some((f) => f.url().startsWith(site.origin))).toBe(true);
    const frame = page.frames().find((f) => f.url().startsWith(site.origin));
    if (!frame) throw new Error('no console frame');
    await frame.waitForFunction(() => typeof window.emulator === 'object');

    const notice = frame.getByTestId('notice').filter({ hasText: 'The world will not survive a reload' });
    await expect(notice).toBeVisible();
    await expect(notice).toContainText('denies the console its localStorage (SecurityError');
    if (!(await frame.getByTestId('inspector').isVisible())) await frame.getByTestId('emulator-toggle').click();
    await expect(frame.getByTestId('inspector-world')).toContainText(
      'the world will not survive a reload: this browser denies the console its localStorage (SecurityError',
    );

    // And it is true: a visitor who arrived is gone after a reload.
    const thread = await frame.evaluate(() => window.emulator.visitorArrives({ nickname: 'Gone' }));
    await frame.evaluate(() => {
      (window as unknown as { beforeReload: boolean }).beforeReload = true;
      location.reload();
    });
    const again = page.frames().find((f) => f.url().startsWith(site.origin)) ?? frame;
    await again.waitForFunction(() => !('beforeReload' in window) && typeof window.emulator === 'object');
    const uids = await again.evaluate(() => window.emulator.state().threads.map((t) => t.uid));
    expect(uids).not.toContain(thread.uid);
  } finally {
    await site.close();
  }
});

test('Ctrl-C stops serve and frees the port', async ({ request }) => {
  const child = serve;
  if (!child?.pid) throw new Error('serve is not running');
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  process.kill(-child.pid, 'SIGINT');
  await exited;
  await expect.poll(() => serveOutput).toContain('SIGINT: stopping');
  await expect
    .poll(() =>
      request.get(`${SERVE_ORIGIN}/agent/chat`).then(
        (r) => `answered ${r.status()}`,
        (e: Error) => e.message,
      ),
    )
    .toContain('ECONNREFUSED');
});

import type { APIRequestContext, Page } from '@playwright/test';
import type { Thread } from '../protocol';
import {
  test as base,
  type ConsoleParams,
  consoleEvents,
  type EmulatorServer,
  expect,
  expectEvent,
  findConsoleFrame,
  startEmulator,
} from '../testing';
import { RELOAD } from './support/browser-settings';

/**
 * The HTTP control API as CI uses it: plain requests against the dev server's /__emulator/ while emulator pages
 * are open. A private server per worker, so that "several worlds" means this file's worlds only; each test
 * works in its own world (the fixture's `controlUrl` and `consoleUrl` name it).
 */
const test = base.extend<object, { emulatorServer: EmulatorServer }>({
  emulatorServer: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern.
    async ({}, use) => {
      const running = await startEmulator();
      await use(running.server);
      await running.close();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
});

// One worker, one private server, tests in order.
test.describe.configure({ mode: 'default' });

async function openConsole(page: Page, server: EmulatorServer, params: ConsoleParams) {
  await page.route('/control-host.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><iframe src="${server.consoleUrl(params)}" width="1000" height="700"></iframe>`,
    }),
  );
  await page.goto('/control-host.html');
  const frame = await findConsoleFrame(page, server.origin);
  // The console has loaded once it announced its unread state; it opens its control stream after its first paint,
  // a little later, and the server lists the page only then (a call before it found no page: flaky once in CI).
  await expectEvent(page, 'unread_message_count');
  const pages = params.world ? `${server.origin}/__emulator/w/${params.world}/pages` : `${server.controlUrl}pages`;
  await expect
    .poll(async () => ((await (await page.request.get(pages)).json()) as { pages: unknown[] }).pages.length)
    .toBeGreaterThan(0);
  return frame;
}

interface Listed {
  id: string;
  world: string;
  url: string;
  connectedAt: string;
}

test('a world nobody opened answers 404; a call that needs a page says so with 503 naming the world', async ({
  page,
  request,
  emulatorServer,
  world,
}) => {
  const nobody = await request.get(`${emulatorServer.controlUrl}state`);
  expect(nobody.status()).toBe(404);
  expect((await nobody.json()).error).toMatch(new RegExp(`^no world ${world}: no page of it has connected or saved`));

  await openConsole(page, emulatorServer, { scenario: 'empty' });
  await page.close();
  await expect
    .poll(async () => (await request.get(`${emulatorServer.controlUrl}pages`)).json())
    .toEqual({
      world,
      pages: [],
    });
  const call = await request.post(`${emulatorServer.controlUrl}visitor-arrives`, { data: {} });
  expect(call.status()).toBe(503);
  expect(await call.json()).toEqual({
    world,
    error: `world ${world} has no page open, and visitor-arrives needs one: open the console with ?world=${world}`,
  });
});

test('GET state answers the open page’s world', async ({ page, request, emulatorServer, world }) => {
  const frame = await openConsole(page, emulatorServer, { seed: 5, scenario: 'busy-queue' });
  await expect
    .poll(async () => (await (await request.get(`${emulatorServer.controlUrl}state`)).json()).page)
    .not.toBeNull();
  const answer = await (await request.get(`${emulatorServer.controlUrl}state`)).json();
  expect(answer.world).toBe(world);
  const state = await frame.call('state');
  expect(answer.value.totalUnreadCount).toBe(state.totalUnreadCount);
  expect(answer.value.threads.map((t: Thread) => t.uid)).toEqual(state.threads.map((t) => t.uid));
  expect(answer.value.threads.filter((t: Thread) => t.status === 'QUEUING')).toHaveLength(3);
});

test('POST visitor-arrives reaches the host page as new_visitor_message', async ({ page, request, emulatorServer }) => {
  await openConsole(page, emulatorServer, { scenario: 'empty' });
  await connected(request, emulatorServer, 1);
  const response = await request.post(`${emulatorServer.controlUrl}visitor-arrives`, {
    data: { nickname: 'CI visitor', content: 'from curl' },
  });
  expect(response.status()).toBe(200);
  const thread = (await response.json()).value as Thread;
  expect(thread.user.nickname).toBe('CI visitor');
  const event = await expectEvent(page, 'new_visitor_message', (data) => data.thread.uid === thread.uid);
  // A routed thread's preview is the server's welcome text (S13); 'from curl' is the visitor's unread line.
  expect(event.data.thread.content).toBe('您好，有什么可以帮您？');
  expect(event.data.thread.unreadCount).toBe(1);
});

// Fails on the old code: an unnamed call went to the newest page, whichever test (or site) had opened it.
test('two worlds: an unnamed call is refused with 409 listing them; a named one reaches its own world only', async ({
  page,
  context,
  request,
  emulatorServer,
  world,
}) => {
  const first = await openConsole(page, emulatorServer, { scenario: 'empty', world: `${world}-a` });
  const secondPage = await context.newPage();
  const second = await openConsole(secondPage, emulatorServer, { scenario: 'empty', world: `${world}-b` });
  const control = `${emulatorServer.origin}/__emulator/`;
  await expect
    .poll(async () => ((await (await request.get(`${control}pages`)).json()).pages as Listed[]).map((p) => p.world))
    .toEqual(expect.arrayContaining([`${world}-a`, `${world}-b`]));

  const unnamed = await request.post(`${control}visitor-arrives`, { data: { nickname: 'nobody’s' } });
  expect(unnamed.status()).toBe(409);
  expect((await unnamed.json()).worlds).toEqual(expect.arrayContaining([`${world}-a`, `${world}-b`]));

  const named = await request.post(`${control}w/${world}-a/visitor-arrives`, { data: { nickname: 'for a' } });
  expect((await named.json()).world).toBe(`${world}-a`);
  await expectEvent(page, 'new_visitor_message', (d) => d.thread.user?.nickname === 'for a');
  expect((await first.call('state')).threads.map((t) => t.user.nickname)).toEqual(['for a']);
  expect((await second.call('state')).threads).toEqual([]);
});

test('bad arguments answer 400 with the field, the expectation and the value; refusals 422', async ({
  page,
  request,
  emulatorServer,
}) => {
  await openConsole(page, emulatorServer, { scenario: 'empty' });
  await connected(request, emulatorServer, 1);
  const bad = await request.post(`${emulatorServer.controlUrl}visitor-sends`, {
    data: { threadUid: 42, content: 'x' },
  });
  expect(bad.status()).toBe(400);
  expect(await bad.json()).toEqual({ error: 'visitor-sends: threadUid must be a string; got 42' });

  const unknown = await request.post(`${emulatorServer.controlUrl}accept`, { data: { threadUid: 'no-such-thread' } });
  expect(unknown.status()).toBe(422);
  expect((await unknown.json()).error).toContain('no-such-thread');
});

test('a reloaded page keeps its id and its world, so CI can go on addressing it', { tag: RELOAD }, async ({
  page,
  request,
  emulatorServer,
}) => {
  const frame = await openConsole(page, emulatorServer, { scenario: 'empty' });
  const [before] = await connected(request, emulatorServer, 1);
  const arrived = await request.post(`${emulatorServer.controlUrl}visitor-arrives`, { data: { nickname: 'kept' } });
  expect(arrived.status()).toBe(200);

  await frame.frame.evaluate(() => location.reload());
  await expect
    .poll(async () =>
      (await connected(request, emulatorServer)).map((p) => [p.id, p.connectedAt !== before?.connectedAt]),
    )
    .toEqual([[before?.id, true]]);
  const state = await (await request.get(`${emulatorServer.controlUrl}state?page=${before?.id}`)).json();
  expect(state.value.threads.map((t: Thread) => t.user.nickname)).toEqual(['kept']);
});

// Fails on the old code: reads needed a connected page, and nothing outlived it but the browser's storage.
test('the world outlives its page: reads answer from the server’s copy, and the next page resumes it', async ({
  page,
  context,
  request,
  emulatorServer,
}) => {
  await openConsole(page, emulatorServer, { scenario: 'empty' });
  await connected(request, emulatorServer, 1);
  const thread = (await (await request.post(`${emulatorServer.controlUrl}visitor-arrives`, { data: {} })).json())
    .value as Thread;
  await page.close();
  await connected(request, emulatorServer, 0);

  // The page's last save travels on its own request as the page goes away (keepalive), and may land just after the
  // page's stream has closed: the server's copy is read until it holds the visitor, and must come to hold it.
  const read = async () => (await request.get(`${emulatorServer.controlUrl}state`)).json();
  await expect
    .poll(async () => (await read()).value.threads.map((t: Thread) => t.uid), { message: 'the server copy' })
    .toEqual([thread.uid]);
  const state = await read();
  expect(state.page).toBeNull();
  const log = await (await request.get(`${emulatorServer.controlUrl}log`)).json();
  expect(log.value.map((e: { type: string }) => e.type)).toContain('new_visitor_message');

  const again = await openConsole(await context.newPage(), emulatorServer, { scenario: 'empty' });
  expect((await again.call('state')).threads.map((t) => t.uid)).toEqual([thread.uid]);
});

/** Waits until the test's world has `count` pages connected (any count when undefined) and lists them. */
async function connected(request: APIRequestContext, server: EmulatorServer, count?: number): Promise<Listed[]> {
  let pages: Listed[] = [];
  await expect
    .poll(async () => {
      pages = (await (await request.get(`${server.controlUrl}pages`)).json()).pages;
      return count === undefined || pages.length === count;
    })
    .toBe(true);
  return pages;
}

// Fails on the old code: any site could frame the console, whose page then became the newest one, the target of
// every call that named no page.
test('a site that is not loopback cannot frame the console, so its frame never registers or takes calls', async ({
  page,
  request,
  emulatorServer,
}) => {
  await page.route('http://evil.test/frame.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><iframe src="${emulatorServer.consoleUrl({ scenario: 'empty' })}"></iframe>`,
    }),
  );
  await page.goto('http://evil.test/frame.html');
  // The browser refuses to show it: frame-ancestors (and, for a public site, Local Network Access) leave the frame
  // on the browser's error page, whichever of the two speaks first under the browser's settings.
  await expect
    .poll(() =>
      page
        .frames()
        .filter((f) => f !== page.mainFrame())
        .map((f) => f.url()),
    )
    .toEqual(['chrome-error://chromewebdata/']);
  // As a frame asks for it: the dev server sets the policy on document and iframe requests.
  const asFrame = { headers: { 'sec-fetch-dest': 'iframe' } };
  const csp = (await request.get(emulatorServer.consoleUrl({ scenario: 'empty' }), asFrame)).headers()[
    'content-security-policy'
  ];
  expect(csp).toMatch(/frame-ancestors 'self' http:\/\/localhost:\*/);
  expect(csp).not.toContain('evil.test');
  expect(await (await request.get(`${emulatorServer.controlUrl}pages`)).json()).toMatchObject({ pages: [] });
});

test('POST reload reloads the console: the world survives, the initial sync comes again; GET counts totals', async ({
  page,
  request,
  emulatorServer,
}) => {
  const frame = await openConsole(page, emulatorServer, { scenario: 'empty' });
  const arrived = await request.post(`${emulatorServer.controlUrl}visitor-arrives`, { data: { nickname: 'Stays' } });
  const thread = (await arrived.json()).value as Thread;
  const counts = await (await request.get(`${emulatorServer.controlUrl}counts`)).json();
  // The initial sync, the new visitor and its unread change.
  expect(counts.value).toEqual({ ok: 0, violation: 0, warning: 0, foreign: 0, 'rejected-origin': 0, early: 0, out: 3 });

  const reload = await request.post(`${emulatorServer.controlUrl}reload`, { data: {} });
  expect(reload.status()).toBe(200);
  // A reload is a boot: the dev server's unbundled console takes seconds on a busy machine.
  await expect
    .poll(() => consoleEvents(page, 'unread_message_count').then((e) => e.length), { timeout: 20_000 })
    .toBe(3);
  const reloaded = await findConsoleFrame(page, emulatorServer.origin, { timeout: 20_000 });
  expect((await reloaded.call('state')).threads.map((t) => t.uid)).toEqual([thread.uid]);
  expect(frame.frame).toBe(reloaded.frame);
});

import type { Page } from '@playwright/test';
import type { Thread } from '../protocol';
import {
  test as base,
  type ConsoleParams,
  type EmulatorServer,
  expect,
  expectEvent,
  findConsoleFrame,
  startEmulator,
} from './fixture';

/**
 * The HTTP control API as CI uses it: plain requests against the dev server's /__emulator/ while emulator pages
 * are open. A private server per worker, so that "the most recent page" and "no page" mean this file's pages only.
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
  // The page is listed once its stream is open; the console has loaded once it announced its unread state.
  await expectEvent(page, 'unread_message_count');
  return frame;
}

interface Listed {
  id: string;
  url: string;
  connectedAt: string;
}

test('no page connected: every call answers 503', async ({ request, emulatorServer }) => {
  // A page of the previous test may still be closing.
  await expect
    .poll(async () => (await (await request.get(`${emulatorServer.controlUrl}pages`)).json()).pages)
    .toEqual([]);
  const response = await request.get(`${emulatorServer.controlUrl}state`);
  expect(response.status()).toBe(503);
  expect(await response.json()).toEqual({ error: 'no emulator page is connected' });
});

test('GET state answers the open page’s world', async ({ page, request, emulatorServer }) => {
  const frame = await openConsole(page, emulatorServer, { seed: 5, scenario: 'busy-queue' });
  await expect.poll(async () => (await request.get(`${emulatorServer.controlUrl}state`)).status()).toBe(200);
  const { value } = await (await request.get(`${emulatorServer.controlUrl}state`)).json();
  const state = await frame.call('state');
  expect(value.totalUnreadCount).toBe(state.totalUnreadCount);
  expect(value.threads.map((t: Thread) => t.uid)).toEqual(state.threads.map((t) => t.uid));
  expect(value.threads.filter((t: Thread) => t.status === 'QUEUING')).toHaveLength(3);
});

test('POST visitor-arrives reaches the host page as new_visitor_message', async ({ page, request, emulatorServer }) => {
  await openConsole(page, emulatorServer, { scenario: 'empty' });
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

test('?page=<id> targets one of two pages; without it the most recent answers', async ({
  page,
  context,
  request,
  emulatorServer,
}) => {
  const first = await openConsole(page, emulatorServer, { scenario: 'empty', seed: 1 });
  const secondPage = await context.newPage();
  const second = await openConsole(secondPage, emulatorServer, { scenario: 'empty', seed: 2 });

  let listed: { default: string; pages: Listed[] } = { default: '', pages: [] };
  await expect
    .poll(async () => {
      listed = await (await request.get(`${emulatorServer.controlUrl}pages`)).json();
      return listed.pages.length;
    })
    .toBe(2);
  const older = listed.pages.find((p) => p.url.includes('seed=1')) as Listed;
  const newer = listed.pages.find((p) => p.url.includes('seed=2')) as Listed;
  expect(listed.default).toBe(newer.id);

  const targeted = await request.post(`${emulatorServer.controlUrl}visitor-arrives?page=${older.id}`, {
    data: { nickname: 'for the first page' },
  });
  expect((await targeted.json()).page).toBe(older.id);
  await expectEvent(page, 'new_visitor_message', (d) => d.thread.user?.nickname === 'for the first page');
  expect((await first.call('state')).threads.map((t) => t.user.nickname)).toEqual(['for the first page']);
  expect((await second.call('state')).threads).toEqual([]);

  const byDefault = await request.post(`${emulatorServer.controlUrl}visitor-arrives`, { data: { nickname: 'newest' } });
  expect((await byDefault.json()).page).toBe(newer.id);
  expect((await second.call('state')).threads.map((t) => t.user.nickname)).toEqual(['newest']);
});

test('bad arguments answer 400 with the field, the expectation and the value; refusals 422', async ({
  page,
  request,
  emulatorServer,
}) => {
  await openConsole(page, emulatorServer, { scenario: 'empty' });
  const bad = await request.post(`${emulatorServer.controlUrl}visitor-sends`, {
    data: { threadUid: 42, content: 'x' },
  });
  expect(bad.status()).toBe(400);
  expect(await bad.json()).toEqual({ error: 'visitor-sends: threadUid must be a string; got 42' });

  const unknown = await request.post(`${emulatorServer.controlUrl}accept`, { data: { threadUid: 'no-such-thread' } });
  expect(unknown.status()).toBe(422);
  expect((await unknown.json()).error).toContain('no-such-thread');
});

test('a reloaded page keeps its id, so CI can go on addressing it', async ({ page, request, emulatorServer }) => {
  const frame = await openConsole(page, emulatorServer, { scenario: 'empty' });
  const list = async () => (await (await request.get(`${emulatorServer.controlUrl}pages`)).json()).pages as Listed[];
  await expect.poll(async () => (await list()).length).toBe(1);
  const [before] = await list();

  await frame.frame.evaluate(() => location.reload());
  await expect
    .poll(async () => (await list()).map((p) => [p.id, p.connectedAt !== before?.connectedAt]))
    .toEqual([[before?.id, true]]);
  const arrived = await request.post(`${emulatorServer.controlUrl}visitor-arrives?page=${before?.id}`, { data: {} });
  expect(arrived.status()).toBe(200);
});

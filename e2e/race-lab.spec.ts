import type { Page } from '@playwright/test';
import type { AgentConsoleClient } from '../protocol';
import { consoleEvents, expect, expectEvent, serveHostClient, test } from '../testing';

/**
 * docs/protocol.md §11 in the browser: the console reloads itself (test API `reload()`), the world survives, the
 * initial sync comes again and the host client recognises it (`onReload`); chaos marks what it tampered with.
 * The world survives through the console's localStorage: this needs a browser that lets a cross-site frame keep
 * (partitioned) storage, as Chromium does.
 */

declare global {
  interface Window {
    agentConsole: AgentConsoleClient;
    reloads: number;
  }
}

const hostPage = (consoleUrl: string) => `<!doctype html>
<html><head><meta charset="utf-8"><title>race lab</title></head><body>
<iframe id="bytedesk-iframe" width="1100" height="720"></iframe>
<script type="module">
  import { connectAgentConsole } from '/agent-console-client.js';
  const iframe = document.getElementById('bytedesk-iframe');
  iframe.src = ${JSON.stringify(consoleUrl)};
  window.reloads = 0;
  window.agentConsole = connectAgentConsole(iframe, { queueUntilReady: true });
  window.agentConsole.onReload(() => window.reloads++);
</script></body></html>`;

/** A reload is a boot: generous, for a busy machine. */
const BOOT = { timeout: 20_000 };

async function open(page: Page, url: string) {
  await serveHostClient(page, '/agent-console-client.js');
  await page.route('/race-lab.html', (route) => route.fulfill({ contentType: 'text/html', body: hostPage(url) }));
  // Not waiting for the page's load, which waits for the frame's: the loading screen is to be seen before that.
  await page.goto('/race-lab.html', { waitUntil: 'commit' });
}

test('reload(): the console reloads, the world survives, the initial sync comes again and onReload fires', async ({
  page,
  emulatorServer,
  consoleFrame,
}) => {
  await open(page, emulatorServer.consoleUrl({ seed: 21, scenario: 'empty' }));
  let emulator = await consoleFrame(page, BOOT);
  await page.waitForFunction(() => window.agentConsole?.isReady, undefined, BOOT);
  const thread = await emulator.call('visitorArrives', { nickname: 'Survivor' });
  await expectEvent(page, 'unread_message_count', (d) => d.totalUnreadCount === 1);

  await emulator.call('reload');
  await expect.poll(() => page.evaluate(() => window.reloads), BOOT).toBe(1);
  emulator = await consoleFrame(page, BOOT);
  expect((await emulator.call('state')).threads.map((t) => t.uid)).toEqual([thread.uid]);
  // The reloaded console's log starts afresh with its initial sync.
  expect((await emulator.call('log')).map((e) => `${e.direction} ${e.type}`)).toEqual(['out unread_message_count']);
  expect(await page.evaluate(() => window.agentConsole.isReady)).toBe(true);
});

test('before ready the console shows its loading screen and posts nothing; its first event is the sync', async ({
  page,
  emulatorServer,
  consoleFrame,
}) => {
  await open(page, emulatorServer.consoleUrl({ scenario: 'empty', bootDelay: 4000, chaos: 'dup:1' }));
  const frame = page.frameLocator('#bytedesk-iframe');
  await expect(frame.getByTestId('console-loading')).toBeVisible(BOOT);
  expect(await page.evaluate(() => window.agentConsole.isReady)).toBe(false);
  expect(await consoleEvents(page)).toEqual([]);
  const emulator = await consoleFrame(page, BOOT);
  await expect(frame.getByTestId('console-loading')).toHaveCount(0);
  // Its first event was the initial sync; chaos=dup:1 posted it twice, and says so in the log and the inspector.
  await expect
    .poll(async () => (await consoleEvents(page)).map((e) => e.type))
    .toEqual(['unread_message_count', 'unread_message_count']);
  await expect.poll(async () => (await emulator.call('counts')).out).toBe(2);
  const out = (await emulator.call('log')).filter((e) => e.direction === 'out');
  expect(out.map((e) => e.chaos ?? 'posted')).toEqual(['posted', 'duplicated']);
  await expect(frame.getByTestId('inspector-chaos')).toContainText('NOT vendor behaviour');
});

import { expect, type Frame, test } from '@playwright/test';
import { RELOAD } from './support/browser-settings';
import { emulatorFrame, type Host, openHost } from './support/host';

/**
 * docs/emulator.md: the world is the "server" and survives a reload of the frame (threads, messages, unread counts,
 * status); the reloaded console announces its unread state again; `reset` starts afresh.
 */

const snapshot = (frame: Frame) => frame.evaluate(() => window.emulator.state());

/**
 * Waits until the world on "disk" (the server's copy of this world: the server keeps it, whatever the
 * browser lets a cross-site frame store) is the world on screen. The save is debounced (250 ms, longer for big
 * worlds), so this waits past it instead of guessing its length.
 */
async function saved(frame: Frame): Promise<void> {
  await expect
    .poll(() =>
      frame.evaluate(async () => {
        const world = new URLSearchParams(location.search).get('world');
        const response = await fetch(`/__emulator/w/${world}/world`, { cache: 'no-store' });
        if (response.status !== 200) return 'nothing saved';
        const disk = (await response.json()) as { agent: unknown; threads: Record<string, unknown> };
        const live = window.emulator.state();
        // The save leaves out what equals a default (persist-compact.ts): every field it does hold must agree.
        const agrees = (kept: unknown, now: object) =>
          typeof kept === 'object' &&
          kept !== null &&
          Object.entries(kept).every(
            ([key, value]) => JSON.stringify(value) === JSON.stringify((now as Record<string, unknown>)[key]),
          );
        const same =
          agrees(disk.agent, live.agent) &&
          live.threads.length === Object.keys(disk.threads).length &&
          live.threads.every((t) => agrees(disk.threads[t.uid], t));
        return same ? 'saved' : 'stale';
      }),
    )
    .toBe('saved');
}

/** The open conversation as the agent sees it: who said what, in order. */
const transcript = (frame: Frame) =>
  frame
    .getByTestId('message')
    .evaluateAll((nodes) => nodes.map((n) => `${n.getAttribute('data-from')}: ${n.textContent ?? ''}`));

/** Changes every kind of thing the server keeps: status, threads, messages, unread, the open thread. */
async function liveAWhile(host: Host): Promise<string> {
  const { frame } = host;
  const arrived = await frame.evaluate(() =>
    window.emulator.visitorArrives({ nickname: 'Local0042', content: '在吗' }),
  );
  await frame.evaluate((uid) => window.emulator.visitorSends(uid, '我想查一下订单'), arrived.uid);
  await frame.evaluate(() => window.emulator.colleagueSends({ content: '帮我看下这个客户' }));
  await frame.getByTestId('thread-item').filter({ hasText: 'Local0042' }).click();
  await frame.getByTestId('composer-input').fill('您好，请提供订单号');
  await frame.getByTestId('send-button').click();
  await frame.evaluate((uid) => window.emulator.visitorSends(uid, '订单号 123456'), arrived.uid);
  await frame.evaluate(() => window.emulator.groupSends({ content: '下午开会' }));
  await frame.getByTestId('status-dropdown').click();
  await frame.getByTestId('status-option-BUSY').click();
  await host.nth('agent_status_changed', 1);
  return arrived.uid;
}

test.describe('nothing is lost on reload', { tag: RELOAD }, () => {
  test('a reloaded frame resumes threads, messages, unread counts and status, and re-announces unread', async ({
    page,
  }) => {
    const host = await openHost(page, { seed: 42 });
    const openUid = await liveAWhile(host);
    const before = await snapshot(host.frame);
    await expect
      .poll(() => transcript(host.frame))
      .toEqual(expect.arrayContaining(['agent: 您好，请提供订单号', 'visitor: 订单号 123456']));
    const messagesBefore = await transcript(host.frame);
    expect(before.totalUnreadCount).toBeGreaterThan(0);
    const unreadEventsBefore = (await host.events('unread_message_count')).length;

    await saved(host.frame);
    await host.frame.goto(host.frame.url());
    const frame = await emulatorFrame(page);

    expect(await snapshot(frame)).toEqual(before);
    await expect(frame.getByTestId('chat-pane')).toHaveAttribute('data-uid', openUid);
    await expect.poll(() => transcript(frame)).toEqual(messagesBefore);
    await expect(frame.getByTestId('status-dropdown')).toHaveAttribute('data-status', 'BUSY');
    for (const thread of before.threads.filter((t) => t.unreadCount > 0)) {
      await expect(
        frame.locator(`[data-testid="thread-item"][data-uid="${thread.uid}"]`).getByTestId('unread-badge'),
      ).toHaveText(String(thread.unreadCount));
    }

    const resync = await host.nth('unread_message_count', unreadEventsBefore + 1);
    if (resync.type !== 'unread_message_count') throw new Error('expected unread_message_count');
    expect(resync.data.totalUnreadCount).toBe(before.totalUnreadCount);
    expect(resync.data.unreadThreads.map((t) => t.uid).sort()).toEqual(
      before.threads
        .filter((t) => t.unreadCount > 0)
        .map((t) => t.uid)
        .sort(),
    );
  });

  test('a reload right after a change loses nothing either (the world is saved on page hide)', async ({ page }) => {
    const host = await openHost(page, { seed: 43, scenario: 'empty' });
    const thread = await host.frame.evaluate(() => window.emulator.visitorArrives());
    await host.frame.evaluate((uid) => window.emulator.visitorSends(uid, '最后一句'), thread.uid);
    await host.frame.goto(host.frame.url());
    const frame = await emulatorFrame(page);
    const after = await snapshot(frame);
    expect(after.threads.map((t) => [t.uid, t.content, t.unreadCount])).toEqual([[thread.uid, '最后一句', 2]]);
  });

  test('reloading the whole host page resumes the world and the new host hears the unread state', async ({ page }) => {
    const host = await openHost(page, { seed: 44 });
    await liveAWhile(host);
    const before = await snapshot(host.frame);
    await saved(host.frame);

    await page.reload();
    const frame = await emulatorFrame(page);
    expect(await snapshot(frame)).toEqual(before);
    // A fresh host page: its first event is the console's unread announcement, with the resumed totals.
    await expect.poll(() => page.evaluate(() => window.received.length)).toBeGreaterThan(0);
    const [first] = await page.evaluate(() => window.received as Array<{ type: string; data: unknown }>);
    expect(first?.type).toBe('unread_message_count');
    expect(first?.data).toMatchObject({ totalUnreadCount: before.totalUnreadCount });
  });

  test('reset() starts afresh, announces it, and the fresh world is what a reload resumes', async ({ page }) => {
    const host = await openHost(page, { seed: 45 });
    const initial = await snapshot(host.frame);
    await liveAWhile(host);
    const lived = await snapshot(host.frame);
    expect(lived.threads.length).toBeGreaterThan(initial.threads.length);

    const unreadEvents = (await host.events('unread_message_count')).length;
    await host.frame.evaluate(() => window.emulator.reset());
    const fresh = await snapshot(host.frame);
    // Same seed, same scenario: the same world as at first (dates move with the real clock, so not compared).
    const identity = (s: typeof fresh) => s.threads.map((t) => [t.uid, t.user.nickname, t.status, t.unreadCount]);
    expect(identity(fresh)).toEqual(identity(initial));
    expect(fresh.agent.status).toBe('AVAILABLE');
    expect(fresh.totalUnreadCount).toBe(initial.totalUnreadCount);
    const announced = await host.nth('unread_message_count', unreadEvents + 1);
    expect(announced.type === 'unread_message_count' && announced.data.totalUnreadCount).toBe(initial.totalUnreadCount);

    // Another scenario: the URL names only the seed, so the reload resumes the reset world.
    await host.frame.evaluate(() => window.emulator.reset({ scenario: 'empty' }));
    expect((await snapshot(host.frame)).threads).toEqual([]);
    await expect(host.frame.getByTestId('thread-item')).toHaveCount(0);
    await saved(host.frame);
    await host.frame.goto(host.frame.url());
    const frame = await emulatorFrame(page);
    expect((await snapshot(frame)).threads).toEqual([]);
  });

  test('a URL asking for another seed starts that world instead of resuming', async ({ page }) => {
    const host = await openHost(page, { seed: 46 });
    await host.frame.evaluate(() => window.emulator.visitorArrives({ nickname: 'Local0046' }));
    const before = await snapshot(host.frame);
    await saved(host.frame);
    await host.frame.goto(host.frame.url().replace('seed=46', 'seed=47'));
    const frame = await emulatorFrame(page);
    const after = await snapshot(frame);
    expect(after.threads.some((t) => t.user.nickname === 'Local0046')).toBe(false);
    expect(after.agent.uid).not.toBe(before.agent.uid);
  });
});

import { expect, type Frame, type Page, test } from '@playwright/test';
import type { Thread } from '../protocol';
import { currentWorld } from '../testing/world';
import { emulatorFrame, openHost } from './support/host';
import { EMULATOR_ORIGIN, emulatorUrl } from './support/urls';

/** The conversation list and the chat pane (docs/emulator.md, "The workbench UI"), driven as an agent would. */

/** A pinned instant, so "today" and the list's time column are known. */
const NOW = '2025-06-02T09:30:00+08:00';
const TODAY = '2025-06-02';

const rows = (frame: Frame) => frame.getByTestId('thread-item');
const row = (frame: Frame, uid: string) => frame.locator(`[data-testid="thread-item"][data-uid="${uid}"]`);
const listedUids = (frame: Frame) => rows(frame).evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-uid')));
const state = (frame: Frame) => frame.evaluate(() => window.emulator.state());

/** Opens the emulator unframed (its own origin's storage), for tests that need no host. */
async function openConsole(page: Page, params: Record<string, string | number>): Promise<Frame> {
  await page.goto(emulatorUrl(params));
  return emulatorFrame(page);
}

test.describe('conversation list', () => {
  test('opening a thread with unread zeroes its badge and the host gets the lower total', async ({ page }) => {
    const host = await openHost(page, { seed: 12 });
    const before = await state(host.frame);
    const target = before.threads.find((t) => t.unreadCount > 0);
    if (!target) throw new Error('the demo world should have an unread thread');
    await expect(row(host.frame, target.uid).getByTestId('unread-badge')).toHaveText(String(target.unreadCount));
    const unreadEvents = (await host.events('unread_message_count')).length;

    await row(host.frame, target.uid).click();
    await expect(row(host.frame, target.uid).getByTestId('unread-badge')).toHaveCount(0);
    await expect(host.frame.getByTestId('chat-title')).toHaveText(target.user.nickname);
    await expect(host.frame.getByTestId('chat-uid')).toHaveText(`会话编号：#${target.uid}`);
    const event = await host.nth('unread_message_count', unreadEvents + 1);
    if (event.type !== 'unread_message_count') throw new Error('expected unread_message_count');
    expect(event.data.totalUnreadCount).toBe(before.totalUnreadCount - target.unreadCount);
    expect(event.data.unreadThreads.map((t) => t.uid)).not.toContain(target.uid);
    await expect(host.frame.getByTestId('unread-banner')).toHaveText(`您有 ${target.unreadCount} 条未读消息，点击查看`);
  });

  test('categories count what state() holds and filter the list', async ({ page }) => {
    // busy-queue: an agent serving 5 at once, full, with 3 queued; two more arrivals queue too (BUSY would send
    // them away, R3).
    const host = await openHost(page, { seed: 13, scenario: 'busy-queue' });
    // A varied world: queued visitors, colleagues, a group, a closed thread.
    await host.frame.evaluate(() => {
      const api = window.emulator;
      api.colleagueSends({ nickname: '王芳' });
      api.groupSends();
      const chatting = api
        .state()
        .threads.find((t) => t.status === 'CHATTING' && t.type !== 'MEMBER' && t.type !== 'GROUP');
      api.closeThread(chatting?.uid ?? '');
      api.visitorArrives({ type: 'AGENT' });
      api.visitorArrives({ type: 'WORKGROUP' });
    });
    const { threads } = await state(host.frame);
    const visitor = (t: Thread) => t.type === 'AGENT' || t.type === 'WORKGROUP';
    const rules: Record<string, (t: Thread) => boolean> = {
      chatting: (t) => visitor(t) && t.status === 'CHATTING',
      unread: (t) => t.unreadCount > 0 && t.status !== 'QUEUING',
      workgroup: (t) => t.type === 'WORKGROUP',
      agent: (t) => t.type === 'AGENT',
      robot: (t) => t.type === 'ROBOT',
      group: (t) => t.type === 'GROUP',
      member: (t) => t.type === 'MEMBER',
      queuing: (t) => t.status === 'QUEUING',
      all: () => true,
    };
    for (const [key, rule] of Object.entries(rules)) {
      const expected = threads.filter(rule);
      const category = host.frame.getByTestId(`category-${key}`);
      await expect(category.getByTestId('category-count'), key).toHaveText(String(expected.length));
      await category.click();
      await expect(category).toHaveAttribute('aria-pressed', 'true');
      await expect.poll(() => listedUids(host.frame), key).toEqual(expected.map((t) => t.uid));
    }
    expect(threads.filter(rules.queuing as (t: Thread) => boolean).length).toBe(4);
  });

  test('search filters by nickname and by message text, within the chosen category', async ({ page }) => {
    const host = await openHost(page, { seed: 14, scenario: 'empty' });
    await host.frame.evaluate(() => {
      const api = window.emulator;
      // A routed thread's preview is the welcome text (S13); the visitors' next lines become the previews.
      const a = api.visitorArrives({ nickname: 'Local1111' });
      const b = api.visitorArrives({ nickname: '浙江2222' });
      api.visitorSends(a.uid, '发票怎么开');
      api.visitorSends(b.uid, '退货流程');
      api.colleagueSends({ nickname: '李娜', content: '发票的事我来' });
    });
    const search = host.frame.getByTestId('thread-search');
    await expect(search).toHaveAttribute('placeholder', '搜索会话...');
    await search.fill('local');
    await expect(host.frame.getByTestId('thread-nickname')).toHaveText(['Local1111']);
    await search.fill('发票');
    // Both match; their order is recency, and these two spoke within the same second (a tie).
    await expect(host.frame.getByTestId('thread-nickname')).toHaveCount(2);
    expect((await host.frame.getByTestId('thread-nickname').allTextContents()).sort()).toEqual(['Local1111', '李娜']);
    await host.frame.getByTestId('category-member').click();
    await expect(host.frame.getByTestId('thread-nickname')).toHaveText(['李娜']);
    await search.fill('没有这个');
    await expect(rows(host.frame)).toHaveCount(0);
    await expect(host.frame.locator('.thread-empty')).toHaveText('没有匹配的会话');
    await host.frame.getByTestId('category-all').click();
    await search.fill('');
    await expect(rows(host.frame)).toHaveCount(3);
  });

  test('time column: HH:mm for today, MM-dd HH:mm before (Asia/Shanghai)', async ({ page }) => {
    const frame = await openConsole(page, { seed: 15, clock: 'virtual', now: NOW });
    const { threads } = await state(frame);
    await expect(rows(frame)).toHaveCount(threads.length);
    const times = await rows(frame).evaluateAll((nodes) =>
      nodes.map((n) => [n.getAttribute('data-uid'), n.querySelector('[data-testid="thread-time"]')?.textContent]),
    );
    const expected = threads.map((t) => [
      t.uid,
      t.updatedAt.startsWith(TODAY)
        ? t.updatedAt.slice(11, 16)
        : `${t.updatedAt.slice(5, 10)} ${t.updatedAt.slice(11, 16)}`,
    ]);
    expect(times).toEqual(expected);
    // The demo world spans days: both formats are on screen.
    const shown = times.map(([, time]) => time ?? '');
    expect(shown.some((t) => /^\d{2}:\d{2}$/.test(t))).toBe(true);
    expect(shown.some((t) => /^\d{2}-\d{2} \d{2}:\d{2}$/.test(t))).toBe(true);
    expect(shown).toContain('09:27');
  });

  test('order: pinned first, then starred, then most recent', async ({ page, request }) => {
    const frame = await openConsole(page, { seed: 16, clock: 'virtual', now: NOW });
    const { threads } = await state(frame);
    expect(threads.length).toBeGreaterThanOrEqual(5);
    const byRecency = [...threads].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.uid.localeCompare(b.uid));
    await expect.poll(() => listedUids(frame)).toEqual(byRecency.map((t) => t.uid));

    // The server marks the oldest thread pinned and the second oldest starred (the vendor's 置顶 / 星标): the
    // emulator has no UI for that, so edit the world the server keeps, as a server-side change, and come back. The
    // console is left first (it saves its world when it goes), and the edit is stamped later than any page save.
    const pinned = byRecency.at(-1) as Thread;
    const starred = byRecency.at(-2) as Thread;
    await page.goto('about:blank');
    const kept = `${EMULATOR_ORIGIN}/__emulator/w/${currentWorld()}/world`;
    const world = await (await request.get(kept)).json();
    world.threads[pinned.uid].top = true;
    world.threads[starred.uid].star = 1;
    expect((await request.put(kept, { data: { at: Date.now() + 60_000, world } })).ok()).toBe(true);
    await page.goto(emulatorUrl({ seed: 16, clock: 'virtual', now: NOW }));
    const reloaded = await emulatorFrame(page);
    const rest = byRecency.filter((t) => t.uid !== pinned.uid && t.uid !== starred.uid).map((t) => t.uid);
    await expect.poll(() => listedUids(reloaded)).toEqual([pinned.uid, starred.uid, ...rest]);
  });
});

test.describe('chat pane', () => {
  test('a reply from the composer shows as the agent bubble and emits no unread event', async ({ page }) => {
    const host = await openHost(page, { seed: 17 });
    const target = (await state(host.frame)).threads.find(
      (t) => t.status === 'CHATTING' && (t.type === 'AGENT' || t.type === 'WORKGROUP'),
    );
    if (!target) throw new Error('the demo world should have a chatting visitor');
    await row(host.frame, target.uid).click();
    // Barrier: opening may itself emit an unread event; count only once everything before it has arrived.
    await host.send({ type: 'update_agent_status_busy' });
    await host.nth('agent_status_changed', 1);
    const unreadEvents = (await host.events('unread_message_count')).length;

    await host.frame.getByTestId('composer-input').fill('您好，<b>请稍等</b>');
    await host.frame.getByTestId('send-button').click();
    const mine = host.frame.locator('[data-testid="message"][data-from="agent"]').last();
    // Text, never HTML.
    await expect(mine).toHaveText('您好，<b>请稍等</b>');
    await expect(host.frame.getByTestId('composer-input')).toHaveValue('');
    await expect(host.frame.getByTestId('send-button')).toBeDisabled();
    await expect(row(host.frame, target.uid).getByTestId('thread-preview')).toContainText('请稍等');

    // Enter sends too.
    await host.frame.getByTestId('composer-input').fill('第二条');
    await host.frame.getByTestId('composer-input').press('Enter');
    await expect(mine).toHaveText('第二条');

    await host.send({ type: 'update_agent_status_available' });
    await host.nth('agent_status_changed', 2);
    expect(await host.events('unread_message_count')).toHaveLength(unreadEvents);
  });

  test('结束 asks for confirmation: cancel keeps the thread, confirm closes it (action close)', async ({ page }) => {
    const host = await openHost(page, { seed: 18 });
    const target = (await state(host.frame)).threads.find((t) => t.status === 'CHATTING' && t.type === 'WORKGROUP');
    if (!target) throw new Error('the demo world should have a chatting workgroup thread');
    await row(host.frame, target.uid).click();

    await host.frame.getByTestId('end-button').click();
    await expect(host.frame.getByTestId('end-dialog')).toContainText('确定要结束当前会话吗？');
    await host.frame.getByTestId('cancel-end').click();
    await expect(host.frame.getByTestId('end-dialog')).toHaveCount(0);
    await expect(row(host.frame, target.uid)).toHaveAttribute('data-status', 'CHATTING');

    await host.frame.getByTestId('end-button').click();
    await host.frame.getByTestId('confirm-end').click();
    const event = await host.nth('thread_status_changed', 1);
    if (event.type !== 'thread_status_changed') throw new Error('expected thread_status_changed');
    expect([event.data.action, event.data.thread.uid, event.data.thread.status]).toEqual([
      'close',
      target.uid,
      'CLOSED',
    ]);
    expect(await host.events('thread_status_changed')).toHaveLength(1);
    await expect(row(host.frame, target.uid)).toHaveAttribute('data-status', 'CLOSED');
    await expect(host.frame.getByTestId('end-button')).toBeDisabled();
    await expect(host.frame.getByTestId('composer-input')).toBeDisabled();
  });

  test('转接 hands the thread over: it leaves the list and the host hears action transfer', async ({ page }) => {
    const host = await openHost(page, { seed: 19 });
    const target = (await state(host.frame)).threads.find((t) => t.status === 'CHATTING' && t.type === 'AGENT');
    if (!target) throw new Error('the demo world should have a chatting one-to-one thread');
    await row(host.frame, target.uid).click();
    await host.frame.getByTestId('transfer-button').click();

    const event = await host.nth('thread_status_changed', 1);
    if (event.type !== 'thread_status_changed') throw new Error('expected thread_status_changed');
    expect([event.data.action, event.data.thread.uid]).toEqual(['transfer', target.uid]);
    await expect(row(host.frame, target.uid)).toHaveCount(0);
    await expect(host.frame.getByTestId('chat-pane')).not.toHaveAttribute('data-uid', target.uid);
    expect((await state(host.frame)).threads.map((t) => t.uid)).not.toContain(target.uid);
  });

  test('fail=close: confirming 结束 fails with a toast and the thread stays open', async ({ page }) => {
    const host = await openHost(page, { seed: 20, fail: 'close' });
    const target = (await state(host.frame)).threads.find((t) => t.status === 'CHATTING' && t.type === 'WORKGROUP');
    if (!target) throw new Error('the demo world should have a chatting workgroup thread');
    await row(host.frame, target.uid).click();
    await host.frame.getByTestId('end-button').click();
    await host.frame.getByTestId('confirm-end').click();
    await expect(host.frame.getByTestId('toast')).toHaveText('操作失败');
    await host.send({ type: 'update_agent_status_busy' });
    await host.nth('agent_status_changed', 1);
    expect(await host.events('thread_status_changed')).toEqual([]);
    await expect(row(host.frame, target.uid)).toHaveAttribute('data-status', 'CHATTING');
  });

  test('messages arriving in the open thread while scrolled up raise the unread banner', async ({ page }) => {
    const host = await openHost(page, { seed: 21, scenario: 'empty' });
    const thread = await host.frame.evaluate(() => window.emulator.visitorArrives({ nickname: 'Local2121' }));
    await host.frame.evaluate((uid) => {
      for (let i = 1; i <= 30; i++) window.emulator.visitorSends(uid, `第 ${i} 条`);
    }, thread.uid);
    await row(host.frame, thread.uid).click();
    await expect(host.frame.getByTestId('unread-banner')).toHaveText('您有 31 条未读消息，点击查看');
    await host.frame.getByTestId('unread-banner').click();
    await expect(host.frame.getByTestId('unread-banner')).toHaveCount(0);

    // Scrolled up, and the console has seen the scroll (scroll events arrive with the next frames).
    await host.frame.locator('.messages').evaluate(async (el) => {
      el.scrollTop = 0;
      for (let i = 0; i < 2; i++) await new Promise(requestAnimationFrame);
    });
    await host.frame.evaluate((uid) => {
      window.emulator.visitorSends(uid, '新消息一');
      window.emulator.visitorSends(uid, '新消息二');
    }, thread.uid);
    await expect(host.frame.getByTestId('unread-banner')).toHaveText('您有 2 条未读消息，点击查看');
    // The agent has the thread open: nothing counts as unread on the wire.
    expect((await state(host.frame)).threads[0]?.unreadCount).toBe(0);
  });
});

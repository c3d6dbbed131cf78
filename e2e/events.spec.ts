import { expect, test } from '@playwright/test';
import { parseEvent } from '../protocol';
import { openHost } from './support/host';
import { EMULATOR_ORIGIN } from './support/urls';

test.describe('console → host events across sites', () => {
  test('unread_message_count arrives once the list loads, with the totals of the world', async ({ page }) => {
    const host = await openHost(page, { seed: 3 });
    const [first] = await host.events('unread_message_count');
    const state = await host.frame.evaluate(() => window.emulator.state());
    if (first?.type !== 'unread_message_count') throw new Error('no unread event');
    expect(first.data.totalUnreadCount).toBe(state.totalUnreadCount);
    expect(first.data.totalUnreadCount).toBeGreaterThan(0);
    expect(first.data.unreadThreads.map((t) => t.uid).sort()).toEqual(
      state.threads
        .filter((t) => t.unreadCount > 0)
        .map((t) => t.uid)
        .sort(),
    );
    expect(first.source).toBe('bytedesk-desktop');
    expect(Math.abs((first.timestamp ?? 0) - Date.now())).toBeLessThan(60_000);
  });

  test('every event is strictly valid and comes from the emulator origin', async ({ page }) => {
    const host = await openHost(page, { seed: 4 });
    const origins: string[] = [];
    await page.exposeFunction('noteOrigin', (o: string) => origins.push(o));
    await page.evaluate(() =>
      window.addEventListener('message', (e) =>
        (window as unknown as { noteOrigin(o: string): void }).noteOrigin(e.origin),
      ),
    );
    const thread = await host.frame.evaluate(() => window.emulator.visitorArrives({ type: 'AGENT' }));
    await host.frame.evaluate((uid) => window.emulator.closeThread(uid), thread.uid);
    await host.nth('thread_status_changed', 1);
    for (const event of await host.events()) {
      const parsed = parseEvent(event);
      expect(parsed.ok && parsed.warnings, JSON.stringify(event).slice(0, 200)).toEqual([]);
    }
    expect(new Set(origins)).toEqual(new Set([EMULATOR_ORIGIN]));
  });

  test('new_visitor_message then unread_message_count when a visitor is assigned', async ({ page }) => {
    const host = await openHost(page, { scenario: 'empty' });
    const thread = await host.frame.evaluate(() =>
      window.emulator.visitorArrives({ nickname: 'Local0001', content: '你好', type: 'WORKGROUP' }),
    );
    const event = await host.nth('new_visitor_message', 1);
    if (event.type !== 'new_visitor_message') throw new Error('wrong type');
    // payload=vendor (the default): a thread born from a live message is thin (E6), its content the welcome text.
    expect(event.data.thread).toMatchObject({ uid: thread.uid, type: 'WORKGROUP', content: '您好，有什么可以帮您？' });
    expect(Object.keys(event.data.thread).sort()).toEqual([
      'content',
      'topic',
      'type',
      'uid',
      'unreadCount',
      'updatedAt',
      'user',
    ]);
    expect(event.data.thread.user?.nickname).toBe('Local0001');
    expect(event.data.thread.topic).toMatch(/^org\/workgroup\/\d+\/\d+$/);
    const unread = await host.nth('unread_message_count', 2);
    if (unread.type !== 'unread_message_count') throw new Error('wrong type');
    expect(unread.data.totalUnreadCount).toBe(1);
    const types = (await host.events()).map((e) => e.type);
    expect(types.indexOf('new_visitor_message')).toBeLessThan(types.lastIndexOf('unread_message_count'));
  });

  test('agent_status_changed when the agent changes status in the console UI', async ({ page }) => {
    const host = await openHost(page);
    await host.frame.evaluate(() => window.emulator.setStatus('BUSY'));
    const event = await host.nth('agent_status_changed', 1);
    if (event.type !== 'agent_status_changed') throw new Error('wrong type');
    expect(event.data.status).toBe('BUSY');
    expect(event.data.agentInfo).toMatchObject({ status: 'BUSY', email: 'admin@email.com', nickname: 'SuperAdmin' });
  });

  test('thread_status_changed for queue, accept, close and auto_close', async ({ page }) => {
    // busy-queue: an agent serving 5 at once, full; payload=full, so every thread carries its status.
    const host = await openHost(page, { scenario: 'busy-queue', payload: 'full' });
    const queued = await host.frame.evaluate(() => window.emulator.visitorArrives());
    expect(queued.status).toBe('QUEUING');
    await host.frame.evaluate((uid) => window.emulator.acceptThread(uid), queued.uid);
    await host.frame.evaluate((uid) => window.emulator.closeThread(uid), queued.uid);
    const other = await host.frame.evaluate(() => window.emulator.visitorArrives());
    await host.frame.evaluate((uid) => window.emulator.closeThread(uid, { auto: true }), other.uid);
    await host.nth('thread_status_changed', 5);
    const changes = (await host.events('thread_status_changed')).map((e) =>
      e.type === 'thread_status_changed' ? [e.data.thread.uid, e.data.action, e.data.thread.status] : [],
    );
    expect(changes).toEqual([
      [queued.uid, 'queue', 'QUEUING'],
      [queued.uid, 'accept', 'CHATTING'],
      [queued.uid, 'close', 'CLOSED'],
      [other.uid, 'queue', 'QUEUING'],
      [other.uid, 'auto_close', 'CLOSED'],
    ]);
    expect(await host.events('new_visitor_message')).toEqual([]);
  });
});

import { expect, test } from '@playwright/test';
import { openHost } from './support/host';

test.describe('host → console commands across sites', () => {
  test('update_agent_status sets the status and is acknowledged, also when unchanged', async ({ page }) => {
    const host = await openHost(page);
    await host.send({ type: 'update_agent_status', data: { status: 'OFFLINE' } });
    const first = await host.nth('agent_status_changed', 1);
    expect(first.type === 'agent_status_changed' && first.data.status).toBe('OFFLINE');
    await host.send({ type: 'update_agent_status', data: { status: 'OFFLINE' } });
    await host.nth('agent_status_changed', 2);
    expect((await host.frame.evaluate(() => window.emulator.state())).agent.status).toBe('OFFLINE');
  });

  for (const [type, status] of [
    ['update_agent_status_available', 'AVAILABLE'],
    ['update_agent_status_busy', 'BUSY'],
    ['update_agent_status_offline', 'OFFLINE'],
  ] as const) {
    test(`${type} sets ${status} and emits agent_status_changed`, async ({ page }) => {
      const host = await openHost(page);
      // Start from a different status so the change is visible.
      await host.send({ type: 'update_agent_status', data: { status: status === 'BUSY' ? 'OFFLINE' : 'BUSY' } });
      await host.nth('agent_status_changed', 1);
      await host.send({ type });
      const event = await host.nth('agent_status_changed', 2);
      expect(event.type === 'agent_status_changed' && event.data.agentInfo?.status).toBe(status);
      expect((await host.frame.evaluate(() => window.emulator.state())).agent.status).toBe(status);
    });
  }

  test('refresh_threads re-announces the unread state even when it did not change', async ({ page }) => {
    const host = await openHost(page, { seed: 5 });
    const [initial] = await host.events('unread_message_count');
    await host.send({ type: 'refresh_threads' });
    const again = await host.nth('unread_message_count', 2);
    if (initial?.type !== 'unread_message_count' || again.type !== 'unread_message_count') throw new Error('type');
    expect(again.data).toEqual(initial.data);
  });

  test('clear_unread_count zeroes that thread and reports the new totals', async ({ page }) => {
    const host = await openHost(page, { seed: 6 });
    const before = await host.frame.evaluate(() => window.emulator.state());
    const target = before.threads.find((t) => t.unreadCount > 0);
    if (!target) throw new Error('demo world has no unread thread');
    await host.send({ type: 'clear_unread_count', data: { threadUid: target.uid } });
    const event = await host.nth('unread_message_count', 2);
    if (event.type !== 'unread_message_count') throw new Error('type');
    expect(event.data.totalUnreadCount).toBe(before.totalUnreadCount - target.unreadCount);
    expect(event.data.unreadThreads.map((t) => t.uid)).not.toContain(target.uid);
    const after = await host.frame.evaluate(() => window.emulator.state());
    expect(after.threads.find((t) => t.uid === target.uid)).toMatchObject({ unreadCount: 0, unread: false });
  });

  test('clear_unread_count on a read thread changes nothing and sends nothing', async ({ page }) => {
    const host = await openHost(page, { seed: 6 });
    const state = await host.frame.evaluate(() => window.emulator.state());
    // Closed threads keep their unread count (R7): read one first if the world has no read thread.
    const read = state.threads.find((t) => t.unreadCount === 0) ?? state.threads[0];
    if (!read) throw new Error('no thread');
    if (read.unreadCount > 0) {
      await host.frame.evaluate((uid) => window.emulator.openThread(uid), read.uid);
      await host.nth('unread_message_count', 2);
    }
    const announced = (await host.events('unread_message_count')).length;
    await host.send({ type: 'clear_unread_count', data: { threadUid: read.uid } });
    // Messages keep their order: once this acknowledgement arrives, anything the clear caused has too.
    await host.send({ type: 'update_agent_status_available' });
    await host.nth('agent_status_changed', 1);
    expect(await host.events('unread_message_count')).toHaveLength(announced);
  });
});

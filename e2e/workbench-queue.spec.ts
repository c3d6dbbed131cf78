import { expect, test } from '@playwright/test';
import { openHost } from './support/host';

/** docs/emulator.md: a full or busy agent's visitors queue; `排队队列(n)` lists them and `接入` accepts one. */
test.describe('the queue', () => {
  test('busy-queue: 排队队列(3) lists the queued visitors first come first served, each with 接入', async ({
    page,
  }) => {
    const host = await openHost(page, { scenario: 'busy-queue', seed: 8 });
    const state = await host.frame.evaluate(() => window.emulator.state());
    const queued = state.threads
      .filter((t) => t.status === 'QUEUING')
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    expect(queued).toHaveLength(3);

    const button = host.frame.getByTestId('queue-button');
    await expect(button).toHaveText('排队队列(3)');
    await button.click();
    const items = host.frame.getByTestId('queue-item');
    await expect(items).toHaveCount(3);
    expect(await items.evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-uid')))).toEqual(
      queued.map((t) => t.uid),
    );
    for (const [i, thread] of queued.entries()) {
      await expect(items.nth(i)).toContainText(thread.user.nickname);
      await expect(items.nth(i).getByTestId('accept-button')).toHaveText('接入');
    }
    await expect(host.frame.getByTestId('status-bar')).toContainText('排队: 3');
    await expect(host.frame.getByTestId('category-queuing').getByTestId('category-count')).toHaveText('3');
  });

  test('接入 makes the thread CHATTING, shrinks the queue and sends thread_status_changed accept', async ({ page }) => {
    const host = await openHost(page, { scenario: 'busy-queue', seed: 9 });
    await host.frame.getByTestId('queue-button').click();
    const first = host.frame.getByTestId('queue-item').first();
    const uid = await first.getAttribute('data-uid');
    if (!uid) throw new Error('queue item without data-uid');
    const row = host.frame.locator(`[data-testid="thread-item"][data-uid="${uid}"]`);
    await expect(row).toHaveAttribute('data-status', 'QUEUING');

    await first.getByTestId('accept-button').click();
    const event = await host.nth('thread_status_changed', 1);
    if (event.type !== 'thread_status_changed') throw new Error('expected thread_status_changed');
    expect(event.data.action).toBe('accept');
    expect(event.data.thread).toMatchObject({ uid, status: 'CHATTING' });
    await expect(row).toHaveAttribute('data-status', 'CHATTING');
    await expect(host.frame.getByTestId('queue-button')).toHaveText('排队队列(2)');
    await expect(host.frame.locator(`[data-testid="queue-item"][data-uid="${uid}"]`)).toHaveCount(0);
    const thread = (await host.frame.evaluate(() => window.emulator.state())).threads.find((t) => t.uid === uid);
    expect(thread?.status).toBe('CHATTING');
  });

  test('a queued thread opened in the chat pane can be accepted from there (立即接入)', async ({ page }) => {
    const host = await openHost(page, { scenario: 'busy-queue', seed: 10 });
    const row = host.frame.locator('[data-testid="thread-item"][data-status="QUEUING"]').first();
    const uid = await row.getAttribute('data-uid');
    await row.click();
    await expect(host.frame.getByTestId('composer-input')).toBeDisabled();
    await host.frame.getByTestId('chat-accept-button').click();
    const event = await host.nth('thread_status_changed', 1);
    expect(event.type === 'thread_status_changed' && [event.data.action, event.data.thread.uid]).toEqual([
      'accept',
      uid,
    ]);
    await expect(host.frame.getByTestId('composer-input')).toBeEnabled();
  });

  test('fail=accept: 接入 fails with a toast, the visitor stays queued and the host hears nothing', async ({
    page,
  }) => {
    const host = await openHost(page, { scenario: 'busy-queue', seed: 11, fail: 'accept' });
    await host.frame.getByTestId('queue-button').click();
    const first = host.frame.getByTestId('queue-item').first();
    const uid = await first.getAttribute('data-uid');
    await first.getByTestId('accept-button').click();
    await expect(host.frame.getByTestId('toast')).toHaveText('操作失败');

    // Barrier: a later event in the same stream proves no accept event was posted before it.
    await host.send({ type: 'update_agent_status_busy' });
    await host.nth('agent_status_changed', 1);
    expect(await host.events('thread_status_changed')).toEqual([]);
    await expect(host.frame.getByTestId('queue-button')).toHaveText('排队队列(3)');
    await expect(host.frame.locator(`[data-testid="thread-item"][data-uid="${uid}"]`)).toHaveAttribute(
      'data-status',
      'QUEUING',
    );
  });

  test('a visitor arriving while the agent is BUSY leaves a message: not queued, not listed, no event (R3)', async ({
    page,
  }) => {
    const host = await openHost(page, { scenario: 'empty' });
    await host.frame.getByTestId('status-dropdown').click();
    await host.frame.getByTestId('status-option-BUSY').click();
    await host.nth('agent_status_changed', 1);
    const thread = await host.frame.evaluate(() => window.emulator.visitorArrives({ nickname: 'Local0099' }));
    expect(thread).toMatchObject({ status: 'OFFLINE', content: '当前无客服在线，请留言' });
    // Back to AVAILABLE: the next visitor is assigned, so anything the first one caused has arrived by then.
    await host.frame.getByTestId('status-dropdown').click();
    await host.frame.getByTestId('status-option-AVAILABLE').click();
    await host.nth('agent_status_changed', 2);
    const next = await host.frame.evaluate(() => window.emulator.visitorArrives({ nickname: 'Local0100' }));
    const arrived = await host.nth('new_visitor_message', 1);
    expect(arrived.type === 'new_visitor_message' && arrived.data.thread.uid).toBe(next.uid);
    expect(await host.events('thread_status_changed')).toEqual([]);
    await expect(host.frame.getByTestId('queue-button')).toHaveText('排队队列(0)');
    await expect(host.frame.locator(`[data-testid="thread-item"][data-uid="${thread.uid}"]`)).toHaveCount(0);
    expect((await host.frame.evaluate(() => window.emulator.state())).threads.map((t) => t.uid)).toEqual([next.uid]);
  });
});

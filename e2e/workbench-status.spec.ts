import { expect, type Frame, test } from '@playwright/test';
import { openHost } from './support/host';

/**
 * The agent's status through the workbench UI (docs/emulator.md): the dropdown goes through the simulated server,
 * the host hears `agent_status_changed`, `latency` and `fail` shape the call, with the vendor's toasts.
 */

declare global {
  interface Window {
    toastLog?: Array<{ text: string; status: string | null }>;
  }
}

/**
 * Records every toast the frame shows, with the status label at that moment: a 400 ms toast is easy to miss by
 * polling, and the order of toasts is the behaviour under test.
 */
async function recordToasts(frame: Frame): Promise<() => Promise<Array<{ text: string; status: string | null }>>> {
  await frame.evaluate(() => {
    const log: Array<{ text: string; status: string | null }> = [];
    window.toastLog = log;
    // Preact may reuse the element for the next toast: a new element or a new text is a new toast.
    let last: { node: Element | null; text: string | null } = { node: null, text: null };
    new MutationObserver(() => {
      const node = document.querySelector('[data-testid="toast"]');
      const text = node?.textContent ?? null;
      if (node && text && (node !== last.node || text !== last.text)) {
        const status = document.querySelector('[data-testid="status-dropdown"]')?.getAttribute('data-status') ?? null;
        log.push({ text, status });
      }
      last = { node, text };
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  return () => frame.evaluate(() => window.toastLog ?? []);
}

async function pickStatus(frame: Frame, status: 'AVAILABLE' | 'BUSY' | 'REST' | 'OFFLINE') {
  await frame.getByTestId('status-dropdown').click();
  await frame.getByTestId(`status-option-${status}`).click();
}

test.describe('agent status from the workbench', () => {
  test('the dropdown offers the vendor labels; picking one changes the label and tells the host', async ({ page }) => {
    const host = await openHost(page);
    const dropdown = host.frame.getByTestId('status-dropdown');
    await expect(dropdown).toHaveText('😀接待');
    await dropdown.click();
    await expect(host.frame.getByTestId('status-option-AVAILABLE')).toHaveText('😀接待');
    await expect(host.frame.getByTestId('status-option-BUSY')).toHaveText('🏃‍♀️忙碌');
    await expect(host.frame.getByTestId('status-option-OFFLINE')).toHaveText('🔻下线');
    await host.frame.getByTestId('status-option-BUSY').click();

    const busy = await host.nth('agent_status_changed', 1);
    expect(busy.type === 'agent_status_changed' && busy.data).toMatchObject({
      status: 'BUSY',
      agentInfo: { status: 'BUSY', email: 'admin@email.com' },
    });
    await expect(dropdown).toHaveText('🏃‍♀️忙碌');
    await expect(dropdown).toHaveAttribute('data-status', 'BUSY');

    await pickStatus(host.frame, 'OFFLINE');
    const offline = await host.nth('agent_status_changed', 2);
    expect(offline.type === 'agent_status_changed' && offline.data.status).toBe('OFFLINE');
    await expect(dropdown).toHaveText('🔻下线');
    expect((await host.frame.evaluate(() => window.emulator.state())).agent.status).toBe('OFFLINE');

    // The vendor's menu offers 休息 (REST, E9): the host then hears a status its commands cannot set.
    await pickStatus(host.frame, 'REST');
    const rest = await host.nth('agent_status_changed', 3);
    expect(rest.type === 'agent_status_changed' && rest.data.status).toBe('REST');
    await expect(dropdown).toHaveText('☕休息');
  });

  test('picking the current status again is still acknowledged (one event per accepted update)', async ({ page }) => {
    const host = await openHost(page);
    await pickStatus(host.frame, 'AVAILABLE');
    const event = await host.nth('agent_status_changed', 1);
    expect(event.type === 'agent_status_changed' && event.data.status).toBe('AVAILABLE');
  });

  test('a status command from the host changes the label too', async ({ page }) => {
    const host = await openHost(page);
    await host.send({ type: 'update_agent_status_busy' });
    await host.nth('agent_status_changed', 1);
    await expect(host.frame.getByTestId('status-dropdown')).toHaveText('🏃‍♀️忙碌');
  });

  test('latency=400: 正在更新状态 while the server works, then 状态更新成功 and only then the change', async ({
    page,
  }) => {
    const host = await openHost(page, { latency: 400 });
    const toasts = await recordToasts(host.frame);
    const clickedAt = await page.evaluate(() => Date.now());
    await pickStatus(host.frame, 'BUSY');

    const event = await host.nth('agent_status_changed', 1);
    // Same machine, same wall clock: the envelope's timestamp says when the console posted it.
    expect((event.timestamp ?? 0) - clickedAt).toBeGreaterThanOrEqual(390);
    await expect(host.frame.getByTestId('status-dropdown')).toHaveAttribute('data-status', 'BUSY');
    await expect.poll(async () => (await toasts()).map((t) => t.text)).toEqual(['正在更新状态', '状态更新成功']);
    // While the server was working, the label still showed the old status.
    expect((await toasts())[0]?.status).toBe('AVAILABLE');
  });

  test('fail=status: 状态更新失败, nothing changes and no agent_status_changed reaches the host', async ({ page }) => {
    const host = await openHost(page, { fail: 'status', scenario: 'empty' });
    const before = await host.frame.evaluate(() => window.emulator.state());
    await pickStatus(host.frame, 'BUSY');
    await expect(host.frame.getByTestId('toast')).toHaveText('状态更新失败');
    await expect(host.frame.getByTestId('toast')).toHaveAttribute('data-tone', 'error');
    await host.send({ type: 'update_agent_status_offline' });

    // Barrier: the console posts in order, so once this visitor's event is in, any status event would be too.
    await host.frame.evaluate(() => window.emulator.visitorArrives());
    await host.nth('new_visitor_message', 1);
    expect(await host.events('agent_status_changed')).toEqual([]);
    await expect(host.frame.getByTestId('status-dropdown')).toHaveText('😀接待');
    const after = await host.frame.evaluate(() => window.emulator.state());
    expect(after.agent).toEqual(before.agent);
  });

  test('fail=status with latency: the updating toast, then the failure, and the label never moves', async ({
    page,
  }) => {
    const host = await openHost(page, { fail: 'status', latency: 300 });
    const toasts = await recordToasts(host.frame);
    await pickStatus(host.frame, 'OFFLINE');
    await expect.poll(toasts).toEqual([
      { text: '正在更新状态', status: 'AVAILABLE' },
      { text: '状态更新失败', status: 'AVAILABLE' },
    ]);
  });
});

test.describe('language', () => {
  test('Chinese is the default: categories, status and toasts in the vendor wording', async ({ page }) => {
    const host = await openHost(page, { latency: 50 });
    await expect(host.frame.getByTestId('category-chatting')).toContainText('进行中会话');
    await expect(host.frame.getByTestId('category-all')).toContainText('全部会话');
    await expect(host.frame.getByTestId('queue-button')).toContainText('排队队列(0)');
    expect(await host.frame.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    const toasts = await recordToasts(host.frame);
    await pickStatus(host.frame, 'BUSY');
    await expect.poll(async () => (await toasts()).map((t) => t.text)).toEqual(['正在更新状态', '状态更新成功']);
  });

  test('lang=en shows English labels: status dropdown, categories, queue, toasts', async ({ page }) => {
    const host = await openHost(page, { lang: 'en', latency: 50 });
    const { frame } = host;
    expect(await frame.evaluate(() => document.documentElement.lang)).toBe('en');
    const dropdown = frame.getByTestId('status-dropdown');
    await expect(dropdown).toHaveText('😀Available');
    const labels = await frame
      .locator('[data-testid^="category-"] .category-label')
      .evaluateAll((nodes) => nodes.map((n) => n.textContent));
    expect(labels).toEqual([
      'Ongoing',
      'Unread',
      'Workgroup',
      'One-to-one',
      'Robot',
      'Group chats',
      'Colleagues',
      'Queuing',
      'All',
    ]);
    await expect(frame.getByTestId('queue-button')).toContainText('Queue (0)');
    // No Chinese left in the vendor chrome (visitor names and messages are data, not labels).
    for (const id of ['status-bar', 'thread-search', 'queue-button']) {
      const text = id === 'thread-search' ? await frame.getByTestId(id).getAttribute('placeholder') : null;
      expect(text ?? (await frame.getByTestId(id).textContent()) ?? '').not.toMatch(/[\u4e00-\u9fff]/);
    }

    const toasts = await recordToasts(frame);
    await dropdown.click();
    await expect(frame.getByTestId('status-option-BUSY')).toHaveText('🏃‍♀️Busy');
    await expect(frame.getByTestId('status-option-OFFLINE')).toHaveText('🔻Offline');
    await frame.getByTestId('status-option-BUSY').click();
    await expect(dropdown).toHaveText('🏃‍♀️Busy');
    await expect.poll(async () => (await toasts()).map((t) => t.text)).toEqual(['Updating status', 'Status updated']);
  });

  test('lang=en: a failed update shows "Status update failed"', async ({ page }) => {
    const host = await openHost(page, { lang: 'en', fail: 'status' });
    await pickStatus(host.frame, 'OFFLINE');
    await expect(host.frame.getByTestId('toast')).toHaveText('Status update failed');
  });
});

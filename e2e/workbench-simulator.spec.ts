import { type Browser, expect, type Frame, test } from '@playwright/test';
import { type Host, openHost } from './support/host';
import { anotherWorld } from './support/urls';

/**
 * The emulator-only simulator panel (docs/emulator.md): each control must do exactly what the matching test-API call
 * does. Two fresh contexts with the same pinned world — one clicks, one calls the API — must end in the same
 * state and the same events at the host, byte for byte (wall-clock envelope timestamps aside).
 */

const NOW = '2025-06-02T09:30:00+08:00';
const WORLD = { seed: 31, clock: 'virtual', now: NOW };

/** The bare host frames the console at 1100 px (panels in a drawer); widen it so the panels sit in their column. */
async function widen(host: Host): Promise<void> {
  await host.page.setViewportSize({ width: 1480, height: 940 });
  await host.page.evaluate(() => {
    const iframe = document.getElementById('bytedesk-iframe') as HTMLIFrameElement;
    iframe.width = '1440';
    iframe.height = '900';
  });
  await expect(host.frame.getByTestId('sim-panel')).toBeVisible();
}

/** Status acknowledgements are the barrier: once the nth has arrived, everything emitted before it has too. */
async function settle(host: Host, nth: number): Promise<void> {
  await host.send({ type: 'update_agent_status_available' });
  await host.nth('agent_status_changed', nth);
}

async function outcome(host: Host) {
  const state = JSON.stringify(await host.frame.evaluate(() => window.emulator.state()));
  const events = JSON.stringify((await host.events()).map(({ timestamp: _wallClock, ...rest }) => rest));
  return { state, events };
}

async function inContext<T>(browser: Browser, run: (host: Host) => Promise<T>): Promise<T> {
  const context = await browser.newContext();
  try {
    const host = await openHost(await context.newPage(), { ...WORLD, world: anotherWorld() });
    return await run(host);
  } finally {
    await context.close();
  }
}

const openRow = (frame: Frame, nickname: string) =>
  frame
    .getByTestId('thread-item')
    .filter({ has: frame.getByTestId('thread-nickname').getByText(nickname) })
    .click();

test.describe('simulator controls', () => {
  test('every control does what its test-API call does (same state, same events)', async ({ browser }) => {
    const viaControls = await inContext(browser, async (host) => {
      await widen(host);
      const { frame } = host;
      const result = frame.getByTestId('sim-result');

      await frame.getByTestId('sim-nickname').fill('Local3101');
      await frame.getByTestId('sim-content').fill('你好，在吗');
      await frame.getByTestId('sim-type').selectOption('WORKGROUP');
      await frame.getByTestId('sim-new-visitor').click();
      await expect(result).toHaveText('已创建 Local3101（CHATTING）');
      await expect(frame.getByTestId('thread-item').filter({ hasText: 'Local3101' })).toHaveAttribute(
        'data-status',
        'CHATTING',
      );

      await frame.getByTestId('sim-nickname').fill('');
      await frame.getByTestId('sim-content').fill('');
      await frame.getByTestId('sim-type').selectOption('');
      const uids = () => frame.evaluate(() => window.emulator.state().threads.map((t) => t.uid));
      const known = await uids();
      await frame.getByTestId('sim-new-visitor').click();
      // Virtual time stands still, so the newest thread is not necessarily first: find it by its uid.
      const secondUid = (await uids()).find((uid) => !known.includes(uid));
      const second = (await frame.evaluate(() => window.emulator.state())).threads.find((t) => t.uid === secondUid);
      if (!second) throw new Error('no thread created');
      await expect(result).toHaveText(`已创建 ${second.user.nickname}（CHATTING）`);

      await openRow(frame, 'Local3101');
      await frame.getByTestId('sim-message-content').fill('我的快递到哪了');
      await frame.getByTestId('sim-visitor-message').click();
      await expect(result).toHaveText('已发送到 Local3101');
      await expect(frame.locator('[data-testid="message"][data-from="visitor"]').last()).toHaveText('我的快递到哪了');

      await frame.getByTestId('sim-message-content').fill('');
      for (const control of ['sim-colleague-message', 'sim-group-message']) {
        const previous = (await result.textContent()) ?? '';
        await frame.getByTestId(control).click();
        await expect(result).not.toHaveText(previous);
        await expect(result).toHaveText(/^已发送到 \S+$/);
      }

      await frame.getByTestId('sim-close').click();
      await expect(result).toHaveText('已关闭 Local3101');
      await openRow(frame, second.user.nickname);
      await frame.getByTestId('sim-close-auto').check();
      await frame.getByTestId('sim-close').click();
      await settle(host, 1);
      const before = await outcome(host);

      await frame.getByTestId('sim-seed').fill('99');
      await frame.getByTestId('sim-scenario').selectOption('busy-queue');
      await frame.getByTestId('sim-reset').click();
      await expect(result).toHaveText('已重置：种子 99，场景 busy-queue');
      await expect(frame.getByTestId('queue-button')).toHaveText('排队队列(3)');
      await settle(host, 2);
      return { before, after: await outcome(host) };
    });

    const viaApi = await inContext(browser, async (host) => {
      const { frame } = host;
      const first = await frame.evaluate(() =>
        window.emulator.visitorArrives({ nickname: 'Local3101', content: '你好，在吗', type: 'WORKGROUP' }),
      );
      const second = await frame.evaluate(() => window.emulator.visitorArrives({}));
      await frame.evaluate((uid) => window.emulator.openThread(uid), first.uid);
      await frame.evaluate((uid) => window.emulator.visitorSends(uid, '我的快递到哪了'), first.uid);
      await frame.evaluate(() => window.emulator.colleagueSends({}));
      await frame.evaluate(() => window.emulator.groupSends({}));
      await frame.evaluate((uid) => window.emulator.closeThread(uid), first.uid);
      await frame.evaluate((uid) => window.emulator.openThread(uid), second.uid);
      await frame.evaluate((uid) => window.emulator.closeThread(uid, { auto: true }), second.uid);
      await settle(host, 1);
      const before = await outcome(host);
      await frame.evaluate(() => window.emulator.reset({ seed: 99, scenario: 'busy-queue' }));
      await settle(host, 2);
      return { before, after: await outcome(host) };
    });

    expect(viaControls.before.state).toBe(viaApi.before.state);
    expect(viaControls.before.events).toBe(viaApi.before.events);
    expect(viaControls.after.state).toBe(viaApi.after.state);
    expect(viaControls.after.events).toBe(viaApi.after.events);
    // Closed by the agent, then by the idle rule: both actions went out.
    expect(viaControls.before.events).toContain('"action":"close"');
    expect(viaControls.before.events).toContain('"action":"auto_close"');
  });

  test('a control that needs a selected thread says so instead of acting', async ({ page }) => {
    const host = await openHost(page, WORLD);
    await widen(host);
    const before = await host.frame.evaluate(() => window.emulator.state());
    await host.frame.getByTestId('sim-visitor-message').click();
    await expect(host.frame.getByTestId('sim-error')).toHaveText('请先在会话列表中选中一个会话');
    await host.frame.getByTestId('sim-close').click();
    await expect(host.frame.getByTestId('sim-error')).toHaveText('请先在会话列表中选中一个会话');
    expect(await host.frame.evaluate(() => window.emulator.state())).toEqual(before);
  });

  test('a refused control shows the world’s reason (closing an already closed thread)', async ({ page }) => {
    const host = await openHost(page, WORLD);
    await widen(host);
    const closed = (await host.frame.evaluate(() => window.emulator.state())).threads.find(
      (t) => t.status === 'CLOSED',
    );
    if (!closed) throw new Error('the demo world should have a closed thread');
    await host.frame.locator(`[data-testid="thread-item"][data-uid="${closed.uid}"]`).click();
    await host.frame.getByTestId('sim-close').click();
    await expect(host.frame.getByTestId('sim-error')).toHaveText(
      `被拒绝：closeThread: thread ${closed.uid} is already CLOSED`,
    );
  });

  test('the autopilot toggle starts and stops the world on its own (virtual time)', async ({ page }) => {
    const host = await openHost(page, WORLD);
    await widen(host);
    const autopilot = host.frame.getByTestId('sim-autopilot');
    const state = () => host.frame.evaluate(() => JSON.stringify(window.emulator.state()));
    const advance = (ms: number) => host.frame.evaluate((m) => window.emulator.advance(m), ms);
    await expect(autopilot).not.toBeChecked();

    const still = await state();
    await advance(60_000);
    expect(await state()).toBe(still);

    await autopilot.check();
    await advance(60_000);
    const lively = await state();
    expect(lively).not.toBe(still);
    await expect.poll(async () => (await host.events()).length).toBeGreaterThan(1);

    await autopilot.uncheck();
    await advance(60_000);
    expect(await state()).toBe(lively);
  });

  test('with the autopilot on, visitors arrive over a few seconds of real time (flood)', async ({ page }) => {
    const host = await openHost(page, { scenario: 'flood', seed: 32 });
    await widen(host);
    await host.frame.getByTestId('sim-autopilot').check();
    await expect
      .poll(async () => (await host.events('new_visitor_message')).length, { timeout: 4000 })
      .toBeGreaterThan(0);
    await expect.poll(async () => (await host.events('unread_message_count')).length).toBeGreaterThan(1);

    await host.frame.getByTestId('sim-autopilot').uncheck();
    await settle(host, 1);
    const stopped = (await host.events()).length;
    await page.waitForTimeout(1000);
    // 1 s is four flood bursts of 50 inputs: any left running would show.
    expect((await host.events()).length).toBe(stopped);
  });

  test('below 1280 px the panels live in a drawer opened from the status bar', async ({ page }) => {
    const host = await openHost(page, WORLD);
    const panel = host.frame.getByTestId('sim-panel');
    await expect(panel).toBeHidden();
    await expect(host.frame.getByTestId('inspector')).toBeHidden();
    await host.frame.getByTestId('emulator-toggle').click();
    await expect(panel).toBeVisible();
    await expect(host.frame.getByTestId('inspector')).toBeVisible();
    await host.frame.getByTestId('sim-new-visitor').click();
    await expect(host.frame.getByTestId('sim-result')).toContainText('已创建');
    await host.frame.getByTestId('emulator-toggle').click();
    await expect(panel).toBeHidden();
  });
});

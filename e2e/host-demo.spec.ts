import { expect, test } from '@playwright/test';
import { emulatorFrame } from './support/host';
import { hostDemoUrl } from './support/urls';

/** The sandbox a person uses by hand: every command has a button, every event shows up. */
test.describe('host demo sandbox', () => {
  test('shows status and unread state, and each command button has its effect', async ({ page }) => {
    await page.goto(hostDemoUrl({ seed: 11, autopilot: 0 }));
    const frame = await emulatorFrame(page);
    const state = await frame.evaluate(() => window.emulator.state());
    await expect(page.getByTestId('unread-total')).toHaveText(String(state.totalUnreadCount));
    await expect(page.getByTestId('unread-thread')).toHaveCount(state.threads.filter((t) => t.unreadCount > 0).length);

    await page.getByTestId('cmd-update_agent_status_busy').click();
    await expect(page.getByTestId('agent-status')).toHaveText('BUSY');
    await page.getByTestId('cmd-update_agent_status_offline').click();
    await expect(page.getByTestId('agent-status')).toHaveText('OFFLINE');
    await page.getByTestId('cmd-update_agent_status_available').click();
    await expect(page.getByTestId('agent-status')).toHaveText('AVAILABLE');
    await page.getByTestId('status-select').selectOption('BUSY');
    await page.getByTestId('cmd-update_agent_status').click();
    await expect(page.getByTestId('agent-status')).toHaveText('BUSY');

    const first = page.getByTestId('unread-thread').first();
    const uid = await first.getAttribute('data-uid');
    await page.getByTestId(`clear-${uid}`).click();
    await expect(page.locator(`[data-testid="unread-thread"][data-uid="${uid}"]`)).toHaveCount(0);
    expect((await frame.evaluate(() => window.emulator.state())).threads.find((t) => t.uid === uid)?.unreadCount).toBe(
      0,
    );

    const rowsBefore = await page.locator('[data-testid="log-row"][data-type="unread_message_count"]').count();
    await page.getByTestId('cmd-refresh_threads').click();
    await expect(page.locator('[data-testid="log-row"][data-type="unread_message_count"]')).toHaveCount(rowsBefore + 1);

    const second = await page.getByTestId('unread-thread').first().getAttribute('data-uid');
    await page.getByTestId('thread-uid-input').fill(second ?? '');
    await page.getByTestId('cmd-clear_unread_count').click();
    await expect(page.locator(`[data-testid="unread-thread"][data-uid="${second}"]`)).toHaveCount(0);
    expect(await frame.evaluate(() => window.emulator.violations())).toEqual([]);
  });

  test('the raw composer sends a typical mistake, which the emulator records as a violation', async ({ page }) => {
    await page.goto(hostDemoUrl({ autopilot: 0 }));
    const frame = await emulatorFrame(page);
    await page.getByTestId('raw-json').fill('{ "type": "update_agent_status", "data": { "status": "ONLINE" } }');
    await page.getByTestId('raw-send').click();
    await expect
      .poll(async () => (await frame.evaluate(() => window.emulator.violations())).map((v) => v.reason))
      .toEqual(['update_agent_status: data.status must be one of AVAILABLE, BUSY, OFFLINE; got "ONLINE"']);
    await page.getByTestId('raw-json').fill('{ "type": ');
    await page.getByTestId('raw-send').click();
    await expect(page.getByTestId('raw-error')).toBeVisible();
  });

  test('the event log shows new visitors, filters by type, clears and exports JSON', async ({ page }) => {
    await page.goto(hostDemoUrl({ scenario: 'empty', autopilot: 0 }));
    const frame = await emulatorFrame(page);
    await frame.evaluate(() => window.emulator.visitorArrives({ nickname: '<img src=x onerror=alert(1)>' }));
    const visitorRow = page.locator('[data-testid="log-row"][data-type="new_visitor_message"]');
    await expect(visitorRow).toHaveCount(1);
    await expect(page.getByTestId('unread-thread')).toContainText('<img src=x onerror=alert(1)>');

    await page.getByTestId('log-filter').selectOption('new_visitor_message');
    await expect(page.locator('[data-testid="log-row"]:not([data-type="new_visitor_message"])')).toHaveCount(0);
    await page.getByTestId('log-filter').selectOption('');

    const download = page.waitForEvent('download');
    await page.getByTestId('log-export').click();
    const file = await (await download).path();
    const exported = JSON.parse(await (await import('node:fs/promises')).readFile(file, 'utf8')) as Array<{
      type: string;
    }>;
    expect(exported.map((e) => e.type)).toContain('new_visitor_message');

    await page.getByTestId('log-clear').click();
    await expect(page.getByTestId('log-row')).toHaveCount(0);
  });
});

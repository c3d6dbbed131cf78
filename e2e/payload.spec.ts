import { expect, test } from '@playwright/test';
import { PAYLOAD_FAMILIES } from '../protocol';
import { emulatorFrame } from './support/host';
import { hostDemoUrl } from './support/urls';

/**
 * docs/protocol.md §9: a host built on the host client (the host demo: connectAgentConsole with validate: parseEvent)
 * works unchanged whatever the console sends: the vendor's mix of full and thin threads, only what the doc
 * promises, or full ThreadResponse objects everywhere.
 */
for (const payload of PAYLOAD_FAMILIES) {
  test(`payload=${payload}: the host client's host shows visitors, totals and status, and clears unread`, async ({
    page,
  }) => {
    await page.goto(hostDemoUrl({ scenario: 'empty', autopilot: 0, payload }));
    const frame = await emulatorFrame(page);
    await expect(page.getByTestId('unread-total')).toHaveText('0');

    const thread = await frame.evaluate(() => window.emulator.visitorArrives({ nickname: 'Ann', type: 'WORKGROUP' }));
    const row = page.locator(`[data-testid="unread-thread"][data-uid="${thread.uid}"]`);
    await expect(row).toContainText('Ann');
    await expect(page.getByTestId('unread-total')).toHaveText('1');

    await page.getByTestId('cmd-update_agent_status_busy').click();
    await expect(page.getByTestId('agent-status')).toHaveText('BUSY');

    await page.getByTestId(`clear-${thread.uid}`).click();
    await expect(row).toHaveCount(0);
    await expect(page.getByTestId('unread-total')).toHaveText('0');

    // Nothing was refused by the host's validation, and the console refused nothing it meant to send.
    await expect(page.locator('[data-testid="log-row"][data-level="invalid"]')).toHaveCount(0);
    const log = await frame.evaluate(() => window.emulator.log());
    expect(log.filter((e) => e.direction === 'out' && e.outcome !== 'ok')).toEqual([]);
    expect(await frame.evaluate(() => window.emulator.violations())).toEqual([]);
  });
}

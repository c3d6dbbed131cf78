import { expect, test } from '@playwright/test';
import { openHost } from './support/host';

const MALFORMED: Array<[string, unknown, RegExp]> = [
  [
    'status ONLINE',
    { type: 'update_agent_status', data: { status: 'ONLINE' } },
    /^update_agent_status: data\.status must be one of AVAILABLE, BUSY, OFFLINE; got "ONLINE"$/,
  ],
  [
    'lowercase busy',
    { type: 'update_agent_status', data: { status: 'busy' } },
    /data\.status must be one of .*; got "busy"/,
  ],
  ['missing data', { type: 'update_agent_status' }, /data must be an object; got nothing/],
  ['missing threadUid', { type: 'clear_unread_count', data: {} }, /data\.threadUid must be a string; got nothing/],
  [
    'threadUid as a number',
    { type: 'clear_unread_count', data: { threadUid: 42 } },
    /data\.threadUid must be a string; got 42/,
  ],
  ['data as a string', { type: 'clear_unread_count', data: 'abc' }, /data must be an object; got "abc"/],
  [
    'unknown threadUid',
    { type: 'clear_unread_count', data: { threadUid: 'no-such-thread' } },
    /unknown threadUid "no-such-thread"/,
  ],
];

test.describe('malformed commands change nothing and are recorded as violations', () => {
  test('each malformed command is a violation with a reason naming field, expectation and value', async ({ page }) => {
    const host = await openHost(page, { seed: 8 });
    const before = await host.frame.evaluate(() => window.emulator.state());
    for (const [, message] of MALFORMED) await host.send(message);
    // Ordered channel: once this acknowledgement is back, every message above has been handled.
    await host.send({ type: 'refresh_threads' });
    await host.nth('unread_message_count', 2);
    const violations = await host.frame.evaluate(() => window.emulator.violations());
    expect(violations).toHaveLength(MALFORMED.length);
    MALFORMED.forEach(([name, message, reason], i) => {
      expect(violations[i]?.reason, name).toMatch(reason);
      expect(violations[i]?.message, name).toEqual(message);
    });
    expect(await host.frame.evaluate(() => window.emulator.state())).toEqual(before);
    expect(await host.events('agent_status_changed')).toEqual([]);
    expect(await host.events('unread_message_count')).toHaveLength(2);
  });

  test('foreign traffic is ignored and counted, extra fields are accepted with a warning', async ({ page }) => {
    const host = await openHost(page);
    await host.send({ type: 'webpackHotUpdate', hash: 'abc' });
    await host.send('just a string');
    await host.send({ type: 'update_agent_status_busy', data: { reason: 'lunch' }, requestId: 7 });
    await host.nth('agent_status_changed', 1);
    const log = await host.frame.evaluate(() => window.emulator.log());
    const inbound = log.filter((e) => e.direction === 'in');
    expect(inbound.map((e) => e.outcome)).toEqual(['foreign', 'foreign', 'warning']);
    expect(inbound[2]?.reason).toMatch(/unknown fields data, requestId ignored/);
    expect((await host.frame.evaluate(() => window.emulator.state())).agent.status).toBe('BUSY');
  });

  test('the inspector shows the violation and its reason', async ({ page }) => {
    const host = await openHost(page);
    await host.send({ type: 'update_agent_status', data: { status: 'ONLINE' } });
    const row = host.frame.locator('[data-testid="inspector-row"][data-outcome="violation"]');
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('must be one of AVAILABLE, BUSY, OFFLINE; got "ONLINE"');
  });
});

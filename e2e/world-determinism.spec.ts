import { type Browser, expect, test } from '@playwright/test';
import { type Host, openHost } from './support/host';
import { anotherWorld } from './support/urls';

/**
 * docs/emulator.md: "same seed ⇒ same world and same events". Two fresh browser contexts (separate storage, separate
 * processes) replay one script of test-API calls and host commands; the world and every event payload must come
 * out byte for byte the same. Envelope `timestamp`s are wall-clock by design (README) and are the only thing
 * stripped. The world's own dates follow the virtual clock, pinned with `now`, so they are compared too.
 */

const NOW = '2025-06-02T09:30:00+08:00';
const MINUTE = 60_000;

type Run = { state: string; events: string; types: string[] };

/** One context and one world per run, so neither the saved world nor the frame process is shared. */
async function replay(browser: Browser, seed: number): Promise<Run> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const host = await openHost(page, { seed, scenario: 'demo', clock: 'virtual', now: NOW, world: anotherWorld() });
    await script(host);
    const state = await host.frame.evaluate(() => window.emulator.state());
    const events = (await host.events()).map(({ timestamp: _wallClock, ...rest }) => rest);
    return { state: JSON.stringify(state), events: JSON.stringify(events), types: events.map((e) => e.type) };
  } finally {
    await context.close();
  }
}

/** Waits for the event a command causes before the next input, so both runs interleave inputs identically. */
async function command(host: Host, message: unknown, until: { type: Parameters<Host['nth']>[0]; total: number }) {
  await host.send(message);
  await host.nth(until.type, until.total);
}

async function script(host: Host): Promise<void> {
  const count = async (type: Parameters<Host['events']>[0]) => (await host.events(type)).length;
  const first = await host.frame.evaluate(() => window.emulator.visitorArrives());
  await host.frame.evaluate(() => window.emulator.visitorArrives({ type: 'AGENT', content: '在吗？' }));
  await host.frame.evaluate(() => window.emulator.colleagueSends());
  await host.frame.evaluate(() => window.emulator.groupSends({ content: '今天开会' }));
  await host.frame.evaluate((uid) => window.emulator.visitorSends(uid, '还有一个问题'), first.uid);
  await host.frame.evaluate(() => window.emulator.flood(9));
  await host.frame.evaluate((uid) => window.emulator.openThread(uid), first.uid);

  // BUSY is not accepting (R3): the next visitor leaves a message; then the agent is AVAILABLE again.
  await command(host, { type: 'update_agent_status_busy' }, { type: 'agent_status_changed', total: 1 });
  const left = await host.frame.evaluate(() => window.emulator.visitorArrives({ type: 'WORKGROUP' }));
  expect(left.status).toBe('OFFLINE');
  await command(host, { type: 'update_agent_status_available' }, { type: 'agent_status_changed', total: 2 });

  const state = await host.frame.evaluate(() => window.emulator.state());
  const unread = state.threads.find((t) => t.unreadCount > 0 && t.uid !== first.uid);
  if (!unread) throw new Error('the script expects an unread thread to clear');
  const unreadEvents = await count('unread_message_count');
  await command(
    host,
    { type: 'clear_unread_count', data: { threadUid: unread.uid } },
    { type: 'unread_message_count', total: unreadEvents + 1 },
  );
  await command(host, { type: 'refresh_threads' }, { type: 'unread_message_count', total: unreadEvents + 2 });

  await host.frame.evaluate((uid) => window.emulator.closeThread(uid), first.uid);
  const other = state.threads.find((t) => t.uid !== first.uid && t.type === 'AGENT' && t.status === 'CHATTING');
  if (other) await host.frame.evaluate((uid) => window.emulator.transferThread(uid), other.uid);
  // Idle visitor threads close themselves after 30 minutes of silence.
  await host.frame.evaluate((ms) => window.emulator.advance(ms), 31 * MINUTE);
  await command(
    host,
    { type: 'update_agent_status', data: { status: 'AVAILABLE' } },
    {
      type: 'agent_status_changed',
      total: 3,
    },
  );
  await host.frame.evaluate(() => window.emulator.visitorArrives());
  // Every command's event has arrived; the last API call's events were posted before evaluate returned, but
  // travel asynchronously: wait for the final new_visitor_message.
  await expect.poll(() => count('new_visitor_message')).toBeGreaterThanOrEqual(3);
}

test.describe('the simulated world is deterministic', () => {
  test('same seed, same inputs ⇒ identical state() and identical event payloads, byte for byte', async ({
    browser,
  }) => {
    const a = await replay(browser, 20250602);
    const b = await replay(browser, 20250602);
    // The script really exercised the world: every event type, many events.
    expect(new Set(a.types)).toEqual(
      new Set(['unread_message_count', 'new_visitor_message', 'agent_status_changed', 'thread_status_changed']),
    );
    expect(a.types.length).toBeGreaterThan(12);
    expect(b.state).toBe(a.state);
    expect(b.events).toBe(a.events);
  });

  test('another seed gives another world and other events (the comparison above can fail)', async ({ browser }) => {
    const a = await replay(browser, 20250602);
    const c = await replay(browser, 7);
    expect(c.state).not.toBe(a.state);
    expect(c.events).not.toBe(a.events);
  });

  test('`now` pins the dates: the world starts at the given instant (Asia/Shanghai wall time)', async ({ page }) => {
    const host = await openHost(page, { seed: 3, scenario: 'empty', clock: 'virtual', now: NOW });
    const thread = await host.frame.evaluate(() => window.emulator.visitorArrives());
    expect(thread.createdAt).toBe('2025-06-02 09:30:00');
    await host.frame.evaluate(() => window.emulator.advance(90_000));
    await host.frame.evaluate((uid) => window.emulator.visitorSends(uid, '你好'), thread.uid);
    const state = await host.frame.evaluate(() => window.emulator.state());
    expect(state.threads.find((t) => t.uid === thread.uid)?.updatedAt).toBe('2025-06-02 09:31:30');
  });
});

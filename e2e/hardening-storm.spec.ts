import { expect, type Frame, test } from '@playwright/test';
import type { Outcome } from '../emulator/simulator/protocol-log';
import { openHost } from './support/host';
import { EMULATOR_ORIGIN } from './support/urls';

/** Issue 6, item 1 in the browser: thousands of hostile messages from the real parent, through structured clone. */
const STORM = Number(process.env.E2E_STORM ?? 5000);
const END = 'storm:end';

type Expected = Exclude<Outcome, 'rejected-origin' | 'early'>;

/**
 * Runs in the host page: posts `count` messages to the emulator, each made by a case whose outcome is known
 * by construction (docs/protocol.md §4–5), and returns those outcomes in order. Self-contained: it is serialized
 * into the page.
 */
function storm({ count, uids, seed, end }: { count: number; uids: string[]; seed: number; end: string }) {
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  const own = (target: object, key: string, value: unknown) =>
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  const HUGE = 'x'.repeat(1 << 20);
  let DEEP: unknown = 'BUSY';
  for (let i = 0; i < 1000; i++) DEEP = { data: DEEP };
  const odd = () => pick<unknown>([null, 0, -1, Number.NaN, '', true, 10n, new Date(), new Uint8Array(4), [], [1]]);

  // `acks`: the case is a valid status update, answered by exactly one agent_status_changed.
  type Case = [weight: number, make: () => [unknown, 'ok' | 'warning' | 'violation' | 'foreign'], acks?: true];
  const cases: Case[] = [
    [4, () => [{ type: 'refresh_threads' }, 'ok']],
    [4, () => [{ type: 'update_agent_status', data: { status: pick(['AVAILABLE', 'BUSY', 'OFFLINE']) } }, 'ok'], true],
    [4, () => [{ type: 'clear_unread_count', data: { threadUid: pick(uids) } }, 'ok']],
    [2, () => [{ type: 'update_agent_status_busy', requestId: 7 }, 'warning'], true],
    [2, () => [own({ type: 'update_agent_status_available' }, '__proto__', { pollutedByStorm: 1 }), 'warning'], true],
    [2, () => [JSON.parse('{"type":"refresh_threads","constructor":{"prototype":{"pollutedByStorm":1}}}'), 'warning']],
    [
      4,
      () => [
        { type: 'update_agent_status', data: { status: pick(['ONLINE', 'busy', 'Busy', '', ' BUSY']) } },
        'violation',
      ],
    ],
    [2, () => [{ type: 'update_agent_status' }, 'violation']],
    [4, () => [{ type: 'update_agent_status', data: pick([odd(), new Map([['status', 'BUSY']]), DEEP]) }, 'violation']],
    [
      4,
      () => [
        { type: 'clear_unread_count', data: { threadUid: pick([42, null, '', 7n, new Date(), ['x'], {}]) } },
        'violation',
      ],
    ],
    [
      3,
      () => [
        { type: 'clear_unread_count', data: { threadUid: pick(['no-such-thread', '__proto__', 'constructor']) } },
        'violation',
      ],
    ],
    [2, () => [JSON.parse('{"type":"update_agent_status","data":{"__proto__":{"status":"BUSY"}}}'), 'violation']],
    [2, () => [{ type: 'clear_unread_count', data: DEEP }, 'violation']],
    [4, () => [odd(), 'foreign']],
    [2, () => [pick([undefined, new Map(), new Set(['x']), [{ type: 'refresh_threads' }], DEEP]), 'foreign']],
    [
      4,
      () => [
        {
          type: pick([
            'UPDATE_AGENT_STATUS_BUSY',
            'Refresh_threads',
            'webpackHotUpdate',
            42,
            null,
            ['refresh_threads'],
          ]),
        },
        'foreign',
      ],
    ],
    [2, () => [JSON.parse('{"__proto__":{"pollutedByStorm":1},"type":"__proto__"}'), 'foreign']],
    [2, () => [{ data: { status: 'BUSY' } }, 'foreign']],
    // Megabyte strings: rare, as a host would send them.
    [0.1, () => [{ type: 'update_agent_status', data: { status: HUGE } }, 'violation']],
    [0.1, () => [{ type: 'clear_unread_count', data: { threadUid: HUGE } }, 'violation']],
    [0.1, () => [{ type: HUGE }, 'foreign']],
    [0.1, () => [HUGE, 'foreign']],
  ];
  const total = cases.reduce((sum, [weight]) => sum + weight, 0);
  const expected: string[] = [];
  let acks = 0;
  const target = (document.getElementById('bytedesk-iframe') as HTMLIFrameElement).contentWindow as Window;
  const origin = new URL((document.getElementById('bytedesk-iframe') as HTMLIFrameElement).src).origin;
  for (let i = 0; i < count; i++) {
    let roll = random() * total;
    let found = cases[0] as Case;
    for (const candidate of cases) {
      found = candidate;
      roll -= candidate[0];
      if (roll < 0) break;
    }
    const [message, outcome] = found[1]();
    target.postMessage(message, origin);
    expected.push(outcome);
    if (found[2]) acks++;
  }
  target.postMessage({ type: end }, origin);
  return { expected, acks };
}

const protoNames = (frame: Frame) =>
  frame.evaluate(() =>
    [Object.prototype, Array.prototype, Function.prototype].map((p) => Object.getOwnPropertyNames(p).sort().join()),
  );

test(`a storm of ${STORM} hostile messages: no exception, no pollution, §5 invariants, every violation recorded`, async ({
  page,
}) => {
  test.setTimeout(180_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console.error: ${message.text().slice(0, 200)}`);
  });
  const host = await openHost(page, { seed: 11, scenario: 'busy-queue' });
  const protoBefore = await protoNames(host.frame);
  const uids = (await host.frame.evaluate(() => window.emulator.state())).threads.map((t) => t.uid);
  expect(uids.length).toBeGreaterThan(3);

  const started = Date.now();
  const { expected, acks } = (await page.evaluate(storm, { count: STORM, uids, seed: 6, end: END })) as {
    expected: Expected[];
    acks: number;
  };
  const posting = (Date.now() - started) / 1000;
  // The channel is ordered: once the end marker is in the inspector, every message before it was handled.
  await expect(host.frame.locator(`[data-testid="inspector-row"][data-type="${END}"]`)).toHaveCount(1, {
    timeout: 120_000,
  });
  const seconds = (Date.now() - started) / 1000;

  const want: Record<Expected, number> = { ok: 0, warning: 0, violation: 0, foreign: 1 };
  for (const outcome of expected) want[outcome]++;
  const totals = host.frame.locator('[data-testid="inspector-total"]');
  await expect(totals.and(host.frame.locator('[data-outcome="violation"]'))).toHaveText(`violation ${want.violation}`);
  await expect(totals.and(host.frame.locator('[data-outcome="warning"]'))).toHaveText(`warning ${want.warning}`);
  await expect(totals.and(host.frame.locator('[data-outcome="foreign"]'))).toHaveText(`foreign ${want.foreign}`);
  await expect(totals.and(host.frame.locator('[data-outcome="rejected-origin"]'))).toHaveText('rejected-origin 0');

  // The ring buffer holds the latest entries: their verdicts, in order, are the storm's last ones.
  const recent = await host.frame.evaluate(() =>
    window.emulator
      .log()
      .filter((e) => e.direction === 'in')
      .map((e) => ({ outcome: e.outcome, reason: e.reason ?? '', type: e.type })),
  );
  expect(recent.at(-1)?.type).toBe(END);
  const tail = recent.slice(0, -1);
  expect(tail.length).toBeGreaterThan(500);
  expect(tail.map((e) => e.outcome)).toEqual(expected.slice(-tail.length));
  for (const entry of tail.filter((e) => e.outcome === 'violation')) {
    expect(entry.reason).toMatch(/^(update_agent_status|clear_unread_count): .*(; got |unknown threadUid ")/);
    expect(entry.reason.length).toBeLessThan(600);
  }
  // Nothing we emitted failed our own strict check.
  const outViolations = await host.frame.evaluate(
    () => window.emulator.log().filter((e) => e.direction === 'out' && e.outcome !== 'ok').length,
  );
  expect(outViolations).toBe(0);

  // docs/protocol.md §5 invariants, in the world and in every unread event the host received.
  const state = await host.frame.evaluate(() => window.emulator.state());
  const counts = state.threads.map((t) => t.unreadCount);
  expect(counts.every((n) => Number.isInteger(n) && n >= 0)).toBe(true);
  // Queued visitors wait in their own queue, outside the unread total (E3).
  const unqueued = state.threads.filter((t) => t.status !== 'QUEUING').map((t) => t.unreadCount);
  expect(state.totalUnreadCount).toBe(unqueued.reduce((a, b) => a + b, 0));
  expect(new Set(state.threads.map((t) => t.uid)).size).toBe(state.threads.length);
  for (const event of await host.events('unread_message_count')) {
    if (event.type !== 'unread_message_count') continue;
    const { totalUnreadCount, unreadThreads } = event.data;
    expect(totalUnreadCount).toBe(unreadThreads.reduce((n, t) => n + (t.unreadCount ?? 0), 0));
  }

  expect(await protoNames(host.frame)).toEqual(protoBefore);
  expect(await host.frame.evaluate(() => 'pollutedByStorm' in {} || 'pollutedByStorm' in [])).toBe(false);

  // Every valid status update was answered exactly once, and the console still answers.
  await expect.poll(async () => (await host.events('agent_status_changed')).length).toBe(acks);
  await host.send({ type: 'update_agent_status', data: { status: 'BUSY' } });
  const answer = await host.nth('agent_status_changed', acks + 1);
  expect(answer).toMatchObject({ type: 'agent_status_changed', data: { status: 'BUSY' } });
  expect(problems).toEqual([]);
  expect(page.frames().some((f) => f.url().startsWith(EMULATOR_ORIGIN))).toBe(true);
  console.log(
    `storm: ${STORM} messages posted in ${posting.toFixed(1)} s, all handled after ${seconds.toFixed(1)} s; ` +
      `expected ${JSON.stringify(want)}; ` +
      `unread events seen by the host ${(await host.events('unread_message_count')).length}`,
  );
});

import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkEmitted, EVENT_SOURCE, parseCommand } from '../../protocol';
import { COMMAND_TYPES } from '../../protocol/names';
import { fakeWindow, HOST } from '../../test-support/fake-window';
import { STRUCTURED_CLONEABLE } from '../../test-support/hostile-messages';
import { T0, testRuntime } from '../../test-support/test-runtime';
import { invariantProblems } from '../../test-support/world-kit';
import { virtualClock } from '../simulator/clock';
import type { Params } from '../simulator/params';
import type { LogEntry } from '../simulator/protocol-log';
import type { Runtime } from '../simulator/runtime';
import { type ScenarioName, unreadSummary } from '../world';
import { installBridge } from './bridge';
import { type OriginPolicy, originPolicy } from './origins';

const EVIL = 'https://evil.example';

const running: Runtime[] = [];
afterEach(() => {
  for (const runtime of running.splice(0)) runtime.stop();
  vi.restoreAllMocks();
});

function setup(
  opts: { scenario?: ScenarioName; params?: Partial<Params>; policy?: OriginPolicy; start?: boolean } = {},
) {
  const clock = virtualClock(T0);
  const runtime = testRuntime({ params: { scenario: opts.scenario ?? 'demo', ...opts.params }, clock });
  running.push(runtime);
  const w = fakeWindow();
  const policy = opts.policy ?? originPolicy({ parent: HOST, allow: [] });
  // Validation already loaded: these tests are about handling, bridge-queue.test.ts about the wait for it.
  const uninstall = installBridge({ runtime, policy, win: w.win, validation: { parseCommand, checkEmitted } });
  if (opts.start !== false) runtime.start();
  const log = () => runtime.log.list();
  const last = () => runtime.log.list().at(-1) as LogEntry;
  const unreadUid = () => Object.values(runtime.world.peek().threads).find((t) => t.unreadCount > 0)?.uid ?? '';
  return { runtime, clock, policy, uninstall, log, last, unreadUid, ...w };
}

describe('installBridge: what it listens to', () => {
  it('listens for message events on the window it is given', () => {
    const { raw, listeners } = setup();
    expect(raw.addEventListener).toHaveBeenCalledWith('message', expect.any(Function));
    expect(listeners.size).toBe(1);
  });

  it.each([
    [null, '(no type)'],
    ['hello', '(no type)'],
    [42, '(no type)'],
    [[1, 2], '(no type)'],
    [{}, '(no type)'],
    [{ type: 'webpackHotUpdate', data: {} }, 'webpackHotUpdate'],
    [{ type: 'unread_message_count', data: {} }, 'unread_message_count'],
    [{ type: 'UPDATE_AGENT_STATUS_BUSY' }, 'UPDATE_AGENT_STATUS_BUSY'],
    [{ type: 7 }, '7'],
    [{ source: 'react-devtools-bridge', payload: {} }, '(no type)'],
  ])('ignores foreign traffic %j, logging it as foreign', (data, type) => {
    const { deliver, runtime, parent, last } = setup();
    parent.postMessage.mockClear();
    const before = runtime.world.peek();
    deliver(data);
    expect(last()).toMatchObject({ direction: 'in', type, outcome: 'foreign', message: data });
    expect(last().reason).toBeUndefined();
    expect(runtime.world.peek()).toBe(before);
    expect(parent.postMessage).not.toHaveBeenCalled();
  });

  it('logs foreign traffic whatever its source or origin', () => {
    const { deliver, last } = setup();
    deliver({ type: 'vite:ping' }, { source: null, origin: EVIL });
    expect(last()).toMatchObject({ outcome: 'foreign', type: 'vite:ping' });
  });

  it('cuts a very long type label to 100 characters', () => {
    const { deliver, last } = setup();
    deliver({ type: 'x'.repeat(10_000) });
    expect(last().type).toBe('x'.repeat(100));
  });

  it('labels a message whose type cannot even be previewed (a revoked Proxy) as having no type', () => {
    const { deliver, last, runtime } = setup();
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const before = runtime.world.peek();
    expect(() => deliver({ type: proxy })).not.toThrow();
    expect(last()).toMatchObject({ direction: 'in', type: '(no type)', outcome: 'foreign' });
    expect(runtime.world.peek()).toBe(before);
  });

  it('a function is never a message, whatever fields it carries: foreign, with no type, and not a first command', () => {
    // Structured clone cannot carry one, but a script in the page can dispatch a MessageEvent with any data.
    const { deliver, last, runtime } = setup();
    const before = runtime.world.peek();
    deliver(Object.assign(() => {}, { type: 'update_agent_status_busy' }));
    expect(last()).toMatchObject({ direction: 'in', type: '(no type)', outcome: 'foreign' });
    expect(runtime.boot.peek().firstCommand).toBeNull();
    expect(runtime.world.peek()).toBe(before);
  });

  it.each([
    ['no source', null],
    ['the console window itself', 'self'],
    ['another window', {}],
  ])('rejects a command from %s: not sent by the parent window', (_name, source) => {
    const { deliver, runtime, raw, parent, last } = setup();
    parent.postMessage.mockClear();
    const before = runtime.world.peek();
    const message = { type: 'update_agent_status_busy' };
    deliver(message, { source: source === 'self' ? raw : source });
    expect(last()).toMatchObject({
      direction: 'in',
      type: 'update_agent_status_busy',
      outcome: 'rejected-origin',
      reason: 'not sent by the parent window',
      message,
    });
    expect(runtime.world.peek()).toBe(before);
    expect(parent.postMessage).not.toHaveBeenCalled();
  });

  it('rejects a command from the parent window at an origin the policy does not accept', () => {
    const { deliver, runtime, policy, parent, last } = setup();
    parent.postMessage.mockClear();
    const before = runtime.world.peek();
    deliver({ type: 'update_agent_status_offline' }, { origin: EVIL });
    expect(last()).toMatchObject({
      direction: 'in',
      type: 'update_agent_status_offline',
      outcome: 'rejected-origin',
      reason: `origin ${EVIL} is not allowed (${policy.summary})`,
    });
    expect(runtime.world.peek()).toBe(before);
    expect(parent.postMessage).not.toHaveBeenCalled();
  });

  it('checks the source before the origin, and the origin before the schema', () => {
    const { deliver, log } = setup();
    const bad = { type: 'update_agent_status', data: { status: 'ONLINE' } };
    deliver(bad, { source: null, origin: EVIL });
    deliver(bad, { origin: EVIL });
    deliver(bad);
    expect(
      log()
        .slice(-3)
        .map((e) => [e.outcome, e.reason?.slice(0, 20)]),
    ).toEqual([
      ['rejected-origin', 'not sent by the pare'],
      ['rejected-origin', `origin ${EVIL}`.slice(0, 20)],
      ['violation', 'update_agent_status:'],
    ]);
  });

  it('with an allowlist, accepts listed origins and rejects the rest', () => {
    const { deliver, runtime, last } = setup({
      policy: originPolicy({ parent: HOST, allow: ['https://partner.example'] }),
    });
    deliver({ type: 'update_agent_status_busy' });
    expect(last().outcome).toBe('rejected-origin');
    deliver({ type: 'update_agent_status_busy' }, { origin: 'https://partner.example' });
    expect(runtime.world.peek().agent.status).toBe('BUSY');
  });
});

describe('installBridge: malformed commands', () => {
  it.each([
    [
      { type: 'update_agent_status', data: { status: 'ONLINE' } },
      'update_agent_status: data.status must be one of AVAILABLE, BUSY, OFFLINE; got "ONLINE"',
    ],
    [
      { type: 'update_agent_status', data: { status: 'busy' } },
      'update_agent_status: data.status must be one of AVAILABLE, BUSY, OFFLINE; got "busy"',
    ],
    [
      { type: 'clear_unread_count', data: { threadUid: 42 } },
      'clear_unread_count: data.threadUid must be a string; got 42',
    ],
    [{ type: 'clear_unread_count' }, 'clear_unread_count: data must be an object; got nothing (the field is missing)'],
  ])('%j is a violation with the reason, and changes nothing', (message, reason) => {
    const { deliver, runtime, parent, last } = setup();
    parent.postMessage.mockClear();
    const before = runtime.world.peek();
    deliver(message);
    expect(last()).toMatchObject({ direction: 'in', outcome: 'violation', type: message.type, message });
    expect(last().reason).toBe(reason);
    expect(runtime.world.peek()).toBe(before);
    expect(parent.postMessage).not.toHaveBeenCalled();
    expect(runtime.log.totals.violation).toBe(1);
  });

  it('a clear_unread_count for an unknown threadUid: the in entry is amended to a violation, nothing changes', () => {
    const { deliver, runtime, parent, log } = setup();
    parent.postMessage.mockClear();
    const before = runtime.world.peek();
    const okBefore = runtime.log.totals.ok;
    deliver({ type: 'clear_unread_count', data: { threadUid: 'nope' } });
    const entries = log().filter((e) => e.direction === 'in');
    expect(entries).toEqual([
      {
        at: expect.any(Number),
        direction: 'in',
        type: 'clear_unread_count',
        outcome: 'violation',
        reason: 'clear_unread_count: unknown threadUid "nope"',
        message: { type: 'clear_unread_count', data: { threadUid: 'nope' } },
      },
    ]);
    expect(runtime.log.totals.ok).toBe(okBefore);
    expect(runtime.log.totals.violation).toBe(1);
    expect(runtime.world.peek()).toBe(before);
    expect(parent.postMessage).not.toHaveBeenCalled();
  });

  it('an unknown field is a warning, and the command is still applied', () => {
    const { deliver, runtime, parent, log } = setup();
    parent.postMessage.mockClear();
    deliver({ type: 'update_agent_status', data: { status: 'BUSY', reason: 'lunch' }, requestId: 7 });
    const [inEntry] = log().filter((e) => e.direction === 'in');
    expect(inEntry).toMatchObject({ outcome: 'warning', type: 'update_agent_status' });
    expect(inEntry?.reason).toMatch(/^update_agent_status: unknown fields .*requestId/);
    expect(inEntry?.reason).toContain('data.reason');
    expect(runtime.world.peek().agent.status).toBe('BUSY');
    expect(parent.postMessage).toHaveBeenCalledTimes(1);
    expect(runtime.log.totals.warning).toBe(1);
  });

  it('a command the emulator fails to apply is amended to a violation, never thrown', () => {
    const { deliver, runtime, last } = setup();
    vi.spyOn(runtime, 'command').mockImplementation(() => {
      throw new Error('boom');
    });
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => deliver({ type: 'refresh_threads' })).not.toThrow();
    expect(last()).toMatchObject({
      outcome: 'violation',
      reason: 'refresh_threads: the emulator failed to apply it (Error: boom)',
    });
    expect(consoleError).toHaveBeenCalled();
  });
});

describe('installBridge: posting events', () => {
  it('posts each event to the policy target, in the vendor envelope, and logs it out with its target', () => {
    const { deliver, parent, posted, runtime, log } = setup();
    deliver({ type: 'update_agent_status_busy' });
    expect(posted.length).toBe(2);
    for (const { message, target } of posted) {
      expect(target).toBe(HOST);
      expect(checkEmitted(message)).toBeNull();
      expect(message).toMatchObject({ source: EVENT_SOURCE, timestamp: expect.any(Number) });
    }
    const [initial, status] = posted.map((p) => p.message as { type: string; data: unknown });
    expect(initial?.type).toBe('unread_message_count');
    expect(status).toMatchObject({
      type: 'agent_status_changed',
      data: { status: 'BUSY', agentInfo: runtime.world.peek().agent },
    });
    const outs = log().filter((e) => e.direction === 'out');
    expect(outs.map((e) => [e.type, e.outcome, e.target])).toEqual([
      ['unread_message_count', 'ok', HOST],
      ['agent_status_changed', 'ok', HOST],
    ]);
    expect(outs.map((e) => e.message)).toEqual(posted.map((p) => p.message));
    expect(parent.postMessage).toHaveBeenCalledTimes(2);
  });

  it("posts and logs a checked payload as one frozen copy shared by equal events, never the world's own objects", () => {
    const { deliver, posted, runtime } = setup();
    deliver({ type: 'update_agent_status_busy' });
    deliver({ type: 'update_agent_status_available' });
    deliver({ type: 'update_agent_status_busy' });
    const outs = runtime.log.list().filter((e) => e.type === 'agent_status_changed');
    const payloads = outs.map((e) => (e.message as { data: { agentInfo: object } }).data);
    expect(payloads.map((p) => p.agentInfo)).not.toContain(runtime.world.peek().agent);
    expect(payloads.every((p) => Object.isFrozen(p) && Object.isFrozen(p.agentInfo))).toBe(true);
    // Same status at the same virtual time: the same payload, so the same copy; what was posted is what is logged.
    expect(payloads[2]).toBe(payloads[0]);
    expect(payloads[1]).not.toEqual(payloads[0]);
    expect(posted.slice(-3).map((p) => p.message)).toEqual(outs.map((e) => e.message));
  });

  it("never posts to '*' unless it was configured", () => {
    const plain = setup();
    plain.deliver({ type: 'refresh_threads' });
    expect(plain.posted.every((p) => p.target === HOST)).toBe(true);
    const star = setup({ policy: originPolicy({ parent: HOST, allow: [], postOrigin: '*' }) });
    star.deliver({ type: 'refresh_threads' });
    expect(star.posted.length).toBeGreaterThan(0);
    expect(star.posted.every((p) => p.target === '*')).toBe(true);
    expect(star.last()).toMatchObject({ direction: 'out', target: '*' });
  });

  it('with no post target (parent not in a pinned allowlist), posts nothing and logs each event as rejected-origin', () => {
    const policy = originPolicy({ parent: EVIL, allow: [HOST, 'https://partner.example'] });
    const { parent, log } = setup({ policy });
    expect(parent.postMessage).not.toHaveBeenCalled();
    const outs = log().filter((e) => e.direction === 'out');
    expect(outs).toEqual([
      {
        at: expect.any(Number),
        direction: 'out',
        type: 'unread_message_count',
        outcome: 'rejected-origin',
        reason: `not posted: ${policy.summary}`,
        message: expect.objectContaining({ type: 'unread_message_count', source: EVENT_SOURCE }),
      },
    ]);
    expect(policy.summary).toContain('posting to nobody (parent not in the allowlist)');
  });

  // The parent origin unknown (learnt from the parent's first message): bridge-learning.test.ts.

  it('logs the command before the events it caused', () => {
    const { deliver, log, unreadUid } = setup();
    const uid = unreadUid();
    const start = log().length;
    deliver({ type: 'clear_unread_count', data: { threadUid: uid } });
    deliver({ type: 'update_agent_status', data: { status: 'OFFLINE' } });
    expect(
      log()
        .slice(start)
        .map((e) => `${e.direction} ${e.type} ${e.outcome}`),
    ).toEqual([
      'in clear_unread_count ok',
      'out unread_message_count ok',
      'in update_agent_status ok',
      'out agent_status_changed ok',
    ]);
  });

  it('with latency, the command is logged at once and its event when the server answers', () => {
    const { deliver, log, clock, posted } = setup({ params: { latency: 800 } });
    const start = log().length;
    deliver({ type: 'update_agent_status_offline' });
    expect(
      log()
        .slice(start)
        .map((e) => e.direction),
    ).toEqual(['in']);
    clock.advance?.(800);
    expect(
      log()
        .slice(start)
        .map((e) => `${e.direction} ${e.type}`),
    ).toEqual(['in update_agent_status_offline', 'out agent_status_changed']);
    expect(posted.at(-1)?.message).toMatchObject({ type: 'agent_status_changed', data: { status: 'OFFLINE' } });
  });

  it('a failed status call: the command is logged ok, nothing is posted', () => {
    const { deliver, parent, last } = setup({ params: { fail: ['status'] } });
    parent.postMessage.mockClear();
    deliver({ type: 'update_agent_status_busy' });
    expect(last()).toMatchObject({ direction: 'in', outcome: 'ok' });
    expect(parent.postMessage).not.toHaveBeenCalled();
  });

  it('events caused by the simulator (not the host) are posted too', () => {
    const { runtime, posted } = setup({ scenario: 'empty' });
    posted.splice(0);
    runtime.dispatch({ kind: 'visitorArrives', type: 'AGENT' });
    expect(posted.map((p) => (p.message as { type: string }).type)).toEqual([
      'new_visitor_message',
      'unread_message_count',
    ]);
  });

  it('refuses to post an event that breaks the strict schema, logging it as an out violation', () => {
    const { runtime, parent, log } = setup({ scenario: 'empty' });
    parent.postMessage.mockClear();
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    runtime.dispatch({ kind: 'visitorArrives', type: 'AGENT', nickname: 42 as never });
    expect(parent.postMessage).not.toHaveBeenCalled();
    const outs = log().filter((e) => e.direction === 'out' && e.outcome === 'violation');
    expect(outs.map((e) => e.type)).toEqual(['new_visitor_message', 'unread_message_count']);
    expect(outs[0]?.reason).toContain('nickname must be a string; got 42');
    // Said on the console too, naming the problem: it is the emulator's own bug.
    expect(consoleError).toHaveBeenCalledTimes(2);
    expect(String(consoleError.mock.calls[0]?.[0])).toBe(
      `agent-console-emulator: refusing to emit an invalid event: ${outs[0]?.reason}`,
    );
  });
});

describe('installBridge: uninstall', () => {
  it('removes the listener and stops posting', () => {
    const { uninstall, raw, listeners, deliver, runtime, parent, log } = setup();
    const listener = [...listeners][0];
    uninstall();
    expect(raw.removeEventListener).toHaveBeenCalledWith('message', listener);
    expect(listeners.size).toBe(0);
    const entries = log().length;
    parent.postMessage.mockClear();
    deliver({ type: 'update_agent_status_busy' });
    runtime.dispatch({ kind: 'setStatus', status: 'OFFLINE' });
    expect(log()).toHaveLength(entries);
    expect(parent.postMessage).not.toHaveBeenCalled();
  });
});

// ---------------------------------------------------------------------------------------------------------------
// A hostile host: anything at all, in any order. The bridge never throws, never pollutes prototypes, and the
// world's invariants hold after every message.

const key = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'type', 'data', 'status', 'threadUid', 'toString'),
  fc.string({ maxLength: 8 }),
);

const HUGE = 'x'.repeat(2_000_000);
const deepArray = (depth: number): unknown => {
  let value: unknown = [];
  for (let i = 0; i < depth; i++) value = [value];
  return value;
};
const DEEP = deepArray(20_000);

/** JSON-ish values, objects built with own `__proto__` keys (as JSON.parse and structured clone make them). */
const jsonish: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(null, undefined, true, false, 0, -0, Number.NaN, Number.POSITIVE_INFINITY, '', 'BUSY', 'ONLINE'),
    fc.double(),
    fc.bigInt(),
    fc.string(),
    fc.constantFrom(HUGE, DEEP),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.array(fc.tuple(key, tie('value')), { maxLength: 4 }).map((entries) => Object.fromEntries(entries)),
  ),
})).value;

/** A message draft; `known` picks a thread uid of the world at the moment it is sent. */
type Draft = { raw: unknown } | { clearKnown: number; extra: boolean };

const draft: fc.Arbitrary<Draft> = fc.oneof(
  fc.record({ clearKnown: fc.nat(), extra: fc.boolean() }),
  fc.constantFrom(...COMMAND_TYPES).map((type) => ({ raw: { type } })),
  fc
    .constantFrom('AVAILABLE', 'BUSY', 'OFFLINE', 'ONLINE', 'busy')
    .map((status) => ({ raw: { type: 'update_agent_status', data: { status } } })),
  fc.record({ type: fc.constantFrom(...COMMAND_TYPES), data: jsonish }).map((raw) => ({ raw })),
  fc
    .tuple(fc.constantFrom(...COMMAND_TYPES), fc.array(fc.tuple(key, jsonish), { maxLength: 4 }))
    .map(([type, entries]) => ({ raw: Object.fromEntries([['type', type], ...entries]) })),
  fc
    .constantFrom(
      '{"type":"clear_unread_count","data":{"threadUid":"x","__proto__":{"polluted":1}}}',
      '{"__proto__":{"polluted":1},"type":"update_agent_status_busy"}',
      '{"type":"update_agent_status","data":{"__proto__":{"status":"BUSY"}}}',
      '{"type":"clear_unread_count","data":{"threadUid":"__proto__"}}',
      '{"type":"clear_unread_count","data":{"threadUid":"constructor"}}',
      '{"type":"refresh_threads","constructor":{"prototype":{"polluted":1}}}',
    )
    .map((text) => ({ raw: JSON.parse(text) })),
  jsonish.map((raw) => ({ raw })),
  fc.anything(STRUCTURED_CLONEABLE).map((raw) => ({ raw })),
);

/** Where a message comes from: nearly always the parent at the right origin, so most reach the world. */
const sender = fc.oneof(
  { weight: 8, arbitrary: fc.constant('parent' as const) },
  { weight: 1, arbitrary: fc.constant('stranger' as const) },
  { weight: 1, arbitrary: fc.constant('wrong-origin' as const) },
);

describe('installBridge: a hostile stream', () => {
  it('property: never throws, never pollutes prototypes, and keeps the world invariants', () => {
    const objectProto = Object.getOwnPropertyNames(Object.prototype).sort();
    const arrayProto = Object.getOwnPropertyNames(Array.prototype).sort();
    fc.assert(
      fc.property(
        fc.array(fc.tuple(draft, sender), { minLength: 1, maxLength: 25 }),
        fc.constantFrom<ScenarioName>('demo', 'busy-queue', 'empty'),
        (messages, scenario) => {
          const consoleError = vi.spyOn(console, 'error');
          const { deliver, runtime, posted, log } = setup({ scenario });
          const inBefore = log().filter((e) => e.direction === 'in').length;
          for (const [d, from] of messages) {
            let data = 'raw' in d ? d.raw : undefined;
            if ('clearKnown' in d) {
              const uids = Object.keys(runtime.world.peek().threads);
              const threadUid = uids.length > 0 ? uids[d.clearKnown % uids.length] : 'none';
              data = { type: 'clear_unread_count', data: { threadUid }, ...(d.extra ? { requestId: 1 } : {}) };
            }
            const options =
              from === 'parent' ? {} : from === 'stranger' ? { source: {} } : { origin: 'https://evil.example' };
            expect(() => deliver(data, options)).not.toThrow();
            expect(invariantProblems(runtime.world.peek())).toEqual([]);
          }
          // Each message left exactly one 'in' entry.
          expect(log().filter((e) => e.direction === 'in').length - inBefore).toBe(messages.length);
          // Everything posted is valid on the wire, and the unread events are self-consistent.
          for (const { message, target } of posted) {
            expect(target).toBe(HOST);
            expect(checkEmitted(message)).toBeNull();
            const event = message as { type: string; data: { totalUnreadCount: number; unreadThreads: [] } };
            if (event.type === 'unread_message_count') {
              const { totalUnreadCount, unreadThreads } = event.data;
              expect(Number.isInteger(totalUnreadCount) && totalUnreadCount >= 0).toBe(true);
              expect(totalUnreadCount).toBe(
                unreadThreads.reduce((n, t: { unreadCount: number }) => n + t.unreadCount, 0),
              );
            }
          }
          // The last unread value the host saw is the world's current one.
          const lastUnread = posted
            .filter((p) => (p.message as { type: string }).type === 'unread_message_count')
            .at(-1);
          expect((lastUnread?.message as { data: unknown } | undefined)?.data).toEqual(
            unreadSummary(runtime.world.peek()),
          );
          expect(consoleError).not.toHaveBeenCalled();
          expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(objectProto);
          expect(Object.getOwnPropertyNames(Array.prototype).sort()).toEqual(arrayProto);
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
          expect(({} as Record<string, unknown>).status).toBeUndefined();
          runtime.stop();
          consoleError.mockRestore();
        },
      ),
      { numRuns: Number(process.env.BRIDGE_PROPERTY_RUNS ?? 150) },
    );
  }, 60_000);
});

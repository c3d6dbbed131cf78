/**
 * Issue 6, item 1: a long hostile stream (100,000 messages by default; FUZZ_MESSAGES=n to change it,
 * FUZZ_SEED=n to replay) read by parseCommand alone and then delivered through the bridge as the browser would
 * (structured clone, origin, source), into one long-lived console whose world keeps moving. ~50 s on 2 cores.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CommandSchema, checkEmitted, parseCommand } from '../../protocol';
import { CANARY, materialize, type Plan, plan, type Verdict, verdict } from '../../test-support/hostile-messages';
import { testRuntime } from '../../test-support/test-runtime';
import { invariantProblems } from '../../test-support/world-kit';
import type { LogEntry, Outcome } from '../simulator/protocol-log';
import type { Runtime } from '../simulator/runtime';
import { unreadSummary } from '../world';
import { installBridge } from './bridge';
import { originPolicy } from './origins';

const COUNT = Number(process.env.FUZZ_MESSAGES ?? 100_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20_250_115);
const HOST = 'http://localhost:5173';
const _T0 = Date.UTC(2025, 0, 15, 4, 0, 0);
/** A reason is for a person to read: it names field, expectation and value, and never dumps a whole message. */
const MAX_REASON = 600;

type Sender = 'parent' | 'stranger' | 'wrong-origin';
const sender = fc.oneof(
  { weight: 17, arbitrary: fc.constant<Sender>('parent') },
  { weight: 2, arbitrary: fc.constant<Sender>('stranger') },
  { weight: 1, arbitrary: fc.constant<Sender>('wrong-origin') },
);

const protoSnapshot = () =>
  [Object.prototype, Array.prototype, Function.prototype, String.prototype].map((p) =>
    Object.getOwnPropertyNames(p).sort().join(),
  );

/** Nothing a host sent may have reached a shared prototype. */
function expectNoPollution(before: string[]) {
  expect(protoSnapshot()).toEqual(before);
  const probe: Record<string, unknown> = {};
  for (const key of [CANARY, 'status', 'threadUid', 'type', 'data']) expect(probe[key], key).toBeUndefined();
  expect(Object.getPrototypeOf(probe)).toBe(Object.prototype);
}

/**
 * The console's window as the browser presents it: each message is a structured clone of what the host
 * posted, with `origin` and `source`; the parent's postMessage checks every event at once instead of keeping it
 * (100k messages of full Thread payloads would not fit in memory).
 */
function consoleWindow() {
  const listeners = new Set<(event: MessageEvent) => void>();
  const posted = { count: 0, byType: new Map<string, number>(), problems: [] as string[], last: new Map() };
  const parent = {
    postMessage(message: unknown, target: string) {
      posted.count++;
      const type = (message as { type: string }).type;
      posted.byType.set(type, (posted.byType.get(type) ?? 0) + 1);
      posted.last.set(type, message);
      if (target !== HOST) posted.problems.push(`posted to ${target}`);
      const problem = checkEmitted(message);
      if (problem) posted.problems.push(problem);
    },
  };
  const win = {
    parent,
    addEventListener: (type: string, fn: (event: MessageEvent) => void) => type === 'message' && listeners.add(fn),
    removeEventListener: (type: string, fn: (event: MessageEvent) => void) =>
      type === 'message' && listeners.delete(fn),
  } as unknown as Window;
  const deliver = (data: unknown, from: Sender) => {
    const event = {
      data,
      origin: from === 'wrong-origin' ? 'https://evil.example' : HOST,
      source: from === 'stranger' ? {} : parent,
    } as unknown as MessageEvent;
    for (const listener of listeners) listener(event);
  };
  return { win, deliver, posted };
}

/** Keeps the world moving between hostile messages: visitors talk and arrive, so unread counts keep changing. */
function liveliness(runtime: Runtime, i: number) {
  if (i % 40 === 0) {
    const talking = Object.values(runtime.world.peek().threads).filter(
      (t) => (t.type === 'AGENT' || t.type === 'WORKGROUP') && t.status !== 'CLOSED',
    );
    const thread = talking[(i / 40) % Math.max(1, talking.length)];
    if (thread) runtime.dispatch({ kind: 'visitorSends', threadUid: thread.uid, content: `ping ${i}` });
  }
  if (i % 997 === 0) runtime.dispatch({ kind: 'visitorArrives' });
  if (i % 1499 === 0) runtime.dispatch({ kind: 'openThread', threadUid: null });
}

/** parseCommand on its own, on exactly what the bridge is about to receive. */
function expectParsedAs(v: Verdict, data: unknown): ReturnType<typeof parseCommand> {
  const result = parseCommand(data);
  if (v === 'foreign') {
    expect(result).toMatchObject({ ok: false, kind: 'foreign' });
    return result;
  }
  const type = (data as { type: string }).type;
  if (v === 'invalid') {
    expect(result).toMatchObject({ ok: false, kind: 'invalid' });
    const reason = result.ok ? '' : result.reason;
    // Names the command, the field, the expectation and what arrived.
    expect(reason.startsWith(`${type}: `)).toBe(true);
    expect(reason).toMatch(/\bdata\b.*; got |could not be read/);
    expect(reason.length).toBeLessThanOrEqual(MAX_REASON);
    return result;
  }
  expect(result.ok).toBe(true);
  if (!result.ok) return result;
  // What the parser hands on is strictly valid: unknown fields are gone.
  expect(CommandSchema.safeParse(result.value).success).toBe(true);
  expect(result.value.type).toBe(type);
  if (v === 'valid') expect(result.warnings).toEqual([]);
  else expect(result.warnings).toEqual([expect.stringMatching(new RegExp(`^${type}: unknown fields? .+ ignored$`))]);
  return result;
}

function expectedOutcome(v: Verdict, from: Sender): Outcome {
  if (v === 'foreign') return 'foreign';
  if (from !== 'parent') return 'rejected-origin';
  if (v === 'invalid') return 'violation';
  return v === 'valid' ? 'ok' : 'warning';
}

const running: Runtime[] = [];
afterEach(() => {
  for (const runtime of running.splice(0)) runtime.stop();
  vi.restoreAllMocks();
});

describe(`fuzz: ${COUNT} hostile messages`, () => {
  it('through parseCommand and installBridge: nothing throws or pollutes, §5 invariants hold, every verdict is right', () => {
    const protoBefore = protoSnapshot();
    const consoleError = vi.spyOn(console, 'error');
    const runtime = testRuntime({ params: { scenario: 'demo' } });
    running.push(runtime);
    const { win, deliver, posted } = consoleWindow();
    installBridge({
      runtime,
      policy: originPolicy({ parent: HOST, allow: [] }),
      win,
      validation: { parseCommand, checkEmitted },
    });
    runtime.start();

    // The entry the bridge records for the message being delivered (amended in place if the world refuses it).
    let inbound: LogEntry[] = [];
    const add = runtime.log.add.bind(runtime.log);
    runtime.log.add = (entry) => {
      if (entry.direction === 'in') inbound.push(entry);
      return add(entry);
    };

    const expected: Record<Outcome, number> = {
      ok: 0,
      violation: 0,
      warning: 0,
      foreign: 0,
      'rejected-origin': 0,
      early: 0,
    };
    const seen: Record<Verdict, number> = { foreign: 0, invalid: 0, valid: 0, 'valid-with-extras': 0 };
    let undeliverable = 0;
    let refusedByWorld = 0;
    let i = 0;
    const started = performance.now();
    fc.assert(
      fc.property(plan, sender, (p: Plan, from: Sender) => {
        liveliness(runtime, ++i);
        const uids = Object.keys(runtime.world.peek().threads);
        const raw = materialize(p, () => uids[i % uids.length] ?? 'none');
        let data: unknown;
        try {
          data = structuredClone(raw);
        } catch {
          // postMessage would throw in the host's window: such a message never arrives.
          undeliverable++;
          return;
        }
        const v = verdict(data);
        seen[v]++;
        const parsed = expectParsedAs(v, data);
        const world = runtime.world.peek();
        const postedBefore = posted.count;
        inbound = [];

        expect(() => deliver(data, from)).not.toThrow();

        expect(inbound).toHaveLength(1);
        const entry = inbound[0] as LogEntry;
        let outcome = expectedOutcome(v, from);
        const type = v === 'foreign' ? '' : (data as { type: string }).type;
        if (
          (outcome === 'ok' || outcome === 'warning') &&
          type === 'clear_unread_count' &&
          !Object.hasOwn(world.threads, (data as { data: { threadUid: string } }).data.threadUid)
        ) {
          outcome = 'violation';
          refusedByWorld++;
          expect(entry.reason).toMatch(/^clear_unread_count: unknown threadUid "/);
        }
        expect(entry.outcome).toBe(outcome);
        expected[outcome]++;
        if (outcome !== 'ok' && outcome !== 'foreign') {
          expect(typeof entry.reason).toBe('string');
          expect(entry.reason?.length).toBeLessThanOrEqual(MAX_REASON);
        }
        // The inspector shows the parser's own words.
        if (v === 'invalid' && outcome === 'violation') expect(entry.reason).toBe(parsed.ok ? '' : parsed.reason);
        if (outcome !== 'ok' && outcome !== 'warning') {
          expect(runtime.world.peek()).toBe(world);
          expect(posted.count).toBe(postedBefore);
        }
        expect(invariantProblems(runtime.world.peek(), unreadSummary(runtime.world.peek()))).toEqual([]);
      }),
      { numRuns: COUNT, seed: SEED, endOnFailure: true },
    );
    const ms = performance.now() - started;

    expectNoPollution(protoBefore);
    expect(consoleError).not.toHaveBeenCalled();
    expect(posted.problems).toEqual([]);
    // The totals count everything, past the ring buffer's capacity; every posted event is one `out`.
    expect(runtime.log.totals).toEqual({ ...expected, out: posted.count });
    // Every kind of verdict was actually exercised, in numbers.
    for (const outcome of ['ok', 'violation', 'warning', 'foreign', 'rejected-origin'] as const) {
      expect(expected[outcome], outcome).toBeGreaterThan(COUNT / 100);
    }
    for (const v of Object.keys(seen) as Verdict[]) expect(seen[v], v).toBeGreaterThan(COUNT / 100);
    expect(runtime.log.list()).toHaveLength(runtime.log.capacity);

    // Still a working console: a valid command is answered, and the last unread value the host saw is the truth.
    const statusEvents = posted.byType.get('agent_status_changed') ?? 0;
    deliver({ type: 'update_agent_status', data: { status: 'BUSY' } }, 'parent');
    expect(posted.byType.get('agent_status_changed')).toBe(statusEvents + 1);
    expect(posted.last.get('agent_status_changed')).toMatchObject({ data: { status: 'BUSY' } });
    deliver({ type: 'refresh_threads' }, 'parent');
    expect(posted.last.get('unread_message_count')).toMatchObject({ data: unreadSummary(runtime.world.peek()) });

    console.log(
      `fuzz/bridge: ${COUNT} messages in ${(ms / 1000).toFixed(1)} s (${((ms * 1000) / COUNT).toFixed(0)} µs each); ` +
        `verdicts ${JSON.stringify(seen)}; outcomes ${JSON.stringify(expected)}; refused by the world ${refusedByWorld}; ` +
        `not cloneable ${undeliverable}; events posted ${posted.count}`,
    );
  }, 180_000);

  it('parseCommand answers what structured clone would never deliver (traps, throwing getters, cycles) with a verdict', () => {
    const boom = () => {
      throw new Error('boom');
    };
    const cyclic: Record<string, unknown> = { type: 'clear_unread_count' };
    cyclic.data = cyclic;
    let flips = 0;
    const revoked = (() => {
      const { proxy, revoke } = Proxy.revocable({ type: 'refresh_threads' }, {});
      revoke();
      return proxy;
    })();
    const foreign = (why: string) => ({ ok: false, kind: 'foreign', reason: `not a command: ${why}` });
    const invalid = (reason: string) => ({ ok: false, kind: 'invalid', reason });
    const hostile: Array<[unknown, object]> = [
      [
        new Proxy({}, { get: boom, has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom, getPrototypeOf: boom }),
        foreign('it has no type field'),
      ],
      [new Proxy({ type: 'update_agent_status' }, { get: boom }), foreign('it has no type field')],
      [
        { type: 'update_agent_status', data: new Proxy({}, { get: boom, ownKeys: boom }) },
        invalid('update_agent_status: could not be read (Error: boom)'),
      ],
      [
        Object.defineProperty({ type: 'clear_unread_count' }, 'data', { get: boom, enumerable: true }),
        invalid('clear_unread_count: could not be read (Error: boom)'),
      ],
      [Object.defineProperty({}, 'type', { get: boom, enumerable: true }), foreign('it has no type field')],
      // A type that changes between reads must not slip past the check that read it first.
      [
        Object.defineProperty({}, 'type', {
          get: () => (flips++ % 2 === 0 ? 'refresh_threads' : '__proto__'),
          enumerable: true,
        }),
        { ok: false, kind: 'invalid' },
      ],
      [
        { type: 'clear_unread_count', data: { threadUid: { toString: boom, toJSON: boom } } },
        invalid('clear_unread_count: data.threadUid must be a string; got an object'),
      ],
      // The reason reads own fields only: an inherited status is not what arrived.
      [
        { type: 'update_agent_status', data: Object.create({ status: 'ONLINE' }) },
        invalid(
          'update_agent_status: data.status must be one of AVAILABLE, BUSY, OFFLINE; got nothing (the field is missing)',
        ),
      ],
      [cyclic, invalid('clear_unread_count: data.threadUid must be a string; got nothing (the field is missing)')],
      [
        { type: 'refresh_threads', extra: () => 1, sym: Symbol('s') },
        {
          ok: true,
          value: { type: 'refresh_threads' },
          warnings: ['refresh_threads: unknown fields extra, sym ignored'],
        },
      ],
      [revoked, foreign('the message could not be read')],
      [Symbol('type'), foreign('the message is a symbol, not an object')],
      [() => ({ type: 'refresh_threads' }), foreign('the message is a function, not an object')],
    ];
    const protoBefore = protoSnapshot();
    for (const [message, verdict] of hostile) {
      let result: ReturnType<typeof parseCommand> | undefined;
      expect(() => {
        result = parseCommand(message);
      }).not.toThrow();
      expect(result).toMatchObject(verdict);
      if (result?.ok) expect(CommandSchema.safeParse(result.value).success).toBe(true);
    }
    expectNoPollution(protoBefore);
  });
});

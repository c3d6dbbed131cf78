import { describe, expect, it, vi } from 'vitest';
import { jsonSafe, keepable } from '../../common/json';
import { type LogEntry, type Outcome, ProtocolLog } from './protocol-log';

const entry = (n: number, outcome: Outcome = 'ok'): LogEntry => ({
  at: n,
  direction: 'in',
  type: `t${n}`,
  outcome,
  message: { n },
});

describe('ProtocolLog', () => {
  it('lists entries oldest first', () => {
    const log = new ProtocolLog(10);
    for (let i = 1; i <= 3; i++) log.add(entry(i));
    expect(log.list().map((e) => e.at)).toEqual([1, 2, 3]);
  });

  it('returns the entry it added, so it can be amended later', () => {
    const log = new ProtocolLog();
    const e = entry(1);
    expect(log.add(e)).toBe(e);
  });

  it('keeps only the last `capacity` entries, in order, however far it wraps', () => {
    const log = new ProtocolLog(3);
    for (let i = 1; i <= 8; i++) {
      log.add(entry(i));
      const expected = Array.from({ length: Math.min(i, 3) }, (_, k) => i - Math.min(i, 3) + 1 + k);
      expect(log.list().map((e) => e.at)).toEqual(expected);
    }
  });

  it('defaults to a capacity of 2000', () => {
    const log = new ProtocolLog();
    expect(log.capacity).toBe(2000);
    for (let i = 0; i < 2005; i++) log.add(entry(i));
    const list = log.list();
    expect(list).toHaveLength(2000);
    expect(list[0]?.at).toBe(5);
    expect(list.at(-1)?.at).toBe(2004);
  });

  it('keeps counting totals per outcome past the capacity', () => {
    const log = new ProtocolLog(2);
    const outcomes: Outcome[] = ['ok', 'ok', 'violation', 'warning', 'foreign', 'rejected-origin', 'violation'];
    outcomes.forEach((o, i) => {
      log.add(entry(i, o));
    });
    expect(log.list()).toHaveLength(2);
    expect(log.totals).toEqual({ ok: 2, violation: 2, warning: 1, foreign: 1, 'rejected-origin': 1, early: 0, out: 0 });
  });

  it('counts posted events as `out`, an event dropped by chaos nowhere, and an unposted one by its outcome', () => {
    const log = new ProtocolLog(2);
    const out = (outcome: Outcome, chaos?: LogEntry['chaos']): LogEntry => ({
      ...entry(0, outcome),
      direction: 'out',
      chaos,
    });
    for (const e of [
      out('ok'),
      out('ok', 'duplicated'),
      out('ok', 'dropped'),
      out('violation'),
      out('rejected-origin'),
    ])
      log.add(e);
    log.add(entry(1, 'early'));
    expect(log.counts()).toEqual({
      ok: 0,
      violation: 1,
      warning: 0,
      foreign: 0,
      'rejected-origin': 1,
      early: 1,
      out: 2,
    });
  });

  it('keeps the latest violations apart: no amount of other traffic pushes one out', () => {
    const log = new ProtocolLog(10, 3);
    for (let i = 0; i < 5; i++) log.add(entry(i, 'violation'));
    for (let i = 100; i < 10_100; i++) log.add(entry(i, i % 2 ? 'ok' : 'foreign'));
    expect(log.list().some((e) => e.outcome === 'violation')).toBe(false);
    expect(log.violations().map((e) => e.at)).toEqual([2, 3, 4]);
    expect(log.counts()).toMatchObject({ violation: 5, ok: 5000, foreign: 5000 });
  });

  it('keeps at least the last 1,000 violations by default', () => {
    const log = new ProtocolLog();
    for (let i = 0; i < 4000; i++) log.add(entry(i, i % 3 === 0 ? 'violation' : 'foreign'));
    const kept = log.violations();
    expect(kept).toHaveLength(1000);
    expect(kept[0]?.at).toBe(1002);
    expect(kept.at(-1)?.at).toBe(3999);
    expect(log.counts().violation).toBe(1334);
  });

  it('an entry amended into a violation joins the kept violations', () => {
    const log = new ProtocolLog(1);
    const e = log.add(entry(1, 'ok'));
    log.amend(e, { outcome: 'violation', reason: 'unknown threadUid' });
    log.add(entry(2, 'ok'));
    expect(log.violations()).toEqual([e]);
  });

  it('counts() is a copy', () => {
    const log = new ProtocolLog();
    log.counts().ok = 5;
    expect(log.counts().ok).toBe(0);
  });

  it('list() is a copy: changing it does not change the log', () => {
    const log = new ProtocolLog(5);
    log.add(entry(1));
    log.list().pop();
    expect(log.list()).toHaveLength(1);
  });

  it('amend changes the verdict and reason of an entry and moves it between totals', () => {
    const log = new ProtocolLog();
    const e = log.add(entry(1, 'warning'));
    log.add(entry(2, 'ok'));
    log.amend(e, { outcome: 'violation', reason: 'unknown threadUid' });
    expect(log.list()[0]).toMatchObject({ at: 1, outcome: 'violation', reason: 'unknown threadUid' });
    expect(log.totals).toMatchObject({ ok: 1, warning: 0, violation: 1 });
  });

  it('clear empties the list and zeroes every total; adding afterwards starts afresh', () => {
    const log = new ProtocolLog(2);
    for (let i = 0; i < 5; i++) log.add(entry(i, i % 2 ? 'foreign' : 'ok'));
    log.clear();
    expect(log.list()).toEqual([]);
    expect(Object.values(log.totals)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(log.violations()).toEqual([]);
    log.add(entry(10));
    log.add(entry(11));
    log.add(entry(12));
    expect(log.list().map((e) => e.at)).toEqual([11, 12]);
    expect(log.totals.ok).toBe(3);
  });

  it('notifies subscribers on add, amend and clear, until they unsubscribe', () => {
    const log = new ProtocolLog();
    const a = vi.fn();
    const b = vi.fn();
    const offA = log.subscribe(a);
    log.subscribe(b);
    const e = log.add(entry(1));
    expect(a).toHaveBeenCalledTimes(1);
    log.amend(e, { outcome: 'violation' });
    expect(a).toHaveBeenCalledTimes(2);
    log.clear();
    expect(a).toHaveBeenCalledTimes(3);
    offA();
    log.add(entry(2));
    expect(a).toHaveBeenCalledTimes(3);
    expect(b).toHaveBeenCalledTimes(4);
  });

  it('a subscriber sees the new entry already in the list', () => {
    const log = new ProtocolLog();
    const seen: number[] = [];
    log.subscribe(() => seen.push(log.list().length));
    log.add(entry(1));
    log.add(entry(2));
    expect(seen).toEqual([1, 2]);
  });
});

describe('jsonSafe', () => {
  it('returns a deep, plain copy of JSON data', () => {
    const value = { a: [1, 'two', { three: true }], b: null };
    const copy = jsonSafe(value);
    expect(copy).toEqual(value);
    expect(copy).not.toBe(value);
    expect(copy.a).not.toBe(value.a);
  });

  it('writes a BigInt as its digits with an n', () => {
    expect(jsonSafe({ big: 12345678901234567890n })).toEqual({ big: '12345678901234567890n' });
  });

  it('marks a true cycle as [Circular] instead of throwing', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    cyclic.list = [cyclic];
    expect(jsonSafe(cyclic)).toEqual({ name: 'loop', self: '[Circular]', list: ['[Circular]'] });
  });

  it('copies an object that is merely referenced twice (not a cycle)', () => {
    const thread = { uid: '1', unreadCount: 2 };
    const copy = jsonSafe({
      event1: { thread },
      event2: { unreadThreads: [thread, thread] },
    });
    expect(copy).toEqual({ event1: { thread }, event2: { unreadThreads: [thread, thread] } });
  });

  it('cuts absurdly deep nesting instead of overflowing the stack', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    let copy: unknown;
    expect(() => {
      copy = jsonSafe(deep);
    }).not.toThrow();
    expect(JSON.stringify(copy)).toContain('[Too deep]');
  });

  it('keeps normally nested data whole', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 50; i++) deep = { next: deep };
    expect(jsonSafe(deep)).toEqual(deep);
  });

  it('drops what JSON cannot hold, like JSON.stringify does', () => {
    expect(jsonSafe(undefined)).toBeUndefined();
    expect(jsonSafe({ f: () => 1, u: undefined, s: Symbol('x'), n: Number.NaN })).toEqual({ n: null });
  });
});

describe('keepable: what the log keeps of a host message', () => {
  it('keeps small messages as they are', () => {
    const message = { type: 'clear_unread_count', data: { threadUid: '123' }, extra: [1, 2, 3] };
    expect(keepable(message)).toEqual(message);
  });

  it('cuts long strings, long arrays, wide objects and deep nesting, saying how much was left out', () => {
    const kept = keepable({ s: 'x'.repeat(1_000_000), a: Array.from({ length: 10_000 }, (_, i) => i) }) as {
      s: string;
      a: unknown[];
    };
    expect(kept.s.length).toBeLessThan(5000);
    expect(kept.s).toMatch(/… \[995904 more characters\]$/);
    expect(kept.a).toHaveLength(201);
    expect(kept.a.at(-1)).toBe('[9800 more items]');
    const wide = keepable(Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, i]))) as object;
    expect(Object.keys(wide)).toHaveLength(201);
    let deep: unknown = 'bottom';
    for (let i = 0; i < 5000; i++) deep = [deep];
    expect(JSON.stringify(keepable(deep))).toContain('[Too deep]');
  });

  it('keeps a __proto__ key as a plain field without touching any prototype', () => {
    const kept = keepable(JSON.parse('{"__proto__": {"polluted": true}, "type": "x"}')) as Record<string, unknown>;
    expect(Object.hasOwn(kept, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(kept)).toBe(Object.prototype);
  });

  it('describes binary data instead of holding on to it', () => {
    expect(keepable({ buf: new Uint8Array(1_000_000) })).toEqual({ buf: '[Uint8Array of 1000000 bytes]' });
  });
});

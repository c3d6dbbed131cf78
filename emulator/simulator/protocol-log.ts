/** Deeper than any real message; beyond it JSON.stringify would overflow the stack. */
const MAX_DEPTH = 200;

/**
 * A JSON copy of anything a host can post: structured clone lets through BigInt, cycles and absurd nesting,
 * which JSON.stringify would throw on, and the test API must never throw because of what a host sent.
 * Only a true cycle (an object inside itself) becomes `[Circular]`; an object seen twice side by side is copied.
 */
export function jsonSafe<T>(value: T): T {
  const ancestors: object[] = [];
  let text: string | undefined;
  try {
    text = JSON.stringify(value, function (this: unknown, _key, v: unknown) {
      if (typeof v === 'bigint') return `${v}n`;
      if (typeof v !== 'object' || v === null) return v;
      // `this` is the object holding `v`: drop the ancestors we have since left.
      while (ancestors.length > 0 && ancestors.at(-1) !== this) ancestors.pop();
      if (ancestors.includes(v)) return '[Circular]';
      if (ancestors.length >= MAX_DEPTH) return '[Too deep]';
      ancestors.push(v);
      return v;
    });
  } catch (error) {
    return `[Unserializable: ${String(error)}]` as T;
  }
  return text === undefined ? (undefined as T) : (JSON.parse(text) as T);
}

const KEEP = { string: 4096, items: 200, depth: 32 };

/**
 * What the log keeps of a message a host sent: the same value when it is small, else a copy cut to size
 * (long strings, long arrays and objects, deep nesting), so 2,000 hostile megabyte messages cost kilobytes.
 * The work is bounded by what is kept, not by what arrived.
 */
export function keepable(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') {
    return value.length > KEEP.string
      ? `${value.slice(0, KEEP.string)}… [${value.length - KEEP.string} more characters]`
      : value;
  }
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= KEEP.depth) return '[Too deep]';
  try {
    if (Array.isArray(value)) {
      const kept = value.slice(0, KEEP.items).map((item) => keepable(item, depth + 1));
      if (value.length > KEEP.items) kept.push(`[${value.length - KEEP.items} more items]`);
      return kept;
    }
    if (value instanceof Date) return value;
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) {
      return `[${value.constructor.name} of ${value.byteLength} bytes]`;
    }
    if (Object.getPrototypeOf(value) !== Object.prototype) return `[${value.constructor?.name ?? 'object'}]`;
    const out: Record<string, unknown> = {};
    let n = 0;
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      if (n++ === KEEP.items) {
        out['…'] = 'more fields';
        break;
      }
      const kept = keepable((value as Record<string, unknown>)[key], depth + 1);
      // A "__proto__" key must stay a plain field of the copy, as it was in the message; defineProperty does that,
      // at a cost every other key of every message need not pay.
      if (key === '__proto__')
        Object.defineProperty(out, key, { value: kept, enumerable: true, writable: true, configurable: true });
      else out[key] = kept;
    }
    return out;
  } catch {
    return '[Unreadable]';
  }
}

/**
 * docs/protocol.md §7: one entry per message in or out, with what became of it. `early`: a command that arrived before
 * the console was ready (§11), logged but not applied.
 */
export type Outcome = 'ok' | 'violation' | 'warning' | 'foreign' | 'rejected-origin' | 'early';

/** What opt-in chaos (§11, not vendor behaviour) did to an outgoing event. */
export type ChaosEffect = 'dropped' | 'duplicated' | 'delayed';

export interface LogEntry {
  at: number;
  direction: 'in' | 'out';
  type: string;
  outcome: Outcome;
  reason?: string;
  /** Outgoing only: the targetOrigin it was posted with. */
  target?: string;
  /** Outgoing only, under `chaos=`: what chaos did to this event (a dropped one was never posted). */
  chaos?: ChaosEffect;
  message: unknown;
}

/**
 * protocol.md §7 `counts()`: totals since the last reset, never capped. Messages in are counted by outcome;
 * `out` counts the events actually posted to the host (an event refused by the emit check is a `violation`, one
 * withheld for want of a target origin is `rejected-origin`, one dropped by chaos is not posted).
 */
export type Counts = Record<Outcome | 'out', number>;

const zeroCounts = (): Counts => ({
  ok: 0,
  violation: 0,
  warning: 0,
  foreign: 0,
  'rejected-origin': 0,
  early: 0,
  out: 0,
});

/** The total an entry adds to, if any. */
function countedAs(entry: LogEntry): keyof Counts | null {
  if (entry.direction === 'in' || entry.outcome !== 'ok') return entry.outcome;
  return entry.chaos === 'dropped' ? null : 'out';
}

/** The last `capacity` items, oldest first, in constant time per add. */
class Ring<T> {
  private items: T[] = [];
  private start = 0;

  constructor(readonly capacity: number) {}

  push(item: T): void {
    if (this.items.length < this.capacity) this.items.push(item);
    else {
      this.items[this.start] = item;
      this.start = (this.start + 1) % this.capacity;
    }
  }

  list(): T[] {
    return [...this.items.slice(this.start), ...this.items.slice(0, this.start)];
  }

  clear(): void {
    this.items = [];
    this.start = 0;
  }
}

/** At least this many of the latest violations stay readable, whatever else the console logs (§7). */
export const VIOLATIONS_KEPT = 1000;

/**
 * A ring buffer: a console left open in CI for hours must not grow without bound. The violations are kept in a
 * ring of their own, so that no amount of valid or foreign traffic pushes one out before a test reads it, and the
 * totals count everything since the last reset.
 */
export class ProtocolLog {
  private entries: Ring<LogEntry>;
  private kept: Ring<LogEntry>;
  readonly totals: Counts = zeroCounts();
  private listeners = new Set<() => void>();

  constructor(
    readonly capacity = 2000,
    violationCapacity = VIOLATIONS_KEPT,
  ) {
    this.entries = new Ring(capacity);
    this.kept = new Ring(violationCapacity);
  }

  add(entry: LogEntry): LogEntry {
    this.entries.push(entry);
    const key = countedAs(entry);
    if (key) this.totals[key]++;
    if (entry.outcome === 'violation') this.kept.push(entry);
    this.notify();
    return entry;
  }

  /** Changes an entry's verdict after the fact (a command the world refused), keeping the totals right. */
  amend(entry: LogEntry, patch: Pick<LogEntry, 'outcome' | 'reason'>): void {
    const before = countedAs(entry);
    if (before) this.totals[before]--;
    const wasViolation = entry.outcome === 'violation';
    Object.assign(entry, patch);
    const after = countedAs(entry);
    if (after) this.totals[after]++;
    if (!wasViolation && entry.outcome === 'violation') this.kept.push(entry);
    this.notify();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  /** Oldest first. */
  list(): LogEntry[] {
    return this.entries.list();
  }

  /** The latest violations (at least the last 1,000), oldest first, however much else was logged since. */
  violations(): LogEntry[] {
    return this.kept.list();
  }

  counts(): Counts {
    return { ...this.totals };
  }

  clear(): void {
    this.entries.clear();
    this.kept.clear();
    Object.assign(this.totals, zeroCounts());
    this.notify();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

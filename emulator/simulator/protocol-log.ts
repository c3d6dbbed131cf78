/**
 * docs/protocol.md §7: one entry per message in or out, with what became of it. `early`: a command that arrived before
 * the console was ready (§11), logged but not applied.
 */
export type Outcome = 'ok' | 'violation' | 'warning' | 'foreign' | 'rejected-origin' | 'early';

/** What opt-in chaos (§11, not vendor behaviour) did to an outgoing event. */
type ChaosEffect = 'dropped' | 'duplicated' | 'delayed';

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
 * docs/protocol.md §7 `counts()`: totals since the last reset, never capped. Messages in are counted by outcome;
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
const VIOLATIONS_KEPT = 1000;

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

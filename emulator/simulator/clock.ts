/**
 * The emulator's one source of time. The world never reads it; the shell passes `now` into every step and
 * schedules timers through it, so a test can swap real time for virtual time and step through hours at once.
 */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): number;
  clearTimeout(id: number): void;
  /** Virtual clocks only: moves time forward, running every timer that falls due, in order. */
  readonly advance?: (ms: number) => void;
  readonly kind: 'real' | 'virtual';
}

export const realClock = (): Clock => ({
  kind: 'real',
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms) as unknown as number,
  clearTimeout: (id) => globalThis.clearTimeout(id),
});

export function virtualClock(start: number): Clock {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const due = () => {
    let best: [number, { at: number; fn: () => void }] | undefined;
    for (const entry of timers) if (!best || entry[1].at < best[1].at) best = entry;
    return best;
  };
  return {
    kind: 'virtual',
    now: () => now,
    setTimeout(fn, ms) {
      const id = nextId++;
      // As in browsers, a NaN or negative delay means 0 (a NaN due time would never fire and block the rest).
      timers.set(id, { at: now + Math.max(0, ms || 0), fn });
      return id;
    },
    clearTimeout: (id) => void timers.delete(id),
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advance: ms must be a number >= 0; got ${ms}`);
      const end = now + ms;
      for (let next = due(); next && next[1].at <= end; next = due()) {
        timers.delete(next[0]);
        now = next[1].at;
        next[1].fn();
      }
      now = end;
    },
  };
}

import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { realClock, virtualClock } from './clock';

const T0 = 1_000_000;

describe('virtualClock', () => {
  it('starts at the given time and only moves when advanced', () => {
    const clock = virtualClock(T0);
    expect(clock.kind).toBe('virtual');
    expect(clock.now()).toBe(T0);
    clock.advance?.(250);
    expect(clock.now()).toBe(T0 + 250);
  });

  it('fires due timers in time order, not in the order they were scheduled', () => {
    const clock = virtualClock(T0);
    const fired: Array<[string, number]> = [];
    clock.setTimeout(() => fired.push(['c', clock.now()]), 300);
    clock.setTimeout(() => fired.push(['a', clock.now()]), 100);
    clock.setTimeout(() => fired.push(['b', clock.now()]), 200);
    clock.advance?.(1000);
    expect(fired).toEqual([
      ['a', T0 + 100],
      ['b', T0 + 200],
      ['c', T0 + 300],
    ]);
    expect(clock.now()).toBe(T0 + 1000);
  });

  it('fires timers due at the same time in the order they were scheduled', () => {
    const clock = virtualClock(T0);
    const fired: string[] = [];
    for (const name of ['first', 'second', 'third']) clock.setTimeout(() => fired.push(name), 50);
    clock.advance?.(50);
    expect(fired).toEqual(['first', 'second', 'third']);
  });

  it('leaves timers that are not yet due for a later advance', () => {
    const clock = virtualClock(T0);
    const fn = vi.fn();
    clock.setTimeout(fn, 100);
    clock.advance?.(99);
    expect(fn).not.toHaveBeenCalled();
    clock.advance?.(1);
    expect(fn).toHaveBeenCalledTimes(1);
    clock.advance?.(1000);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('fires a timer scheduled during an advance when it falls due within the same advance', () => {
    const clock = virtualClock(T0);
    const fired: Array<[string, number]> = [];
    clock.setTimeout(() => {
      fired.push(['outer', clock.now()]);
      clock.setTimeout(() => fired.push(['inner', clock.now()]), 100);
      clock.setTimeout(() => fired.push(['late', clock.now()]), 10_000);
    }, 100);
    clock.advance?.(500);
    expect(fired).toEqual([
      ['outer', T0 + 100],
      ['inner', T0 + 200],
    ]);
    clock.advance?.(10_000);
    expect(fired.at(-1)).toEqual(['late', T0 + 100 + 10_000]);
  });

  it('runs a self-rescheduling timer once per period', () => {
    const clock = virtualClock(T0);
    let ticks = 0;
    const tick = () => {
      ticks++;
      clock.setTimeout(tick, 10);
    };
    clock.setTimeout(tick, 10);
    clock.advance?.(100);
    expect(ticks).toBe(10);
  });

  it('shows each timer the time it was due at', () => {
    const clock = virtualClock(T0);
    const seen: number[] = [];
    clock.setTimeout(() => seen.push(clock.now()), 30);
    clock.advance?.(10);
    clock.setTimeout(() => seen.push(clock.now()), 5);
    clock.advance?.(100);
    expect(seen).toEqual([T0 + 15, T0 + 30]);
  });

  it('treats a zero or negative delay as due now', () => {
    const clock = virtualClock(T0);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('negative'), -50);
    clock.setTimeout(() => fired.push('zero'), 0);
    clock.advance?.(0);
    expect(fired).toEqual(['negative', 'zero']);
    expect(clock.now()).toBe(T0);
  });

  it('treats a NaN delay as 0, without blocking the timers scheduled after it', () => {
    const clock = virtualClock(T0);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('nan'), Number.NaN);
    clock.setTimeout(() => fired.push('later'), 5);
    clock.advance?.(10);
    expect(fired).toEqual(['nan', 'later']);
  });

  it('clearTimeout cancels a pending timer and leaves the others', () => {
    const clock = virtualClock(T0);
    const fired: string[] = [];
    const a = clock.setTimeout(() => fired.push('a'), 10);
    clock.setTimeout(() => fired.push('b'), 20);
    clock.clearTimeout(a);
    clock.clearTimeout(9999); // unknown ids are ignored
    clock.advance?.(100);
    expect(fired).toEqual(['b']);
  });

  it('a timer can cancel another one that is due in the same advance', () => {
    const clock = virtualClock(T0);
    const fired: string[] = [];
    let second = 0;
    clock.setTimeout(() => {
      fired.push('first');
      clock.clearTimeout(second);
    }, 10);
    second = clock.setTimeout(() => fired.push('second'), 20);
    clock.advance?.(100);
    expect(fired).toEqual(['first']);
  });

  it('gives every timer a distinct id', () => {
    const clock = virtualClock(T0);
    const ids = Array.from({ length: 50 }, () => clock.setTimeout(() => {}, 1));
    expect(new Set(ids).size).toBe(50);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
    'advance(%s) throws a RangeError that names the value and changes nothing',
    (ms) => {
      const clock = virtualClock(T0);
      const fn = vi.fn();
      clock.setTimeout(fn, 0);
      expect(() => clock.advance?.(ms)).toThrow(RangeError);
      expect(() => clock.advance?.(ms)).toThrow(`advance: ms must be a number >= 0; got ${ms}`);
      expect(clock.now()).toBe(T0);
      expect(fn).not.toHaveBeenCalled();
    },
  );

  it('property: whatever the delays, timers fire in non-decreasing due order, each exactly once', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 40 }),
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 6 }),
        (delays, steps) => {
          const clock = virtualClock(0);
          const fired: Array<{ i: number; at: number; now: number }> = [];
          delays.forEach((d, i) => {
            clock.setTimeout(() => fired.push({ i, at: d, now: clock.now() }), d);
          });
          for (const s of steps) clock.advance?.(s);
          const end = steps.reduce((a, b) => a + b, 0);
          const expected = delays.flatMap((d, i) => (d <= end ? [{ i, at: d }] : []));
          expected.sort((x, y) => x.at - y.at || x.i - y.i);
          expect(fired.map(({ i, at }) => ({ i, at }))).toEqual(expected);
          for (const f of fired) expect(f.now).toBe(f.at);
          expect(clock.now()).toBe(end);
        },
      ),
    );
  });
});

describe('realClock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads Date.now and has no advance', () => {
    const clock = realClock();
    expect(clock.kind).toBe('real');
    expect(clock.advance).toBeUndefined();
    const before = Date.now();
    const now = clock.now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('schedules and cancels through the global timers', () => {
    vi.useFakeTimers();
    const clock = realClock();
    const kept = vi.fn();
    const cancelled = vi.fn();
    clock.setTimeout(kept, 100);
    clock.clearTimeout(clock.setTimeout(cancelled, 50));
    vi.advanceTimersByTime(100);
    expect(kept).toHaveBeenCalledTimes(1);
    expect(cancelled).not.toHaveBeenCalled();
  });
});

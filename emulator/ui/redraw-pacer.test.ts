import { describe, expect, it } from 'vitest';
import { BUSY_ENTRIES, BUSY_REDRAW_MS, REDRAW_MS, redrawPacer } from './redraw-pacer';

/** Timers that run only when the test says so. */
function fakeTimers() {
  const pending = new Map<number, { callback: () => void; ms: number }>();
  let next = 0;
  return {
    pending,
    setTimeout: (callback: () => void, ms: number) => {
      pending.set(++next, { callback, ms });
      return next;
    },
    clearTimeout: (handle: unknown) => void pending.delete(handle as number),
    delays: () => [...pending.values()].map((t) => t.ms),
    run() {
      const due = [...pending.values()];
      pending.clear();
      for (const { callback } of due) callback();
    },
  };
}

function setup() {
  const timers = fakeTimers();
  let entries = 0;
  let redraws = 0;
  const pacer = redrawPacer(
    () => redraws++,
    () => entries,
    timers,
  );
  const log = (n: number) => {
    entries += n;
    for (let i = 0; i < n; i++) pacer.changed();
  };
  const reset = () => {
    entries = 0;
  };
  return { timers, pacer, log, redraws: () => redraws, reset };
}

describe('redrawPacer', () => {
  it('redraws once, REDRAW_MS after the first of any number of changes', () => {
    const { timers, log, redraws } = setup();
    log(5);
    expect(timers.delays()).toEqual([REDRAW_MS]);
    timers.run();
    expect(redraws()).toBe(1);
    expect(timers.pending.size).toBe(0);
  });

  it('waits BUSY_REDRAW_MS while the log grows by more than BUSY_ENTRIES between redraws, and REDRAW_MS once it calms', () => {
    const { timers, log } = setup();
    log(BUSY_ENTRIES + 1);
    timers.run();
    log(1);
    expect(timers.delays()).toEqual([BUSY_REDRAW_MS]);
    timers.run();
    log(1);
    expect(timers.delays()).toEqual([REDRAW_MS]);
  });

  it('counts exactly BUSY_ENTRIES new entries as quiet', () => {
    const { timers, log } = setup();
    log(BUSY_ENTRIES);
    timers.run();
    log(1);
    expect(timers.delays()).toEqual([REDRAW_MS]);
  });

  it('asks for the rows left undrawn at once when quiet, at the busy pace when not', () => {
    const { timers, pacer, log } = setup();
    pacer.more();
    expect(timers.delays()).toEqual([0]);
    timers.run();
    log(BUSY_ENTRIES + 1);
    timers.run();
    pacer.more();
    expect(timers.delays()).toEqual([BUSY_REDRAW_MS]);
  });

  it('takes a log that was reset for a quiet one', () => {
    const { timers, log, reset } = setup();
    log(BUSY_ENTRIES + 1);
    timers.run();
    reset();
    log(1);
    timers.run();
    log(1);
    expect(timers.delays()).toEqual([REDRAW_MS]);
  });

  it('forgets its pending redraw when disposed', () => {
    const { timers, pacer, log, redraws } = setup();
    log(1);
    pacer.dispose();
    expect(timers.pending.size).toBe(0);
    log(1);
    timers.run();
    expect(redraws()).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { fakeHost } from '../../test-support/fake-frames';
import { BUSY_ENTRIES, BUSY_REDRAW_MS, REDRAW_MS, redrawPacer } from './redraw-pacer';

const delays = (host: ReturnType<typeof fakeHost>) => [...host.timers.values()].map((t) => t.ms);

function setup() {
  const timers = fakeHost();
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
    expect(delays(timers)).toEqual([REDRAW_MS]);
    timers.timeout();
    expect(redraws()).toBe(1);
    expect(timers.timers.size).toBe(0);
  });

  it('waits BUSY_REDRAW_MS while the log grows by more than BUSY_ENTRIES between redraws, and REDRAW_MS once it calms', () => {
    const { timers, log } = setup();
    log(BUSY_ENTRIES + 1);
    timers.timeout();
    log(1);
    expect(delays(timers)).toEqual([BUSY_REDRAW_MS]);
    timers.timeout();
    log(1);
    expect(delays(timers)).toEqual([REDRAW_MS]);
  });

  it('counts exactly BUSY_ENTRIES new entries as quiet', () => {
    const { timers, log } = setup();
    log(BUSY_ENTRIES);
    timers.timeout();
    log(1);
    expect(delays(timers)).toEqual([REDRAW_MS]);
  });

  it('asks for the rows left undrawn at once when quiet, at the busy pace when not', () => {
    const { timers, pacer, log } = setup();
    pacer.more();
    expect(delays(timers)).toEqual([0]);
    timers.timeout();
    log(BUSY_ENTRIES + 1);
    timers.timeout();
    pacer.more();
    expect(delays(timers)).toEqual([BUSY_REDRAW_MS]);
  });

  it('takes a log that was reset for a quiet one', () => {
    const { timers, log, reset } = setup();
    log(BUSY_ENTRIES + 1);
    timers.timeout();
    reset();
    log(1);
    timers.timeout();
    log(1);
    expect(delays(timers)).toEqual([REDRAW_MS]);
  });

  it('forgets its pending redraw when disposed', () => {
    const { timers, pacer, log, redraws } = setup();
    log(1);
    pacer.dispose();
    expect(timers.timers.size).toBe(0);
    log(1);
    timers.timeout();
    expect(redraws()).toBe(1);
  });
});

/**
 * When the inspector redraws. A log change asks for a redraw REDRAW_MS later; while the log keeps growing fast (more
 * than BUSY_ENTRIES entries between two redraws: a storm, a run of round trips) it asks BUSY_REDRAW_MS later
 * instead. Nobody reads rows that fast, and a redraw that lands between a host's command and its answer delays the
 * answer by its length, ~2 ms (bench/: round-trip p99). Rows a redraw left undrawn (it draws a few) ask again: at
 * once when the log is quiet, at the busy pace while it is not.
 */
import { browser, type FrameHost } from './frame-batch';

export const REDRAW_MS = 50;
export const BUSY_REDRAW_MS = 250;
export const BUSY_ENTRIES = 20;

/** `entries`: how many entries the log has taken so far (it may go back to 0 on a reset). */
export function redrawPacer(
  redraw: () => void,
  entries: () => number,
  timers: Pick<FrameHost, 'setTimeout' | 'clearTimeout'> = browser,
) {
  let timer: unknown;
  let seen = entries();
  let busy = false;
  const fire = () => {
    timer = undefined;
    const now = entries();
    busy = now - seen > BUSY_ENTRIES;
    seen = now;
    redraw();
  };
  const ask = (ms: number) => {
    timer ??= timers.setTimeout(fire, ms);
  };
  return {
    /** The log changed. */
    changed: () => ask(busy ? BUSY_REDRAW_MS : REDRAW_MS),
    /** The last redraw left rows to draw. */
    more: () => ask(busy ? BUSY_REDRAW_MS : 0),
    dispose() {
      if (timer !== undefined) timers.clearTimeout(timer);
      timer = undefined;
    },
  };
}

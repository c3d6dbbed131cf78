import { effect, type ReadonlySignal, signal } from '@preact/signals';
import { options } from 'preact';

/** A page in the background gets no animation frames; its renders still happen, a little later. */
export const HIDDEN_PAGE_FALLBACK_MS = 100;

/** The frame and timer calls the UI's scheduling uses, so tests can run frames and timers themselves. */
export interface FrameHost {
  requestAnimationFrame(callback: () => void): number;
  cancelAnimationFrame(handle: number): void;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const browser: FrameHost = {
  requestAnimationFrame: (callback) => requestAnimationFrame(callback),
  cancelAnimationFrame: (handle) => cancelAnimationFrame(handle),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Runs `work` once, at the next animation frame or after HIDDEN_PAGE_FALLBACK_MS, whichever comes first. */
function atNextFrame(host: FrameHost, work: () => void): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    host.cancelAnimationFrame(frame);
    host.clearTimeout(fallback);
    work();
  };
  const frame = host.requestAnimationFrame(run);
  const fallback = host.setTimeout(run, HIDDEN_PAGE_FALLBACK_MS);
}

/**
 * Preact re-renders after a microtask by default: with one task per postMessage, a storm of host commands would
 * render the workbench once per message. Rendering at the next animation frame instead draws each frame once,
 * with the world as it is by then, which is all a screen can show anyway. Returns a function that undoes it.
 */
export function renderOncePerFrame(host: FrameHost = browser): () => void {
  const previous = options.debounceRendering;
  options.debounceRendering = (flush) => atNextFrame(host, flush);
  return () => {
    options.debounceRendering = previous;
  };
}

/** How the workbench sees the runtime's signals (model.ts). */
export interface Viewer {
  follow<T>(source: ReadonlySignal<T>): ReadonlySignal<T>;
  stop(): void;
}

/**
 * The runtime's signals as the screen shows them: each view takes its source's value at the next frame after it
 * changed, once however often it changed. A storm of host commands changes the world once per message; had every
 * computed and component that reads the world been told each time, that alone was a tenth of the console's time
 * per message (bench/: storm), for a screen that draws once per frame anyway.
 *
 * Once a view has a change to take, it stops listening to its source until it has taken it: the rest of a storm's
 * changes cost the source nothing here.
 */
export function frameViewer(host: FrameHost = browser): Viewer {
  const stops: Array<() => void> = [];
  return {
    follow<T>(source: ReadonlySignal<T>) {
      const view = signal(source.peek());
      let unwatch: (() => void) | undefined;
      let stopped = false;
      const take = () => {
        if (stopped) return;
        view.value = source.peek();
        watch();
      };
      const watch = () => {
        let stop: (() => void) | undefined;
        // The effect's first run, inside effect() and so before `stop` is known, can already see a change: whoever
        // watches the view may have answered the value just taken by changing the source again.
        let changedAtOnce = false;
        stop = effect(() => {
          if (source.value === view.peek()) return;
          if (stop) stop();
          else changedAtOnce = true;
          atNextFrame(host, take);
        });
        if (changedAtOnce) stop();
        unwatch = stop;
      };
      watch();
      stops.push(() => {
        stopped = true;
        unwatch?.();
      });
      return view;
    },
    stop() {
      for (const stop of stops.splice(0)) stop();
    },
  };
}

/** The runtime's signals as they are, at once: for a workbench with no screen (unit tests). */
export const liveViewer: Viewer = { follow: (source) => source, stop() {} };

/**
 * Runs `work` once the next frame has been painted, or after HIDDEN_PAGE_FALLBACK_MS where no frame comes
 * (a background page), so that work nobody is waiting for stays off the first paint.
 */
export function afterFirstPaint(work: () => unknown, host: FrameHost = browser): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    host.clearTimeout(fallback);
    void work();
  };
  // The frame callback runs before that frame's paint; a task queued from it runs after.
  host.requestAnimationFrame(() => host.setTimeout(run, 0));
  const fallback = host.setTimeout(run, HIDDEN_PAGE_FALLBACK_MS);
}

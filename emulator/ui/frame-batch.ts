import { options } from 'preact';

/** A page in the background gets no animation frames; its renders still happen, a little later. */
export const HIDDEN_PAGE_FALLBACK_MS = 100;

interface FrameHost {
  requestAnimationFrame(callback: () => void): number;
  cancelAnimationFrame(handle: number): void;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Preact re-renders after a microtask by default: with one task per postMessage, a storm of host commands would
 * render the workbench once per message. Rendering at the next animation frame instead draws each frame once,
 * with the world as it is by then, which is all a screen can show anyway. Returns a function that undoes it.
 */
const browser: FrameHost = {
  requestAnimationFrame: (callback) => requestAnimationFrame(callback),
  cancelAnimationFrame: (handle) => cancelAnimationFrame(handle),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function renderOncePerFrame(host: FrameHost = browser): () => void {
  const previous = options.debounceRendering;
  options.debounceRendering = (flush) => {
    let done = false;
    const run = () => {
      if (done) return;
      done = true;
      host.cancelAnimationFrame(frame);
      host.clearTimeout(fallback);
      flush();
    };
    const frame = host.requestAnimationFrame(run);
    const fallback = host.setTimeout(run, HIDDEN_PAGE_FALLBACK_MS);
  };
  return () => {
    options.debounceRendering = previous;
  };
}

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

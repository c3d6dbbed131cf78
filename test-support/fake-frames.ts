/** Frames and timers that run only when the test says so. */
export function fakeHost() {
  const frames = new Map<number, () => void>();
  const timers = new Map<number, { callback: () => void; ms: number }>();
  let next = 0;
  return {
    frames,
    timers,
    requestAnimationFrame: (callback: () => void) => {
      frames.set(++next, callback);
      return next;
    },
    cancelAnimationFrame: (handle: number) => void frames.delete(handle),
    setTimeout: (callback: () => void, ms: number) => {
      timers.set(++next, { callback, ms });
      return next;
    },
    clearTimeout: (handle: unknown) => void timers.delete(handle as number),
    frame() {
      const due = [...frames.values()];
      frames.clear();
      for (const callback of due) callback();
    },
    timeout() {
      const due = [...timers.values()];
      timers.clear();
      for (const { callback } of due) callback();
    },
  };
}

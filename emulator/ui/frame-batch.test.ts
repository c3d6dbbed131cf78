import { computed, effect, signal } from '@preact/signals';
import { options } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeHost } from '../../test-support/fake-frames';
import { afterFirstPaint, frameViewer, HIDDEN_PAGE_FALLBACK_MS, renderOncePerFrame } from './frame-batch';

let undo: (() => void) | undefined;
afterEach(() => {
  undo?.();
  undo = undefined;
});

describe('renderOncePerFrame', () => {
  it('renders at the next animation frame, not before', () => {
    const host = fakeHost();
    undo = renderOncePerFrame(host);
    let renders = 0;
    options.debounceRendering?.(() => renders++);
    expect(renders).toBe(0);
    host.frame();
    expect(renders).toBe(1);
  });

  it('renders once when the frame comes, and the fallback timer is cancelled', () => {
    const host = fakeHost();
    undo = renderOncePerFrame(host);
    let renders = 0;
    options.debounceRendering?.(() => renders++);
    host.frame();
    host.timeout();
    expect(renders).toBe(1);
    expect(host.timers.size).toBe(0);
  });

  it('still renders in a page that gets no frames (hidden), after the fallback delay', () => {
    const host = fakeHost();
    undo = renderOncePerFrame(host);
    let renders = 0;
    options.debounceRendering?.(() => renders++);
    expect([...host.timers.values()].map((t) => t.ms)).toEqual([HIDDEN_PAGE_FALLBACK_MS]);
    host.timeout();
    expect(renders).toBe(1);
    expect(host.frames.size).toBe(0);
  });

  it('puts back the scheduling it replaced', () => {
    const before = options.debounceRendering;
    renderOncePerFrame(fakeHost())();
    expect(options.debounceRendering).toBe(before);
  });
});

describe('afterFirstPaint', () => {
  it('runs the work once, in a task after the next frame, and drops the fallback', () => {
    const host = fakeHost();
    let runs = 0;
    afterFirstPaint(() => runs++, host);
    expect(runs).toBe(0);
    host.frame();
    expect(runs).toBe(0); // still inside the frame callback: the paint has not happened yet
    const zeroDelay = [...host.timers.entries()].find(([, t]) => t.ms === 0);
    zeroDelay?.[1].callback();
    expect(runs).toBe(1);
    host.timeout();
    expect(runs).toBe(1);
  });

  it('still runs in a page that gets no frames (a background tab)', () => {
    const host = fakeHost();
    let runs = 0;
    afterFirstPaint(() => runs++, host);
    expect([...host.timers.values()].map((t) => t.ms)).toEqual([HIDDEN_PAGE_FALLBACK_MS]);
    host.timeout();
    expect(runs).toBe(1);
  });
});

describe('frameViewer', () => {
  it('shows a change at the next frame, once however often the source changed before it', () => {
    const host = fakeHost();
    const viewer = frameViewer(host);
    const source = signal(0);
    const view = viewer.follow(source);
    const seen: number[] = [];
    const stop = effect(() => void seen.push(view.value));
    for (let i = 1; i <= 100; i++) source.value = i;
    expect(view.value).toBe(0);
    expect(host.frames.size).toBe(1);
    host.frame();
    expect(view.value).toBe(100);
    expect(seen).toEqual([0, 100]);
    stop();
    viewer.stop();
  });

  it('shows the change in a page that gets no frames, after the fallback delay', () => {
    const host = fakeHost();
    const source = signal('a');
    const view = frameViewer(host).follow(source);
    source.value = 'b';
    expect([...host.timers.values()].map((t) => t.ms)).toEqual([HIDDEN_PAGE_FALLBACK_MS]);
    host.timeout();
    expect(view.value).toBe('b');
  });

  it('waits for nothing when the source comes back to what is shown', () => {
    const host = fakeHost();
    const source = signal('a');
    const view = frameViewer(host).follow(source);
    source.value = 'b';
    host.frame();
    source.value = 'b';
    expect(host.frames.size).toBe(0);
    expect(view.value).toBe('b');
  });

  it('is not told of the changes that come while it waits for the frame', () => {
    const host = fakeHost();
    const base = signal(0);
    let evaluations = 0;
    // A computed is evaluated again only for whoever listens: it counts how often the view was told.
    const source = computed(() => {
      evaluations++;
      return base.value;
    });
    const view = frameViewer(host).follow(source);
    const before = evaluations;
    for (let i = 1; i <= 100; i++) base.value = i;
    expect(evaluations - before).toBe(1);
    host.frame();
    expect(view.value).toBe(100);
    base.value = 101;
    expect(evaluations - before).toBeLessThanOrEqual(3);
  });

  it('leaves no watcher behind when the value it shows is answered at once by a change of the source', () => {
    const host = fakeHost();
    const viewer = frameViewer(host);
    const source = signal(0);
    const view = viewer.follow(source);
    // Whoever watches the view answers its first change by changing the source again, in the same task.
    const answer = effect(() => {
      if (view.value === 1) source.value = 2;
    });
    source.value = 1;
    host.frame();
    expect(view.value).toBe(1);
    expect(host.frames.size).toBe(1);
    host.frame();
    expect(view.value).toBe(2);
    source.value = 3;
    expect(host.frames.size).toBe(1);
    host.frame();
    host.timeout(); // the cancelled fallbacks
    // Stopped, it listens to nothing: a watcher left behind would still ask for a frame.
    viewer.stop();
    source.value = 4;
    expect(host.frames.size + host.timers.size).toBe(0);
    answer();
  });

  it('follows each source apart, and stops following all of them', () => {
    const host = fakeHost();
    const viewer = frameViewer(host);
    const a = signal(1);
    const b = signal('x');
    const [va, vb] = [viewer.follow(a), viewer.follow(b)];
    a.value = 2;
    b.value = 'y';
    host.frame();
    expect([va.value, vb.value]).toEqual([2, 'y']);
    host.timeout(); // the cancelled fallbacks
    viewer.stop();
    a.value = 3;
    // Not even a frame asked for: a stopped view listens to nothing.
    expect(host.frames.size + host.timers.size).toBe(0);
    host.frame();
    host.timeout();
    expect(va.value).toBe(2);
  });

  it('takes nothing after it was stopped, even a change it was already waiting for', () => {
    const host = fakeHost();
    const viewer = frameViewer(host);
    const source = signal(1);
    const view = viewer.follow(source);
    source.value = 2;
    viewer.stop();
    host.frame();
    host.timeout();
    expect(view.value).toBe(1);
    source.value = 3;
    expect(host.frames.size + host.timers.size).toBe(0);
  });
});

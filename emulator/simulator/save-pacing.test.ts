import { afterEach, describe, expect, it, vi } from 'vitest';
import { testRuntime } from '../../test-support/test-runtime';
import type { Runtime } from './runtime';

const _T0 = Date.UTC(2025, 0, 15, 4, 0, 0);

/** A storage that counts writes, each of which "takes" `costMs` on the (mocked) performance clock. */
function slowStorage(costMs: number) {
  let now = 0;
  vi.spyOn(performance, 'now').mockImplementation(() => now);
  const data = new Map<string, string>();
  const storage = {
    writes: 0,
    get length() {
      return data.size;
    },
    key: (i: number) => [...data.keys()][i] ?? null,
    getItem: (key: string) => data.get(key) ?? null,
    setItem(key: string, value: string) {
      now += costMs;
      storage.writes++;
      data.set(key, value);
    },
    removeItem: (key: string) => void data.delete(key),
    clear: () => data.clear(),
  };
  return storage;
}

function runtimeWith(storage: Storage) {
  const runtime = testRuntime({ storage });
  runtime.start();
  return runtime;
}

const change = (runtime: Runtime, i: number) =>
  runtime.dispatch({ kind: 'setStatus', status: i % 2 ? 'BUSY' : 'AVAILABLE' });

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('saving the world', () => {
  it('a cheap world is saved 250 ms after a change', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const storage = slowStorage(1);
    const runtime = runtimeWith(storage);
    vi.advanceTimersByTime(250);
    expect(storage.writes).toBe(1);
    change(runtime, 1);
    vi.advanceTimersByTime(249);
    expect(storage.writes).toBe(1);
    vi.advanceTimersByTime(1);
    expect(storage.writes).toBe(2);
    runtime.stop();
  });

  it('a world that is slow to save is saved less often, so saving takes at most 1/20 of the time', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const storage = slowStorage(100);
    const runtime = runtimeWith(storage);
    vi.advanceTimersByTime(250);
    expect(storage.writes).toBe(1);
    // Changes keep coming for 5 s: a save every 2 s (20 × 100 ms), not every 250 ms.
    for (let i = 0; i < 50; i++) {
      change(runtime, i);
      vi.advanceTimersByTime(100);
    }
    expect(storage.writes).toBe(1 + 2);
    runtime.stop();
  });

  it('whatever the pace, leaving the page saves at once', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const storage = slowStorage(100);
    const runtime = runtimeWith(storage);
    vi.advanceTimersByTime(250);
    change(runtime, 1);
    runtime.flush();
    expect(storage.writes).toBe(2);
    expect(JSON.parse(storage.getItem('agent-console-emulator:world') ?? '{}').agent.status).toBe('BUSY');
    runtime.stop();
  });
});

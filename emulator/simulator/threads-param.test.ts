import { describe, expect, it } from 'vitest';
import { T0, testRuntime } from '../../test-support/test-runtime';
import { createWorld } from '../world';
import { MAX_THREADS, readParams } from './params';
import { STORAGE_KEY } from './persist';

function storageWith(entries: Record<string, string> = {}): Storage {
  const data = new Map(Object.entries(entries));
  return {
    get length() {
      return data.size;
    },
    key: (i: number) => [...data.keys()][i] ?? null,
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
    removeItem: (key: string) => void data.delete(key),
    clear: () => data.clear(),
  };
}

const runtimeFor = (search: string, storage: Storage) => testRuntime({ query: search, storage });

describe('threads=<n>: a big world for scale tests', () => {
  it('reads a whole number up to the maximum', () => {
    expect(readParams('?threads=10000', true)).toMatchObject({ threads: 10_000, problems: [] });
    expect(readParams('?threads=0', true).threads).toBe(0);
    expect(readParams(`?threads=${MAX_THREADS}`, true).threads).toBe(MAX_THREADS);
    expect(readParams('', true).threads).toBeUndefined();
  });

  it('ignores anything else and names it in a notice', () => {
    for (const text of ['-1', '1.5', 'many', String(MAX_THREADS + 1), '']) {
      const params = readParams(`?threads=${encodeURIComponent(text)}`, true);
      expect(params.threads, text).toBeUndefined();
      expect(params.problems).toEqual([
        `threads must be an integer from 0 to ${MAX_THREADS}; got ${JSON.stringify(text)} (ignored)`,
      ]);
    }
  });

  it('starts a fresh world with that many historical threads', () => {
    const runtime = runtimeFor('?threads=300', storageWith());
    const world = runtime.world.peek();
    expect(world.history).toBe(300);
    expect(Object.keys(world.threads).length).toBe(
      Object.keys(createWorld({ seed: 1, scenario: 'demo', now: T0 }).threads).length + 300,
    );
  });

  it('resumes a stored world only when it was made with the same number', () => {
    const stored = createWorld({ seed: 1, scenario: 'demo', now: T0 - 60_000, history: 20 });
    const marker = Object.keys(stored.threads)[0] as string;
    stored.threads[marker] = { ...(stored.threads[marker] as (typeof stored.threads)[string]), note: 'resumed' };
    const saved = { [STORAGE_KEY]: JSON.stringify(stored) };
    expect(runtimeFor('?threads=20', storageWith(saved)).world.peek().threads[marker]?.note).toBe('resumed');
    expect(runtimeFor('', storageWith(saved)).world.peek().threads[marker]?.note).toBe('resumed');
    const asked = runtimeFor('?threads=30', storageWith(saved)).world.peek();
    expect(asked.history).toBe(30);
    expect(asked.threads[marker]?.note).not.toBe('resumed');
  });
});

import { describe, expect, it } from 'vitest';
import { STORAGE_KEY } from '../simulator/persist-store';
import {
  budgetedReads,
  defaultWorldName,
  type KeptWorldOptions,
  keptWorldStore,
  READS_INTERVAL_MS,
} from './kept-world';

type Sent = { url: string; init?: RequestInit };

/** A server that answers the load with `kept` (null: 204, nothing kept) and records every request. */
function serverWith(kept: { text: string; at?: number } | null | 'down' | 500) {
  const sent: Sent[] = [];
  const fetch: KeptWorldOptions['fetch'] = async (url, init) => {
    sent.push({ url, init });
    if (kept === 'down') throw new TypeError('Failed to fetch');
    if (init?.method === 'PUT') return { status: 204, text: async () => '', headers: { get: () => null } };
    if (kept === 500) return { status: 500, text: async () => '', headers: { get: () => null } };
    if (kept === null) return { status: 204, text: async () => '', headers: { get: () => null } };
    return {
      status: 200,
      text: async () => kept.text,
      headers: { get: (name) => (name === 'x-saved-at' && kept.at !== undefined ? String(kept.at) : null) },
    };
  };
  return { fetch, sent };
}

const memory = (initial: Record<string, string> = {}) => {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    removeItem: (k: string) => void data.delete(k),
  };
};

const options = (over: Partial<KeptWorldOptions>): KeptWorldOptions => ({
  world: 'w1',
  reads: () => ({ log: [], violations: [] }),
  cache: null,
  warn: () => {},
  now: () => 1000,
  ...over,
});

describe('keptWorldStore', () => {
  it('starts from the world the server keeps under the world’s name', async () => {
    const { fetch, sent } = serverWith({ text: '{"seed":3}', at: 5 });
    const store = await keptWorldStore(options({ fetch }));
    expect(sent[0]?.url).toBe('/__emulator/w/w1/world');
    expect(store?.getItem(STORAGE_KEY)).toBe('{"seed":3}');
    expect(store?.length).toBe(1);
    expect(store?.key(0)).toBe(STORAGE_KEY);
  });

  it('starts empty when the server keeps nothing yet (204)', async () => {
    const store = await keptWorldStore(options({ fetch: serverWith(null).fetch }));
    expect(store?.getItem(STORAGE_KEY)).toBeNull();
    expect(store?.length).toBe(0);
  });

  it.each([
    ['unreachable', 'down' as const],
    ['answering 500', 500 as const],
  ])('is null when the server is %s, so the caller falls back to localStorage', async (_label, kept) => {
    expect(await keptWorldStore(options({ fetch: serverWith(kept).fetch }))).toBeNull();
  });

  it('resumes the browser’s own copy when it is newer than the server’s (a large last save lost in flight)', async () => {
    const cache = memory({
      'agent-console-emulator:world:w1': '{"local":1}',
      'agent-console-emulator:world:w1:at': '9',
    });
    const newer = await keptWorldStore(options({ fetch: serverWith({ text: '{"server":1}', at: 5 }).fetch, cache }));
    expect(newer?.getItem(STORAGE_KEY)).toBe('{"local":1}');
    const older = await keptWorldStore(options({ fetch: serverWith({ text: '{"server":1}', at: 10 }).fetch, cache }));
    expect(older?.getItem(STORAGE_KEY)).toBe('{"server":1}');
  });

  it('sends each save with its time and light reads, keepalive while it is small enough', async () => {
    const { fetch, sent } = serverWith(null);
    const cache = memory();
    const store = await keptWorldStore(options({ fetch, cache, reads: () => ({ log: [1] }) }));
    store?.setItem(STORAGE_KEY, '{"seed":1}');
    store?.setItem(STORAGE_KEY, `{"pad":"${'x'.repeat(70_000)}"}`);
    const puts = sent.filter((s) => s.init?.method === 'PUT');
    expect(puts.map((p) => p.url)).toEqual(Array(2).fill('/__emulator/w/w1/world'));
    const bodies = puts.map((p) => JSON.parse(String(p.init?.body)));
    expect(bodies[0]).toEqual({ at: 1000, world: { seed: 1 }, reads: { log: [1] } });
    expect(bodies[1].reads).toEqual({ log: [1] });
    expect(puts.map((p) => p.init?.keepalive)).toEqual([true, false]);
    expect(cache.data.get('agent-console-emulator:world:w1:at')).toBe('1000');
  });

  it('sends heavy reads every few seconds only', async () => {
    const { fetch, sent } = serverWith(null);
    let now = 1000;
    const heavy = ['x'.repeat(100_000)];
    const store = await keptWorldStore(options({ fetch, now: () => now, reads: () => ({ log: heavy }) }));
    store?.setItem(STORAGE_KEY, '{"seed":1}');
    now += READS_INTERVAL_MS - 1;
    store?.setItem(STORAGE_KEY, `{"pad":"${'x'.repeat(70_000)}"}`);
    now += 1;
    store?.setItem(STORAGE_KEY, '{"seed":3}');
    const bodies = sent.filter((s) => s.init?.method === 'PUT').map((p) => JSON.parse(String(p.init?.body)));
    expect(bodies.map((b) => b.reads !== undefined)).toEqual([true, false, true]);
    expect(bodies[2].reads).toEqual({ log: heavy });
  });

  it('keeps the reads within their budget: the newest entries of each list', () => {
    const entry = (n: number) => ({ n, pad: 'x'.repeat(90) });
    const log = Array.from({ length: 50 }, (_, n) => entry(n));
    const json = budgetedReads({ log, violations: [entry(7)], other: 3 }, 3000);
    expect(json.length).toBeLessThanOrEqual(3000);
    const reads = JSON.parse(json);
    expect(reads.log.map((e: { n: number }) => e.n)).toEqual([41, 42, 43, 44, 45, 46, 47, 48, 49]);
    expect(reads.violations).toEqual([entry(7)]);
    expect(reads.other).toBe(3);
  });

  it('forgets the world and its copy on removeItem (a reset), and saves nothing else', async () => {
    const { fetch, sent } = serverWith({ text: '{"seed":3}', at: 5 });
    const cache = memory();
    const store = await keptWorldStore(options({ fetch, cache }));
    store?.setItem(STORAGE_KEY, '{"seed":4}');
    store?.removeItem(STORAGE_KEY);
    store?.setItem('other', 'x');
    expect(store?.getItem(STORAGE_KEY)).toBeNull();
    expect(cache.data.size).toBe(0);
    expect(sent.filter((s) => s.init?.method === 'PUT')).toHaveLength(1);
  });
});

describe('defaultWorldName', () => {
  it('is the agent’s own world, its name made to fit a URL path segment', () => {
    expect(defaultWorldName('admin@email.com')).toBe('agent-admin@email.com');
    expect(defaultWorldName('李 雷/x')).toBe('agent-____x');
  });
});

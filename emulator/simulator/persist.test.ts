import { describe, expect, it, vi } from 'vitest';
import { createWorld, type WorldState } from '../world';
import { clearWorld, decodeWorld, hasSavedWorld, loadWorld, STORAGE_KEY, saveWorld } from './persist';

const NOW = Date.UTC(2025, 0, 15, 4, 0, 0);
const world = (seed = 7, scenario: WorldState['scenario'] = 'demo') => createWorld({ seed, scenario, now: NOW });

/** An in-memory Storage; `fail` makes chosen methods throw like a full or disabled localStorage. */
function memoryStorage(fail: { get?: unknown; set?: unknown; remove?: unknown } = {}) {
  const data = new Map<string, string>();
  const storage = {
    get length() {
      return data.size;
    },
    key: (i: number) => [...data.keys()][i] ?? null,
    getItem(key: string) {
      if (fail.get) throw fail.get;
      return data.get(key) ?? null;
    },
    setItem(key: string, value: string) {
      if (fail.set) throw fail.set;
      data.set(key, String(value));
    },
    removeItem(key: string) {
      if (fail.remove) throw fail.remove;
      data.delete(key);
    },
    clear: () => data.clear(),
  };
  return { storage: storage as Storage, data };
}

const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

describe('decodeWorld', () => {
  it.each(['demo', 'empty', 'busy-queue', 'flood'] as const)('round-trips a %s world', (scenario) => {
    const state = world(3, scenario);
    const loaded = decodeWorld(JSON.stringify(state));
    expect(loaded.state).toEqual(state);
    expect('notice' in loaded).toBe(false);
  });

  it('refuses text that is not JSON, with a notice', () => {
    for (const text of ['', '{', 'undefined', "{'version':1}"]) {
      expect(decodeWorld(text)).toEqual({
        state: null,
        notice: 'The saved world could not be read (not JSON); a fresh world was started.',
      });
    }
  });

  it('refuses another version (or something that is not an object), with a notice', () => {
    const state = world();
    const notice = 'The saved world is from another version; a fresh world was started.';
    for (const raw of [
      { ...state, version: 1 },
      { ...state, version: 3 },
      { ...state, version: '2' },
      { ...state, version: undefined },
    ]) {
      expect(decodeWorld(JSON.stringify(raw))).toEqual({ state: null, notice });
    }
    for (const text of ['null', '1', '"world"', '[]', JSON.stringify([state])]) {
      expect(decodeWorld(text)).toEqual({ state: null, notice });
    }
  });

  const damaged: Array<[string, (s: Record<string, unknown> & WorldState) => void]> = [
    ['a negative unreadCount', (s) => Object.assign(Object.values(s.threads)[0] ?? {}, { unreadCount: -1 })],
    ['a fractional unreadCount', (s) => Object.assign(Object.values(s.threads)[0] ?? {}, { unreadCount: 1.5 })],
    [
      'a thread missing its user',
      (s) => delete (Object.values(s.threads)[0] as Partial<WorldState['threads'][string]>).user,
    ],
    ['a thread with an unknown status', (s) => Object.assign(Object.values(s.threads)[0] ?? {}, { status: 'LOST' })],
    [
      'a thread stored under another uid',
      (s) => {
        const [uid, thread] = Object.entries(s.threads)[0] ?? [];
        if (uid && thread) {
          delete s.threads[uid];
          s.threads.other = thread;
        }
      },
    ],
    ['threads as an array', (s) => Object.assign(s, { threads: Object.values(s.threads) })],
    ['no messages', (s) => Object.assign(s, { messages: undefined })],
    ['no lastActivity', (s) => Object.assign(s, { lastActivity: null })],
    ['no agent', (s) => Object.assign(s, { agent: 'admin' })],
    ['a non-numeric seed', (s) => Object.assign(s, { seed: '7' })],
    ['no generator state', (s) => Object.assign(s, { rng: undefined })],
    ['an unknown scenario', (s) => Object.assign(s, { scenario: 'party' })],
    ['no workgroups', (s) => Object.assign(s, { workgroups: [] })],
    ['no colleagues', (s) => Object.assign(s, { colleagues: undefined })],
    ['no groups', (s) => Object.assign(s, { groups: {} })],
  ];

  it.each(damaged)('refuses a world with %s, with a notice', (_name, damage) => {
    const raw = JSON.parse(JSON.stringify(world())) as Record<string, unknown> & WorldState;
    expect(Object.keys(raw.threads).length).toBeGreaterThan(0);
    damage(raw);
    expect(decodeWorld(JSON.stringify(raw))).toEqual({
      state: null,
      notice: 'The saved world was damaged; a fresh world was started.',
    });
  });

  it('does not let a saved __proto__ key reach Object.prototype', () => {
    const text = JSON.stringify(world()).replace('"threads":{', '"threads":{"__proto__":{"polluted":true},');
    expect(decodeWorld(text).state).toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('hasSavedWorld (whether the boot must load the schemas to validate a save)', () => {
  it('says no without storage, and with storage that holds only other keys', () => {
    expect(hasSavedWorld(null)).toBe(false);
    const { storage, data } = memoryStorage();
    expect(hasSavedWorld(storage)).toBe(false);
    data.set('ACCESS_TOKEN', 'x');
    expect(hasSavedWorld(storage)).toBe(false);
  });

  it('says yes once a world is saved, without reading it', () => {
    const { storage } = memoryStorage();
    saveWorld(storage, world());
    const getItem = vi.spyOn(storage, 'getItem');
    expect(hasSavedWorld(storage)).toBe(true);
    expect(getItem).not.toHaveBeenCalled();
  });

  it('says yes when storage cannot list its keys, so that nothing is resumed unvalidated', () => {
    const broken = {
      get length(): number {
        throw new DOMException('denied', 'SecurityError');
      },
    } as unknown as Storage;
    expect(hasSavedWorld(broken)).toBe(true);
  });
});

describe('loadWorld', () => {
  it('finds nothing without storage, silently', () => {
    expect(loadWorld(null)).toEqual({ state: null });
  });

  it('finds nothing in empty storage, silently', () => {
    expect(loadWorld(memoryStorage().storage)).toEqual({ state: null });
  });

  it('reads back what saveWorld wrote', () => {
    const { storage, data } = memoryStorage();
    const state = world(11, 'busy-queue');
    expect(saveWorld(storage, state)).toBeUndefined();
    expect(data.has(STORAGE_KEY)).toBe(true);
    expect(loadWorld(storage).state).toEqual(state);
  });

  it('reports a damaged save through its notice', () => {
    const { storage, data } = memoryStorage();
    data.set(STORAGE_KEY, '{not json');
    expect(loadWorld(storage)).toEqual({ state: null, notice: expect.stringContaining('not JSON') });
  });

  it('returns a notice, never throws, when getItem throws', () => {
    const { storage } = memoryStorage({ get: new DOMException('denied', 'SecurityError') });
    expect(loadWorld(storage)).toEqual({
      state: null,
      notice: 'Storage is not available; the world will not survive a reload.',
    });
  });
});

describe('saveWorld', () => {
  it('does nothing without storage', () => {
    expect(saveWorld(null, world())).toBeUndefined();
  });

  it('stores the world as JSON under the one key', () => {
    const { storage, data } = memoryStorage();
    const state = world();
    saveWorld(storage, state);
    expect([...data.keys()]).toEqual([STORAGE_KEY]);
    // Saved compactly (persist-compact.ts): what reads it back is the decoder.
    expect(decodeWorld(data.get(STORAGE_KEY) ?? '').state).toEqual(state);
  });

  it('returns a notice naming the error when storage is full, never throws', () => {
    const { storage } = memoryStorage({ set: quota() });
    let notice: string | undefined;
    expect(() => {
      notice = saveWorld(storage, world());
    }).not.toThrow();
    expect(notice).toBe('The world could not be saved (QuotaExceededError); a reload will lose it.');
  });

  it('returns a notice even when storage throws something that is not an Error', () => {
    const { storage } = memoryStorage({ set: 'nope' });
    expect(saveWorld(storage, world())).toBe('The world could not be saved (error); a reload will lose it.');
  });

  it('returns a notice, never throws, when the state itself cannot be serialised', () => {
    const { storage } = memoryStorage();
    const state = world() as WorldState & { self?: unknown };
    state.self = state;
    expect(saveWorld(storage, state)).toBe('The world could not be saved (TypeError); a reload will lose it.');
  });
});

describe('clearWorld', () => {
  it('removes the saved world and only that', () => {
    const { storage, data } = memoryStorage();
    data.set('ACCESS_TOKEN', 'jwt');
    saveWorld(storage, world());
    clearWorld(storage);
    expect([...data.keys()]).toEqual(['ACCESS_TOKEN']);
    expect(loadWorld(storage)).toEqual({ state: null });
  });

  it('never throws, with no storage or a storage that throws', () => {
    expect(() => clearWorld(null)).not.toThrow();
    const remove = vi.fn(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    expect(() => clearWorld({ removeItem: remove } as unknown as Storage)).not.toThrow();
    expect(remove).toHaveBeenCalledWith(STORAGE_KEY);
  });
});

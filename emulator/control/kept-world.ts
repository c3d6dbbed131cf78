import { type KeptRead, keptWorldPath, WORLD_NAME_PATTERN } from '../../common/control-wire';
import { STORAGE_KEY } from '../simulator/persist-store';
import type { WorldStore } from '../simulator/world-storage';

/**
 * The world as the server keeps it (server/world-keeper.ts), in the shape persistence reads and writes
 * (persist-store.ts's WorldStore): loaded once at boot, each save sent back with the reads CI may ask for
 * once no page is open. Browser storage policy (a cross-site frame's localStorage denied or partitioned) then
 * no longer decides whether a reload keeps the world.
 *
 * Where the browser allows it, each save is also written to localStorage under the world's name: a save sent as
 * the page goes away can be lost in flight when it is too large for a keepalive request (64 KiB), and the
 * synchronous copy is then the newer one, which the next load prefers.
 */

type Cache = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface KeptWorldOptions {
  world: string;
  /** The control reads to hand over with each save (KEPT_READS of the test API). */
  reads: () => Partial<Record<KeptRead, unknown>>;
  /** Where the control API lives; default: this page's origin. */
  base?: string;
  fetch?: (
    url: string,
    init?: RequestInit,
  ) => Promise<{ status: number; text(): Promise<string>; headers: { get(name: string): string | null } }>;
  /** The browser's copy; default localStorage when the browser allows it, else none. */
  cache?: Cache | null;
  warn?: (message: string) => void;
  /** A clock that keeps rising across reloads, so that of two saves the newer one wins. */
  now?: () => number;
}

/** Browsers drop a keepalive request above 64 KiB: a larger save is sent as an ordinary one. */
const KEEPALIVE_LIMIT = 60_000;

/**
 * Reads heavier than READS_LIGHT go along at most this often, and when the page goes away: a flood's log holds
 * megabytes (each unread event carries every unread thread), too much to copy and send four times a second.
 * Lighter ones go with every save, so that the server's copy is current when the page closes without warning.
 */
export const READS_INTERVAL_MS = 2000;
const READS_LIGHT = 64 * 1024;

/** What the reads may weigh in a save: the newest entries of each list that fit its share. */
const READS_BUDGET = 512 * 1024;

/** The reads as JSON within READS_BUDGET: lists keep their newest entries, other values go as they are. */
export function budgetedReads(reads: Record<string, unknown>, budget = READS_BUDGET): string {
  const names = Object.keys(reads);
  const share = Math.floor(budget / Math.max(1, names.length));
  const parts = names.map((name) => {
    const value = reads[name];
    if (!Array.isArray(value)) return `${JSON.stringify(name)}:${JSON.stringify(value ?? null)}`;
    const kept: string[] = [];
    let size = 2;
    for (let i = value.length - 1; i >= 0; i--) {
      const text = JSON.stringify(value[i]) ?? 'null';
      if (size + text.length + 1 > share) break;
      kept.push(text);
      size += text.length + 1;
    }
    return `${JSON.stringify(name)}:[${kept.reverse().join(',')}]`;
  });
  return `{${parts.join(',')}}`;
}

/** The default world: the agent's own (docs/emulator.md), its name made to fit WORLD_NAME_PATTERN. */
export function defaultWorldName(username: string): string {
  const name = `agent-${username.replace(/[^A-Za-z0-9._@+-]/g, '_')}`.slice(0, 128);
  return WORLD_NAME_PATTERN.test(name) ? name : 'agent';
}

function localCache(): Cache | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** The cached copy of a world, or null; whatever the browser refuses counts as no copy. */
function readCache(cache: Cache | null, key: string): { text: string; at: number } | null {
  try {
    const text = cache?.getItem(key);
    const at = Number(cache?.getItem(`${key}:at`));
    return text && Number.isFinite(at) ? { text, at } : null;
  } catch {
    return null;
  }
}

/**
 * Loads the kept world. Null when this server keeps no worlds (no control API answers): the caller then falls
 * back to localStorage as before.
 */
export async function keptWorldStore(options: KeptWorldOptions): Promise<WorldStore | null> {
  const base = options.base ?? '';
  const request = options.fetch ?? ((url: string, init?: RequestInit) => fetch(url, init));
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const now = options.now ?? (() => performance.timeOrigin + performance.now());
  const cache = options.cache === undefined ? localCache() : options.cache;
  const cacheKey = `agent-console-emulator:world:${options.world}`;
  const url = `${base}${keptWorldPath(options.world)}`;
  const items = new Map<string, string>();
  let readsSentAt = Number.NEGATIVE_INFINITY;
  let readsBytes = 0;
  let leaving = false;
  // Registered before the runtime's own pagehide save (main.tsx), so that last save carries the reads.
  globalThis.addEventListener?.('pagehide', () => {
    leaving = true;
  });
  globalThis.addEventListener?.('pageshow', () => {
    leaving = false;
  });
  let server: { text: string; at: number } | null = null;
  try {
    const response = await request(url, { cache: 'no-store' });
    if (response.status === 200) {
      server = { text: await response.text(), at: Number(response.headers.get('x-saved-at') ?? Number.NaN) };
    } else if (response.status !== 204) return null;
  } catch {
    return null;
  }
  const cached = readCache(cache, cacheKey);
  const newer = server && cached ? (cached.at > server.at ? cached : server) : (server ?? cached);
  if (newer) items.set(STORAGE_KEY, newer.text);

  const send = (body: string) => {
    request(url, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body,
      // A save sent as the page goes away (pagehide) must outlive it.
      keepalive: body.length < KEEPALIVE_LIMIT,
    }).then(
      (response) => {
        if (response.status !== 204)
          warn(`world ${options.world}: the server did not keep a save (${response.status})`);
      },
      (error: unknown) => warn(`world ${options.world}: a save did not reach the server: ${String(error)}`),
    );
  };

  return {
    get length() {
      return items.size;
    },
    key: (index) => [...items.keys()][index] ?? null,
    getItem: (key) => items.get(key) ?? null,
    setItem(key, value) {
      items.set(key, value);
      if (key !== STORAGE_KEY) return;
      const at = Math.round(now());
      try {
        cache?.setItem(cacheKey, value);
        cache?.setItem(`${cacheKey}:at`, String(at));
      } catch {
        // Denied or full: the server's copy is the one.
      }
      // Built here, synchronously, so that the runtime's save pacing counts its cost. Without reads the server
      // keeps the last ones it had.
      let reads = '';
      if (leaving || readsBytes < READS_LIGHT || at - readsSentAt >= READS_INTERVAL_MS) {
        reads = `,"reads":${budgetedReads(options.reads())}`;
        readsSentAt = at;
        readsBytes = reads.length;
      }
      send(`{"at":${at},"world":${value}${reads}}`);
    },
    removeItem(key) {
      items.delete(key);
      if (key !== STORAGE_KEY) return;
      // A reset empties the log: the next save says so.
      readsBytes = 0;
      try {
        cache?.removeItem(cacheKey);
        cache?.removeItem(`${cacheKey}:at`);
      } catch {
        // Nothing to forget.
      }
    },
  };
}

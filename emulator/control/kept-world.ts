import { STORAGE_KEY, type WorldStorage } from '../simulator/persist-store';
import { type KeptRead, keptWorldPath, WORLD_NAME_PATTERN } from './wire';

/**
 * The world as the server keeps it (scripts/world-keeper.ts), in the shape persistence reads and writes
 * (persist-store.ts's WorldStorage): loaded once at boot, each save sent back with the reads CI may ask for
 * once no page is open. Browser storage policy (a cross-site frame's localStorage denied or partitioned) then
 * no longer decides whether a reload keeps the world.
 */

export interface KeptWorldOptions {
  world: string;
  /** The control reads to hand over with each save (KEPT_READS of the test API). */
  reads: () => Partial<Record<KeptRead, unknown>>;
  /** Where the control API lives; default: this page's origin. */
  base?: string;
  fetch?: (url: string, init?: RequestInit) => Promise<Pick<Response, 'status' | 'text'>>;
  warn?: (message: string) => void;
  /** A clock that keeps rising across reloads, so the server keeps the newest of two crossing saves. */
  now?: () => number;
}

/** Browsers drop a keepalive request above 64 KiB: a larger save is sent as an ordinary one. */
const KEEPALIVE_LIMIT = 60_000;

/** The default world: the agent's own (emulator.md), its name made to fit WORLD_NAME_PATTERN. */
export function defaultWorldName(username: string): string {
  const name = `agent-${username.replace(/[^A-Za-z0-9._@+-]/g, '_')}`.slice(0, 128);
  return WORLD_NAME_PATTERN.test(name) ? name : 'agent';
}

/**
 * Loads the kept world. Null when this server keeps no worlds (no control API answers): the caller then falls
 * back to localStorage.
 */
export async function keptWorldStorage(options: KeptWorldOptions): Promise<WorldStorage | null> {
  const base = options.base ?? '';
  const request = options.fetch ?? ((url: string, init?: RequestInit) => fetch(url, init));
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const now = options.now ?? (() => performance.timeOrigin + performance.now());
  const url = `${base}${keptWorldPath(options.world)}`;
  const items = new Map<string, string>();
  try {
    const response = await request(url, { cache: 'no-store' });
    if (response.status === 200) items.set(STORAGE_KEY, await response.text());
    else if (response.status !== 404) return null;
  } catch {
    return null;
  }

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
      // Built here, synchronously, so that the runtime's save pacing counts its cost.
      send(`{"at":${Math.round(now())},"world":${value},"reads":${JSON.stringify(options.reads())}}`);
    },
    // A reset forgets the world; the fresh one that follows is saved over it.
    removeItem: (key) => void items.delete(key),
  };
}

import type { WorldState } from '../world';
import { encodeWorld } from './persist-compact';
import type { WorldStore } from './world-storage';

/**
 * The zod-free half of persistence: where the world lives and how it is read and written. Validating a saved
 * world needs the protocol's schemas (persist.ts), which the boot loads only when there is a save to validate,
 * so that a first visit paints without them.
 */

/** The simulated server's disk: one key per emulator origin, so a reloaded frame resumes its world. */
export const STORAGE_KEY = 'agent-console-emulator:world';

export type Loaded = { state: WorldState } | { state: null; notice?: string };

/** Turns saved text into a world, or says why it could not (persist.ts's decodeWorld). */
export type DecodeWorld = (text: string) => Loaded;

/**
 * Whether a save exists, found through the key list so that a large world's text is not read twice (once here,
 * once to load it). When storage cannot even say, a save is assumed: validating for nothing costs a little,
 * resuming an unvalidated world could break the console.
 */
export function hasSavedWorld(storage: WorldStore | null): boolean {
  if (!storage) return false;
  try {
    for (let i = 0; i < storage.length; i++) if (storage.key(i) === STORAGE_KEY) return true;
    return false;
  } catch {
    return true;
  }
}

export function loadWorldWith(storage: WorldStore | null, decode: DecodeWorld): Loaded {
  if (!storage) return { state: null };
  let text: string | null;
  try {
    text = storage.getItem(STORAGE_KEY);
  } catch {
    return { state: null, notice: 'Storage is not available; the world will not survive a reload.' };
  }
  return text === null ? { state: null } : decode(text);
}

/** Returns a notice when the save failed (quota, privacy mode), never throws. */
export function saveWorld(storage: WorldStore | null, state: WorldState): string | undefined {
  if (!storage) return undefined;
  try {
    storage.setItem(STORAGE_KEY, encodeWorld(state));
    return undefined;
  } catch (error) {
    return `The world could not be saved (${error instanceof Error ? error.name : 'error'}); a reload will lose it.`;
  }
}

export function clearWorld(storage: WorldStore | null): void {
  try {
    storage?.removeItem(STORAGE_KEY);
  } catch {
    // Nothing to clear when storage is unavailable.
  }
}

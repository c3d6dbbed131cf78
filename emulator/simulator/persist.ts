import { AgentInfoSchema, ThreadSchema } from '../../protocol';
import { SCENARIOS, type Sender, type WorldState } from '../world';

/** The simulated server's disk: one key per emulator origin, so a reloaded frame resumes its world. */
export const STORAGE_KEY = 'agent-console-emulator:world';

export type Loaded = { state: WorldState } | { state: null; notice?: string };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const SENDERS: readonly unknown[] = ['visitor', 'agent', 'colleague', 'system'] satisfies Sender[];
const isParty = (p: unknown) => isRecord(p) && typeof p.uid === 'string' && typeof p.nickname === 'string';
const isMessage = (m: unknown) =>
  isRecord(m) &&
  SENDERS.includes(m.from) &&
  typeof m.uid === 'string' &&
  typeof m.nickname === 'string' &&
  typeof m.content === 'string' &&
  typeof m.createdAt === 'string';

/** Checks enough of the shape that a stale or tampered save can't break the console's invariants. */
export function decodeWorld(text: string): Loaded {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { state: null, notice: 'The saved world could not be read (not JSON); a fresh world was started.' };
  }
  if (!isRecord(raw) || raw.version !== 1) {
    return { state: null, notice: 'The saved world is from another version; a fresh world was started.' };
  }
  const threads = raw.threads;
  const ok =
    typeof raw.seed === 'number' &&
    typeof raw.rng === 'number' &&
    (SCENARIOS as readonly string[]).includes(raw.scenario as string) &&
    isRecord(raw.agent) &&
    isRecord(threads) &&
    isRecord(raw.messages) &&
    isRecord(raw.lastActivity) &&
    Array.isArray(raw.workgroups) &&
    raw.workgroups.length > 0 &&
    Array.isArray(raw.colleagues) &&
    raw.colleagues.length > 0 &&
    Array.isArray(raw.groups) &&
    raw.groups.length > 0 &&
    Object.entries(threads).every(
      ([uid, t]) => ThreadSchema.safeParse(t).success && (t as { uid: string }).uid === uid,
    ) &&
    // The rest of the world too: a damaged agent would make every status event fail the emit check, and a
    // damaged history would break the chat pane, long after the load that should have refused it.
    AgentInfoSchema.safeParse(raw.agent).success &&
    typeof raw.assetBase === 'string' &&
    (raw.openThreadUid === null ||
      (typeof raw.openThreadUid === 'string' && Object.hasOwn(threads, raw.openThreadUid))) &&
    (raw.lastUnread === null || typeof raw.lastUnread === 'string') &&
    Object.values(raw.messages).every((list) => Array.isArray(list) && list.every(isMessage)) &&
    Object.values(raw.lastActivity).every(Number.isFinite) &&
    [raw.workgroups, raw.colleagues, raw.groups].every((parties) => parties.every(isParty));
  if (!ok) return { state: null, notice: 'The saved world was damaged; a fresh world was started.' };
  return { state: raw as unknown as WorldState };
}

export function loadWorld(storage: Storage | null): Loaded {
  if (!storage) return { state: null };
  let text: string | null;
  try {
    text = storage.getItem(STORAGE_KEY);
  } catch {
    return { state: null, notice: 'Storage is not available; the world will not survive a reload.' };
  }
  return text === null ? { state: null } : decodeWorld(text);
}

/** Returns a notice when the save failed (quota, privacy mode), never throws. */
export function saveWorld(storage: Storage | null, state: WorldState): string | undefined {
  if (!storage) return undefined;
  try {
    storage.setItem(STORAGE_KEY, JSON.stringify(state));
    return undefined;
  } catch (error) {
    return `The world could not be saved (${error instanceof Error ? error.name : 'error'}); a reload will lose it.`;
  }
}

export function clearWorld(storage: Storage | null): void {
  try {
    storage?.removeItem(STORAGE_KEY);
  } catch {
    // Nothing to clear when storage is unavailable.
  }
}

import { AgentInfoSchema, ThreadSchema } from '../../protocol/shapes';
import { SCENARIOS, type Sender, type WorldState } from '../world';
import { inflateWorld } from './persist-compact';
import { type Loaded, loadWorldWith } from './persist-store';

// The zod-free half lives in persist-store.ts so that the boot can read storage without loading the schemas.
export { clearWorld, hasSavedWorld, type Loaded, STORAGE_KEY, saveWorld } from './persist-store';

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
    // Saved threads leave out their defaults (persist-compact.ts): made whole before they are checked.
    raw = inflateWorld(JSON.parse(text));
  } catch {
    return { state: null, notice: 'The saved world could not be read (not JSON); a fresh world was started.' };
  }
  if (!isRecord(raw) || raw.version !== 2) {
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
    isRecord(raw.liveBorn) &&
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
  return loadWorldWith(storage, decodeWorld);
}

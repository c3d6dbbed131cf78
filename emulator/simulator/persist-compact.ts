import type { Thread, UserProtobuf } from '../../protocol';
import { EMPTY_PROTOBUF, LEVEL, ORG_UID, PLATFORM } from '../world/make';
import type { WorldState } from '../world/types';

/**
 * A ThreadResponse carries ~40 fields, most of them the vendor's defaults or copies of its JSON strings; saved as
 * is, a 10,000-thread world is ~15 MB, past what localStorage holds. Saved threads leave out what equals its
 * default or can be derived from the thread itself, and get it back, in the same key order, when read.
 * Zod-free: the boot reads storage before the schemas load.
 */

const DEFAULTS: Partial<Record<keyof Thread, unknown>> = {
  orgUid: ORG_UID,
  level: LEVEL,
  platform: PLATFORM,
  transferStatus: 'NONE',
  inviteStatus: 'NONE',
  resolvedStatus: 'PENDING',
  top: false,
  visitorUnreadCount: 0,
  mute: false,
  hide: false,
  star: 0,
  fold: false,
  autoClose: false,
  note: null,
  offline: null,
  tagList: [],
  extra: '{}',
  invites: [],
  monitors: [],
  assistants: [],
  ticketors: [],
  robot: '{}',
  robotProtobuf: EMPTY_PROTOBUF,
  processInstanceId: null,
  processEntityUid: null,
};

/** The key order of a thread as the world makes it (world/make.ts), so that a resumed thread serialises alike. */
const ORDER: ReadonlyArray<keyof Thread> = [
  'uid',
  'orgUid',
  'level',
  'platform',
  'createdAt',
  'updatedAt',
  'topic',
  'content',
  'type',
  'status',
  'transferStatus',
  'inviteStatus',
  'resolvedStatus',
  'top',
  'unread',
  'unreadCount',
  'visitorUnreadCount',
  'mute',
  'hide',
  'star',
  'fold',
  'autoClose',
  'note',
  'offline',
  'tagList',
  'channel',
  'extra',
  'invites',
  'monitors',
  'assistants',
  'ticketors',
  'user',
  'owner',
  'agent',
  'robot',
  'workgroup',
  'agentProtobuf',
  'robotProtobuf',
  'workgroupProtobuf',
  'processInstanceId',
  'processEntityUid',
];

const PROTOBUF_KEYS = ['uid', 'nickname', 'avatar', 'type', 'extra'] as const;

/** Equality for the values DEFAULTS and `derived` hold: scalars, empty lists and UserProtobuf objects. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length + b.length === 0;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  return keys.length === PROTOBUF_KEYS.length && keys.every((k, i) => k === PROTOBUF_KEYS[i] && x[k] === y[k]);
}

/** A few distinct JSON strings serve every thread: each is read once. */
const protobufs = new Map<string, UserProtobuf | undefined>();

/** The object of a JSON-string side (`agent`, `workgroup`), as makeThread derives it. */
function protobufOf(json: unknown): UserProtobuf | undefined {
  if (json === '{}') return EMPTY_PROTOBUF;
  if (typeof json !== 'string') return undefined;
  if (protobufs.has(json)) return protobufs.get(json);
  let made: UserProtobuf | undefined;
  try {
    const p = JSON.parse(json) as Record<string, unknown>;
    made = { uid: p.uid, nickname: p.nickname, avatar: p.avatar, type: p.type, extra: null } as UserProtobuf;
  } catch {
    made = undefined;
  }
  if (protobufs.size > 1000) protobufs.clear();
  protobufs.set(json, made);
  return made;
}

/** What a field of `thread` would be if saved without it, or NOT_DERIVED. */
const NOT_DERIVED = Symbol('not derived');
function expectedValue(key: string, thread: Record<string, unknown>): unknown {
  if (Object.hasOwn(DEFAULTS, key)) return DEFAULTS[key as keyof Thread];
  switch (key) {
    case 'agentProtobuf':
    case 'owner':
      return protobufOf(thread.agent);
    case 'workgroupProtobuf':
      return protobufOf(thread.workgroup);
    case 'unread':
      return typeof thread.unreadCount === 'number' ? thread.unreadCount > 0 : NOT_DERIVED;
    default:
      return NOT_DERIVED;
  }
}

// Built with Object.fromEntries throughout: a saved "__proto__" key must stay an own key for the decoder to refuse,
// never become a prototype.
function compactThread(thread: Thread): Record<string, unknown> {
  const full = thread as unknown as Record<string, unknown>;
  const kept: Array<[string, unknown]> = [];
  for (const key of Object.keys(full)) {
    const value = full[key];
    const expected = expectedValue(key, full);
    if (expected !== NOT_DERIVED && expected !== undefined && same(value, expected)) continue;
    kept.push([key, value]);
  }
  return Object.fromEntries(kept);
}

function inflateThread(saved: unknown): unknown {
  if (typeof saved !== 'object' || saved === null || Array.isArray(saved)) return saved;
  const stored = saved as Record<string, unknown>;
  const entries: Array<[string, unknown]> = [];
  for (const key of ORDER) {
    if (Object.hasOwn(stored, key)) entries.push([key, stored[key]]);
    else {
      const expected = expectedValue(key, stored);
      if (expected !== NOT_DERIVED && expected !== undefined) entries.push([key, expected]);
    }
  }
  // Anything else stays, so that the decoder's strict check sees (and refuses) a tampered save.
  const known = new Set<string>(ORDER);
  for (const [key, value] of Object.entries(stored)) if (!known.has(key)) entries.push([key, value]);
  return Object.fromEntries(entries);
}

/** The text to save: the world with each thread cut to what differs from its defaults. */
export function encodeWorld(state: WorldState): string {
  const threads = Object.fromEntries(Object.entries(state.threads).map(([uid, t]) => [uid, compactThread(t)]));
  return JSON.stringify({ ...state, threads });
}

/** A parsed save with its threads made whole again; anything malformed is left for the decoder to refuse. */
export function inflateWorld(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null) return raw;
  const world = raw as Record<string, unknown>;
  const threads = world.threads;
  if (typeof threads !== 'object' || threads === null || Array.isArray(threads)) return raw;
  const whole = Object.fromEntries(Object.entries(threads).map(([uid, t]) => [uid, inflateThread(t)]));
  return { ...world, threads: whole };
}

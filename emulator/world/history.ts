import type { Thread } from '../../protocol/schema';
import { CLOSED_AUTOMATICALLY, CLOSED_BY_AGENT, VISITOR_LINES } from './content';
import { vendorDate } from './dates';
import { makeThread, makeUser, UID_DIGITS, visitorNickname } from './make';
import { createRng, type Rng, seedState } from './rng';
import { IDLE_CLOSE_MS } from './rules';
import { Tx } from './tx';
import type { Message, WorldState } from './types';
import { rememberSameUnread } from './unread';

const DAY = 24 * 60 * 60 * 1000;
/** History ends before any scenario's script begins (the oldest, demo, starts two days ago). */
const NEWEST_AGO = 3 * DAY;
const OLDEST_AGO = 30 * DAY;

/**
 * A 16-digit uid from two draws instead of sixteen, made as one number (below 2^53, so exact) and converted once:
 * the history makes two per thread, ten thousand threads.
 */
function fastUid(rng: Rng): string {
  return String(rng.int(100_000_000, 899_999_999) * 10_000_000 + rng.int(0, 9_999_999));
}

/**
 * `count` closed visitor conversations from the last month, added in one pass: a big list for scale tests
 * (`threads=<n>`) without replaying thousands of steps. Each is what the rules would have left behind: a visitor
 * who wrote once, and a close (by the agent or idle); nothing unread, nothing emitted. Seeded like everything else.
 * They are added newest first, the list's own order, so the first sort of a long list has little to do.
 *
 * Their two messages are not stored: they follow from the thread and the seed (`historyMessages`), so a
 * 10,000-thread world is 10,000 objects lighter to build, hold and save. No rule ever adds to a closed thread.
 */
export function addHistory(state: WorldState, count: number, now: number): WorldState {
  if (!Number.isInteger(count) || count < 0)
    throw new RangeError(`addHistory: count must be an integer >= 0; got ${count}`);
  if (count === 0) return state;
  const tx = new Tx(state, now);
  const { rng } = tx;
  // Closing times spread over the month, newest first: one in each of `count` equal slots, anywhere in it.
  const slot = (OLDEST_AGO - IDLE_CLOSE_MS - NEWEST_AGO) / count;
  const threads: Record<string, Thread> = { ...state.threads };
  for (let i = 0; i < count; i++) {
    const closed = Math.floor(now - NEWEST_AGO - (i + rng.next()) * slot);
    const type = rng.chance(0.6) ? 'WORKGROUP' : 'AGENT';
    const visitorUid = fastUid(rng);
    const nickname = visitorNickname(tx, visitorUid);
    const workgroup = type === 'WORKGROUP' ? rng.pick(state.workgroups) : undefined;
    const auto = rng.chance(0.5);
    const arrived = closed - (auto ? IDLE_CLOSE_MS : rng.int(60_000, IDLE_CLOSE_MS));
    const content = auto ? CLOSED_AUTOMATICALLY : CLOSED_BY_AGENT;
    const user = makeUser(state, visitorUid, nickname, 'VISITOR');
    const uid = fastUid(rng);
    const thread = makeThread(tx, {
      uid,
      type,
      status: 'CLOSED',
      user,
      workgroup,
      content,
      createdAt: vendorDate(arrived),
    });
    // Still private to this loop: set in place rather than copying the whole thread.
    thread.updatedAt = vendorDate(closed);
    threads[uid] = thread;
  }
  rememberSameUnread(threads, state.threads);
  return { ...state, threads, history: (state.history ?? 0) + count, rng: rng.state };
}

/** FNV-1a: a thread's uid as a 32-bit number, to seed what is derived from that thread alone. */
function hashUid(uid: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < uid.length; i++) h = Math.imul(h ^ uid.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

// Derived once per thread record; the record never changes (a closed thread takes no messages), so the UI gets
// the same array every time it asks.
const derived = new WeakMap<Thread, { seed: number; messages: Message[] }>();

/**
 * A historical thread's conversation: the visitor's one line when it opened, then the close. Seeded by the world's
 * seed and the thread's uid, so it is the same on every read, after a reload and in every copy of the world.
 */
export function historyMessages(state: WorldState, thread: Thread): Message[] {
  const known = derived.get(thread);
  if (known?.seed === state.seed) return known.messages;
  const rng = createRng(seedState(state.seed) ^ hashUid(thread.uid));
  const visitor: Message = {
    uid: rng.digits(UID_DIGITS),
    from: 'visitor',
    nickname: thread.user.nickname,
    content: rng.pick(VISITOR_LINES),
    createdAt: thread.createdAt,
  };
  const close: Message = {
    uid: rng.digits(UID_DIGITS),
    from: 'system',
    nickname: '',
    content: thread.content,
    createdAt: thread.updatedAt,
  };
  const messages = [visitor, close];
  derived.set(thread, { seed: state.seed, messages });
  return messages;
}

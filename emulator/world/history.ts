import type { Thread } from '../../protocol';
import { CLOSED_AUTOMATICALLY, CLOSED_BY_AGENT, VISITOR_LINES } from './content';
import { vendorDate } from './dates';
import { makeThread, makeUser, visitorNickname } from './make';
import type { Rng } from './rng';
import { IDLE_CLOSE_MS } from './rules';
import { Tx } from './tx';
import type { Message, WorldState } from './types';

const DAY = 24 * 60 * 60 * 1000;
/** History ends before any scenario's script begins (the oldest, demo, starts two days ago). */
const NEWEST_AGO = 3 * DAY;
const OLDEST_AGO = 30 * DAY;

/** A 16-digit uid from two draws instead of sixteen: the history makes four per thread, ten thousand threads. */
function fastUid(rng: Rng): string {
  return `${rng.int(100_000_000, 999_999_999)}${String(rng.int(0, 9_999_999)).padStart(7, '0')}`;
}

/**
 * `count` closed visitor conversations from the last month, added in one pass: a big list for scale tests
 * (`threads=<n>`) without replaying thousands of steps. Each is what the rules would have left behind: a visitor
 * who wrote once, and a close (by the agent or idle); nothing unread, nothing emitted. Seeded like everything else.
 * They are added newest first, the list's own order, so the first sort of a long list has little to do.
 */
export function addHistory(state: WorldState, count: number, now: number): WorldState {
  if (!Number.isInteger(count) || count < 0)
    throw new RangeError(`addHistory: count must be an integer >= 0; got ${count}`);
  if (count === 0) return state;
  const tx = new Tx(state, now);
  const { rng } = tx;
  const closings = Array.from({ length: count }, () => now - rng.int(NEWEST_AGO, OLDEST_AGO - IDLE_CLOSE_MS));
  closings.sort((a, b) => b - a);
  const threads: Record<string, Thread> = { ...state.threads };
  const messages: Record<string, Message[]> = { ...state.messages };
  for (const closed of closings) {
    const type = rng.chance(0.6) ? 'WORKGROUP' : 'AGENT';
    const visitorUid = fastUid(rng);
    const nickname = visitorNickname(tx, visitorUid);
    const line = rng.pick(VISITOR_LINES);
    const workgroup = type === 'WORKGROUP' ? rng.pick(state.workgroups) : undefined;
    const auto = rng.chance(0.5);
    const arrived = closed - (auto ? IDLE_CLOSE_MS : rng.int(60_000, IDLE_CLOSE_MS));
    const content = auto ? CLOSED_AUTOMATICALLY : CLOSED_BY_AGENT;
    const user = makeUser(state, visitorUid, nickname, 'VISITOR');
    const createdAt = vendorDate(arrived);
    const uid = fastUid(rng);
    const thread = makeThread(tx, { uid, type, status: 'CLOSED', user, workgroup, content, createdAt });
    // Still private to this loop: set in place rather than copying the whole thread.
    thread.updatedAt = vendorDate(closed);
    threads[thread.uid] = thread;
    messages[thread.uid] = [
      { uid: fastUid(rng), from: 'visitor', nickname, content: line, createdAt: thread.createdAt },
      { uid: fastUid(rng), from: 'system', nickname: '', content, createdAt: thread.updatedAt },
    ];
  }
  return { ...state, threads, messages, history: (state.history ?? 0) + count, rng: rng.state };
}

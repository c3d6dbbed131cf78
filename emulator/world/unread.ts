import type { Thread } from '../../protocol/schema';
import { sortThreads } from './order';
import type { WorldState } from './types';

export interface UnreadSummary {
  totalUnreadCount: number;
  unreadThreads: Thread[];
}

interface Known {
  summary: UnreadSummary;
  signature: string;
}

/**
 * The unread state of each thread record a step has seen. Records are never changed once made (a step copies
 * before writing), so their identity is a safe key, and a step that touched a few threads of a long list only
 * re-examines those few instead of the whole list (bench/: a 10,000-thread world).
 */
const known = new WeakMap<Record<string, Thread>, Known>();

function remember(threads: Record<string, Thread>, unreadThreads: Thread[]): Known {
  let totalUnreadCount = 0;
  for (const t of unreadThreads) totalUnreadCount += t.unreadCount;
  const summary = { totalUnreadCount, unreadThreads };
  const entry = { summary, signature: unreadSignature(summary) };
  known.set(threads, entry);
  return entry;
}

/**
 * Whether a thread counts as unread. Queued threads do not (E3, inferred): the console keeps them in a queue of
 * their own, with its own count; accepting one brings its unread messages into the total.
 */
const countsAsUnread = (t: Thread): boolean => t.unreadCount > 0 && t.status !== 'QUEUING';

function fromScratch(threads: Record<string, Thread>): Known {
  return remember(threads, sortThreads(Object.values(threads).filter(countsAsUnread)));
}

/**
 * The unread state of `threads`, given that it differs from `base` only in the threads named by `touched`
 * (a step's own record of what it wrote). Equal to computing it afresh.
 */
export function unreadAfter(
  threads: Record<string, Thread>,
  base: Record<string, Thread>,
  touched: ReadonlySet<string>,
): Known {
  const cached = known.get(threads);
  if (cached) return cached;
  const before = known.get(base);
  if (!before) return fromScratch(threads);
  const unreadThreads = before.summary.unreadThreads.filter((t) => !touched.has(t.uid));
  for (const uid of touched) {
    const thread = Object.hasOwn(threads, uid) ? threads[uid] : undefined;
    if (thread && countsAsUnread(thread)) unreadThreads.push(thread);
  }
  // The kept part is already in order: sorting a sorted run plus a few newcomers is close to linear.
  return remember(threads, sortThreads(unreadThreads));
}

const NOTHING_TOUCHED: ReadonlySet<string> = new Set();

/**
 * Records that `threads` has the unread state of `base`: it is `base` plus threads that are not unread (a
 * history of closed threads), so the console's first load need not look at each of them again.
 */
export function rememberSameUnread(threads: Record<string, Thread>, base: Record<string, Thread>): void {
  if (!known.has(base)) fromScratch(base);
  unreadAfter(threads, base, NOTHING_TOUCHED);
}

/** docs/protocol.md §3: the unread threads (not the queued ones), in list order; the total is the sum of their counts. */
export function unreadSummary(state: WorldState): UnreadSummary {
  const { summary } = known.get(state.threads) ?? fromScratch(state.threads);
  // A copy: the remembered list must stay as it is whatever the caller does with its own.
  return { totalUnreadCount: summary.totalUnreadCount, unreadThreads: [...summary.unreadThreads] };
}

/**
 * What makes two unread events "the same value": the total and each thread's count. Independent of list order,
 * so a thread moving up the list (a reply, an accept) is not a change.
 */
export function unreadSignature(summary: UnreadSummary): string {
  const counts = summary.unreadThreads.map((t) => `${t.uid}:${t.unreadCount}`).sort();
  return `${summary.totalUnreadCount}|${counts.join(',')}`;
}

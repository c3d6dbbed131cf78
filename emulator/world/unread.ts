import type { Thread } from '../../protocol';
import { sortThreads } from './order';
import type { WorldState } from './types';

export interface UnreadSummary {
  totalUnreadCount: number;
  unreadThreads: Thread[];
}

/** protocol.md §3: the unread threads as full objects, in list order; the total is the sum of their counts. */
export function unreadSummary(state: WorldState): UnreadSummary {
  const unreadThreads = sortThreads(Object.values(state.threads).filter((t) => t.unreadCount > 0));
  let totalUnreadCount = 0;
  for (const t of unreadThreads) totalUnreadCount += t.unreadCount;
  return { totalUnreadCount, unreadThreads };
}

/**
 * What makes two unread events "the same value": the total and each thread's count. Independent of list order,
 * so a thread moving up the list (a reply, an accept) is not a change.
 */
export function unreadSignature(summary: UnreadSummary): string {
  const counts = summary.unreadThreads.map((t) => `${t.uid}:${t.unreadCount}`).sort();
  return `${summary.totalUnreadCount}|${counts.join(',')}`;
}

import type { Thread } from '../../protocol/schema';

/** The list's order (docs/emulator.md): pinned first, then starred, then most recent; uid breaks ties. */
export function compareThreads(a: Thread, b: Thread): number {
  if (a.top !== b.top) return a.top ? -1 : 1;
  if (a.star !== b.star) return b.star - a.star;
  if (a.updatedAt !== b.updatedAt) return a.updatedAt < b.updatedAt ? 1 : -1;
  return a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0;
}

export const sortThreads = (threads: Thread[]): Thread[] => threads.sort(compareThreads);

import type { Message } from '../world';

/** `您有 N 条未读消息，点击查看` over the open thread's messages: how many arrived unseen, and in which thread. */
export interface Banner {
  uid: string;
  count: number;
}

/** Messages the agent has to read: a visitor's or a colleague's (not the agent's own, not system lines). */
const isIncoming = (m: Message): boolean => m.from === 'visitor' || m.from === 'colleague';

/** Index of the first of the last `count` incoming messages (what the unread count was counting). */
export function firstUnreadIndex(messages: readonly Message[], count: number): number {
  let seen = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (isIncoming(messages[i] as Message)) seen++;
    if (seen >= count) return i;
  }
  return 0;
}

/**
 * The open thread's list drew `fresh` messages after those it showed before. An agent's message among them
 * means everything announced has been seen: the banner goes and the list follows to the bottom. Otherwise the
 * list follows if the agent was at the bottom already, and if not, the incoming ones add to the banner.
 */
export function afterFreshMessages(
  banner: Banner | null,
  threadUid: string,
  fresh: readonly Message[],
  atBottom: boolean,
): { banner: Banner | null; follow: boolean } {
  if (fresh.some((m) => m.from === 'agent')) {
    return { banner: banner?.uid === threadUid ? null : banner, follow: true };
  }
  if (atBottom) return { banner, follow: true };
  const incoming = fresh.filter(isIncoming).length;
  if (incoming === 0) return { banner, follow: false };
  return {
    banner: { uid: threadUid, count: (banner?.uid === threadUid ? banner.count : 0) + incoming },
    follow: false,
  };
}

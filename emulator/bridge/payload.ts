import type { MinimalThread, OutgoingEvent, PayloadFamily, ProjectedEvent, ThinThread, Thread } from '../../protocol';

/**
 * The emission edge: the world keeps full ThreadResponse objects; what leaves the console is cut to the payload
 * family the page declared (docs/protocol.md §9). Zod-free, like the rest of the bridge's first paint.
 */

const thinUser = (thread: Thread) => ({
  uid: thread.user.uid,
  nickname: thread.user.nickname,
  avatar: thread.user.avatar,
});

/** What the vendor's console builds from a live message (E6): seven fields, the user without type or extra. */
function thinThread(thread: Thread): ThinThread {
  return {
    uid: thread.uid,
    type: thread.type,
    topic: thread.topic,
    content: thread.content,
    updatedAt: thread.updatedAt,
    unreadCount: thread.unreadCount,
    user: thinUser(thread),
  };
}

/** Exactly what the doc promises (E5): uid, topic, type, user, content, createdAt. */
function minimalThread(thread: Thread): MinimalThread {
  return {
    uid: thread.uid,
    topic: thread.topic,
    type: thread.type,
    user: thinUser(thread),
    content: thread.content,
    createdAt: thread.createdAt,
  };
}

/**
 * `event` as the console sends it with payload `family`. `liveBorn` names the threads the console knows only
 * from a live message since its last load: payload=vendor sends those thin, the others full.
 */
export function project(
  event: OutgoingEvent,
  family: PayloadFamily,
  liveBorn: Readonly<Record<string, true>>,
): ProjectedEvent {
  // An agent status event carries no thread: the same in every family, and the commonest in a command storm.
  if (family === 'full' || event.type === 'agent_status_changed') return event;
  const cut = (thread: Thread): Thread | ThinThread | MinimalThread => {
    if (family === 'minimal') return minimalThread(thread);
    return Object.hasOwn(liveBorn, thread.uid) ? thinThread(thread) : thread;
  };
  switch (event.type) {
    case 'unread_message_count':
      return { type: event.type, data: { ...event.data, unreadThreads: event.data.unreadThreads.map(cut) } };
    case 'new_visitor_message':
      return { type: event.type, data: { thread: cut(event.data.thread) } };
    case 'thread_status_changed':
      return { type: event.type, data: { ...event.data, thread: cut(event.data.thread) } };
  }
}

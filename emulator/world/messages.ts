import { historyMessages } from './history';
import type { Message, WorldState } from './types';

const NONE: Message[] = [];

/**
 * A thread's messages, oldest first. Threads the rules made keep theirs in `state.messages`; a historical thread
 * (`threads=<n>`) has none stored, and its conversation is derived (history.ts). Unknown threads have none.
 */
export function messagesOf(state: WorldState, threadUid: string): Message[] {
  if (Object.hasOwn(state.messages, threadUid)) return state.messages[threadUid] ?? NONE;
  const thread = Object.hasOwn(state.threads, threadUid) ? state.threads[threadUid] : undefined;
  return thread && state.history && thread.status === 'CLOSED' ? historyMessages(state, thread) : NONE;
}

import type { Thread } from '../../protocol';
import { ChatHeader } from './ChatHeader';
import { Composer } from './Composer';
import { MessageList } from './MessageList';
import type { Workbench } from './model';

export interface ConversationProps {
  wb: Workbench;
  thread: Thread;
}

/**
 * An open conversation: header, history with its unread banner, composer. In a chunk of its own: the workbench's
 * first paint rarely has one open, and the console's first event should not wait for its code (bench/: ready).
 */
export function Conversation({ wb, thread }: ConversationProps) {
  return (
    <>
      <ChatHeader key={thread.uid} wb={wb} thread={thread} />
      <MessageList wb={wb} thread={thread} />
      <Composer wb={wb} thread={thread} />
    </>
  );
}

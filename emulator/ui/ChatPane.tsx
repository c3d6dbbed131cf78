import { ChatHeader } from './ChatHeader';
import { Composer } from './Composer';
import { t } from './i18n';
import { Icon } from './icons';
import { MessageList } from './MessageList';
import type { Workbench } from './model';

/** The right-hand conversation: header, history, unread banner, composer. */
export function ChatPane({ wb }: { wb: Workbench }) {
  const thread = wb.openThread.value;
  return (
    <section class="chat-pane" data-testid="chat-pane" data-uid={thread?.uid}>
      {thread ? (
        <>
          <ChatHeader key={thread.uid} wb={wb} thread={thread} />
          <MessageList wb={wb} thread={thread} />
          <Composer wb={wb} thread={thread} />
        </>
      ) : (
        <div class="chat-placeholder">
          <Icon name="chat" size={56} />
          <div class="chat-placeholder-title">{t('chat.placeholderTitle')}</div>
          <div class="chat-placeholder-text">{t('chat.placeholderText')}</div>
        </div>
      )}
    </section>
  );
}

import type { ConversationProps } from './Conversation';
import { t } from './i18n';
import { Icon } from './icons';
import { lazyComponent } from './lazy';
import type { Workbench } from './model';

/** The right-hand conversation: header, history, unread banner, composer; a placeholder while none is open. */
export function ChatPane({ wb }: { wb: Workbench }) {
  const thread = wb.openThread.value;
  return (
    <section class="chat-pane" data-testid="chat-pane" data-uid={thread?.uid}>
      {thread ? (
        <LazyConversation wb={wb} thread={thread} />
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

/** Fetched after the first paint (main.tsx), so that opening a conversation does not wait for it. */
export const loadConversation = async () => (await import('./Conversation')).Conversation;

const LazyConversation = lazyComponent<ConversationProps>(loadConversation);

import { useState } from 'preact/hooks';
import type { Thread } from '../../protocol';
import { canTransfer } from '../world';
import { EndDialog } from './EndDialog';
import { t } from './i18n';
import { Icon } from './icons';
import type { Workbench } from './model';

/** The open thread's name, uid and state, with 转接 and 结束 (behind a confirmation). */
export function ChatHeader({ wb, thread }: { wb: Workbench; thread: Thread }) {
  const [confirming, setConfirming] = useState(false);
  const canEnd = thread.status !== 'CLOSED';
  const statusLabel =
    thread.status === 'QUEUING' ? t('chat.statusQueuing') : thread.status === 'CLOSED' ? t('chat.statusClosed') : null;
  return (
    <header class="chat-head">
      <img class="avatar" src={thread.user.avatar} alt="" width={36} height={36} />
      <div class="chat-head-text">
        <div class="chat-title-row">
          <span class="chat-title" data-testid="chat-title">
            {thread.user.nickname}
          </span>
          <span class="chat-edit" title={t('chat.edit')}>
            <Icon name="edit" size={14} />
          </span>
          {statusLabel && <span class={`chat-status chat-status-${thread.status}`}>{statusLabel}</span>}
        </div>
        <div class="chat-uid" data-testid="chat-uid">
          {t('chat.uid', { uid: thread.uid })}
        </div>
      </div>
      <div class="chat-actions">
        <button
          type="button"
          class="head-btn transfer"
          data-testid="transfer-button"
          disabled={!canTransfer(thread)}
          onClick={() => void wb.serverCall('transfer', { kind: 'transferThread', threadUid: thread.uid })}
        >
          <Icon name="transfer" size={14} />
          {t('chat.transfer')}
        </button>
        <span class="head-btn more" title={t('nav.decorative')}>
          <Icon name="more" size={14} />
          {t('chat.more')}
        </span>
        <button
          type="button"
          class="head-btn end"
          data-testid="end-button"
          disabled={!canEnd}
          onClick={() => setConfirming(true)}
        >
          <Icon name="close" size={14} />
          {t('chat.end')}
        </button>
      </div>
      {confirming && (
        <EndDialog
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            void wb.serverCall('close', { kind: 'closeThread', threadUid: thread.uid });
          }}
        />
      )}
    </header>
  );
}

import { useRef, useState } from 'preact/hooks';
import { listTime } from '../world';
import { t } from './i18n';
import { Icon } from './icons';
import type { Workbench } from './model';
import { useDismiss } from './useDismiss';

/** `排队队列(n)`: the queued visitors, first come first served, each with `接入`. */
export function QueuePanel({ wb }: { wb: Workbench }) {
  const queued = wb.queued.value;
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const now = wb.runtime.clock.now();

  useDismiss(open, () => setOpen(false), root);

  return (
    <div class="queue" ref={root}>
      <button
        type="button"
        class={queued.length > 0 ? 'queue-button has-queue' : 'queue-button'}
        data-testid="queue-button"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        <Icon name="queue" size={14} />
        <span>{t('queue.button', { n: queued.length })}</span>
        <Icon name="chevronDown" size={12} />
      </button>
      {open && (
        <div class="queue-popover" role="dialog" aria-label={t('queue.title')}>
          <div class="queue-title">{t('queue.title')}</div>
          {queued.length === 0 ? (
            <div class="queue-empty">{t('queue.empty')}</div>
          ) : (
            <ul class="queue-list">
              {queued.map((thread) => (
                <li key={thread.uid} class="queue-item" data-testid="queue-item" data-uid={thread.uid}>
                  <img class="avatar small" src={thread.user.avatar} alt="" width={32} height={32} />
                  <div class="queue-text">
                    <div class="queue-name">{thread.user.nickname}</div>
                    <div class="queue-content">{thread.content}</div>
                    <div class="queue-time">{t('queue.waiting', { time: listTime(thread.createdAt, now) })}</div>
                  </div>
                  <button
                    type="button"
                    class="btn-primary small"
                    data-testid="accept-button"
                    onClick={() => void wb.serverCall('accept', { kind: 'acceptThread', threadUid: thread.uid })}
                  >
                    {t('queue.accept')}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

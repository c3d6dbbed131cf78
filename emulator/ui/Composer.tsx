import { useEffect, useRef, useState } from 'preact/hooks';
import type { Thread } from '../../protocol';
import { t } from './i18n';
import { Icon, type IconName } from './icons';
import type { Workbench } from './model';

/** The decorative tool row above the input, as in the vendor's composer. */
const TOOLS = [
  ['smile', 'tool.emoji'],
  ['image', 'tool.image'],
  ['doc', 'tool.file'],
  ['mic', 'tool.voice'],
  ['video', 'tool.video'],
  ['grid', 'tool.autoReply'],
  ['thumb', 'tool.rate'],
] as const satisfies ReadonlyArray<readonly [IconName, string]>;

/** The reply box: one draft per thread, Enter sends, and a hint (with 立即接入) where replying is not possible. */
export function Composer({ wb, thread }: { wb: Workbench; thread: Thread }) {
  const drafts = useRef(new Map<string, string>());
  const [text, setText] = useState('');
  const uid = thread.uid;
  const blocked = thread.status === 'QUEUING' || thread.status === 'CLOSED';

  useEffect(() => {
    setText(drafts.current.get(uid) ?? '');
  }, [uid]);

  const update = (value: string) => {
    drafts.current.set(uid, value);
    setText(value);
  };
  const send = () => {
    const content = text.trim();
    if (!content || blocked) return;
    if (wb.reply(uid, content)) update('');
  };

  return (
    <footer class="composer">
      <div class="composer-tools" aria-hidden="true">
        <Icon name="chevronLeft" size={14} class="tools-arrow" />
        {TOOLS.map(([icon, key]) => (
          <span class="tool" key={key} title={t('nav.decorative')}>
            <Icon name={icon} size={14} />
            {t(key)}
          </span>
        ))}
        <Icon name="chevronRight" size={14} class="tools-arrow" />
      </div>
      {blocked && (
        <div class="composer-hint" data-testid="composer-hint">
          {thread.status === 'QUEUING' ? t('chat.hintQueuing') : t('chat.hintClosed')}
          {thread.status === 'QUEUING' && (
            <button
              type="button"
              class="btn-primary small"
              data-testid="chat-accept-button"
              onClick={() => void wb.serverCall('accept', { kind: 'acceptThread', threadUid: uid })}
            >
              {t('chat.acceptNow')}
            </button>
          )}
        </div>
      )}
      <div class="composer-box">
        <textarea
          data-testid="composer-input"
          placeholder={t('chat.input')}
          value={text}
          disabled={blocked}
          rows={3}
          onInput={(event) => update(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
              event.preventDefault();
              send();
            }
          }}
        />
        <button
          type="button"
          class="send-button"
          data-testid="send-button"
          disabled={blocked || text.trim() === ''}
          onClick={send}
        >
          {t('chat.send')}
        </button>
      </div>
    </footer>
  );
}

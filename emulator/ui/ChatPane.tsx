import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Thread } from '../../protocol';
import { type Message, parseVendorDate, vendorDate } from '../world';
import { t } from './i18n';
import { Icon, type IconName } from './icons';
import type { Workbench } from './model';

/** A time line is shown before the first message and after a pause this long. */
const TIME_GAP_MS = 5 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Within this distance of the bottom, new messages scroll into view instead of raising the banner. */
const STICKY_PX = 48;

const isIncoming = (m: Message) => m.from === 'visitor' || m.from === 'colleague';

/** `HH:mm` today, `昨天 HH:mm` yesterday, else `MM-dd HH:mm`. */
export function messageTime(date: string, nowMs: number): string {
  const hm = date.slice(11, 16);
  if (date.startsWith(vendorDate(nowMs).slice(0, 10))) return hm;
  if (date.startsWith(vendorDate(nowMs - DAY_MS).slice(0, 10))) return `${t('time.yesterday')} ${hm}`;
  return `${date.slice(5, 10)} ${hm}`;
}

/** Index of the first of the last `count` incoming messages (what the unread count was counting). */
function firstUnreadIndex(messages: Message[], count: number): number {
  let seen = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (isIncoming(messages[i] as Message)) seen++;
    if (seen >= count) return i;
  }
  return 0;
}

function EndDialog({ onCancel, onConfirm }: { onCancel: () => void; onConfirm: () => void }) {
  const confirm = useRef<HTMLButtonElement>(null);
  const cancel = useRef(onCancel);
  cancel.current = onCancel;
  useEffect(() => {
    confirm.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') cancel.current();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return (
    <div class="modal-mask" onClick={(event) => event.target === event.currentTarget && onCancel()}>
      <div class="modal" role="alertdialog" aria-modal="true" aria-labelledby="end-title" data-testid="end-dialog">
        <div class="modal-title" id="end-title">
          <span class="modal-icon">!</span>
          {t('end.title')}
        </div>
        <div class="modal-body">{t('end.body')}</div>
        <div class="modal-footer">
          <button type="button" class="btn" data-testid="cancel-end" onClick={onCancel}>
            {t('end.cancel')}
          </button>
          <button type="button" class="btn-primary danger" data-testid="confirm-end" ref={confirm} onClick={onConfirm}>
            {t('end.confirm')}
          </button>
        </div>
      </div>
    </div>
  );
}

function ChatHeader({ wb, thread }: { wb: Workbench; thread: Thread }) {
  const [confirming, setConfirming] = useState(false);
  const canTransfer = (thread.type === 'AGENT' || thread.type === 'WORKGROUP') && thread.status === 'CHATTING';
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
          disabled={!canTransfer}
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

function MessageList({ wb, thread }: { wb: Workbench; thread: Thread }) {
  const messages = wb.messages.value;
  const world = wb.runtime.world.value;
  const banner = wb.banner.value;
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const seen = useRef<{ uid: string; last: string | undefined } | null>(null);

  // Opening a thread shows its latest messages; later ones follow if the agent is at the bottom, else they
  // add to the banner.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const last = messages.at(-1)?.uid;
    const previous = seen.current;
    seen.current = { uid: thread.uid, last };
    if (!previous || previous.uid !== thread.uid) {
      el.scrollTop = el.scrollHeight;
      atBottom.current = true;
      return;
    }
    if (previous.last === last) return;
    const fresh = messages.slice(messages.findIndex((m) => m.uid === previous.last) + 1);
    if (fresh.some((m) => m.from === 'agent')) {
      // The agent answered: whatever the banner announced has been seen.
      if (wb.banner.peek()?.uid === thread.uid) wb.banner.value = null;
      el.scrollTop = el.scrollHeight;
      return;
    }
    if (atBottom.current) {
      el.scrollTop = el.scrollHeight;
      return;
    }
    const incoming = fresh.filter(isIncoming).length;
    if (incoming > 0) {
      const current = wb.banner.peek();
      wb.banner.value = { uid: thread.uid, count: (current?.uid === thread.uid ? current.count : 0) + incoming };
    }
  }, [thread.uid, messages, wb]);

  const showBanner = banner !== null && banner.uid === thread.uid && banner.count > 0;
  const reveal = () => {
    const el = scroller.current;
    if (el && banner) {
      const index = firstUnreadIndex(messages, banner.count);
      const target = el.querySelector<HTMLElement>(`[data-index="${index}"]`);
      if (target) el.scrollTop = Math.max(0, target.offsetTop - 40);
    }
    wb.banner.value = null;
  };

  const now = wb.runtime.clock.now();
  const colleagueAvatar = `${world.assetBase}member.svg`;
  let previousAt = Number.NEGATIVE_INFINITY;
  const items = messages.map((message, index) => {
    const at = parseVendorDate(message.createdAt);
    const showTime = !(at - previousAt < TIME_GAP_MS);
    previousAt = at;
    const time = showTime ? (
      <div class="msg-time" key={`t${message.uid}`}>
        {messageTime(message.createdAt, now)}
      </div>
    ) : null;
    if (message.from === 'system') {
      return [
        time,
        <div class="msg-system" key={message.uid} data-index={index}>
          <span data-testid="message" data-from="system" data-uid={message.uid}>
            {message.content}
          </span>
        </div>,
      ];
    }
    const mine = message.from === 'agent';
    const avatar = mine ? world.agent.avatar : message.from === 'colleague' ? colleagueAvatar : thread.user.avatar;
    return [
      time,
      <div class={mine ? 'msg msg-right' : 'msg msg-left'} key={message.uid} data-index={index}>
        <img class="avatar msg-avatar" src={avatar} alt="" width={32} height={32} />
        <div class="msg-body">
          <div class="msg-name">{message.nickname}</div>
          <div class="msg-bubble" data-testid="message" data-from={message.from} data-uid={message.uid}>
            {message.content}
          </div>
        </div>
      </div>,
    ];
  });

  return (
    <div class={showBanner ? 'chat-body with-banner' : 'chat-body'}>
      {showBanner && (
        <div class="unread-banner">
          <button type="button" class="unread-banner-text" data-testid="unread-banner" onClick={reveal}>
            <Icon name="message" size={15} />
            <span>{t('chat.unreadBanner', { n: banner.count })}</span>
          </button>
          <button
            type="button"
            class="unread-banner-close"
            aria-label={t('chat.closeBanner')}
            onClick={() => {
              wb.banner.value = null;
            }}
          >
            <Icon name="close" size={14} />
          </button>
        </div>
      )}
      <div
        class="messages"
        ref={scroller}
        onScroll={(event) => {
          const el = event.currentTarget;
          atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < STICKY_PX;
        }}
      >
        {messages.length >= 20 && <div class="load-more">{t('chat.loadMore')}</div>}
        {messages.length === 0 ? <div class="msg-empty">{t('chat.noMessages')}</div> : items}
      </div>
    </div>
  );
}

const TOOLS = [
  ['smile', 'tool.emoji'],
  ['image', 'tool.image'],
  ['doc', 'tool.file'],
  ['mic', 'tool.voice'],
  ['video', 'tool.video'],
  ['grid', 'tool.autoReply'],
  ['thumb', 'tool.rate'],
] as const satisfies ReadonlyArray<readonly [IconName, string]>;

function Composer({ wb, thread }: { wb: Workbench; thread: Thread }) {
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
    const result = wb.runtime.dispatch({ kind: 'reply', threadUid: uid, content });
    if (result.error) {
      wb.showError(result.error);
      return;
    }
    update('');
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

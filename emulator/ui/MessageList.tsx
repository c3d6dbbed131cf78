import { useLayoutEffect, useRef } from 'preact/hooks';
import type { Thread } from '../../protocol';
import { parseVendorDate, vendorDate } from '../world';
import { t } from './i18n';
import { Icon } from './icons';
import type { Workbench } from './model';
import { firstUnreadIndex } from './unread-banner';

/** A time line is shown before the first message and after a pause this long. */
const TIME_GAP_MS = 5 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Within this distance of the bottom, new messages scroll into view instead of raising the banner. */
const STICKY_PX = 48;
/**
 * A history at least this long shows the decorative 加载更多 line above it (the emulator keeps a thread's whole
 * history, so there is nothing more to load).
 */
const LOAD_MORE_FROM = 20;

/** `HH:mm` today, `昨天 HH:mm` yesterday, else `MM-dd HH:mm`. */
function messageTime(date: string, nowMs: number): string {
  const hm = date.slice(11, 16);
  if (date.startsWith(vendorDate(nowMs).slice(0, 10))) return hm;
  if (date.startsWith(vendorDate(nowMs - DAY_MS).slice(0, 10))) return `${t('time.yesterday')} ${hm}`;
  return `${date.slice(5, 10)} ${hm}`;
}

/** The open thread's history with its time lines, and the unread banner above it. */
export function MessageList({ wb, thread }: { wb: Workbench; thread: Thread }) {
  const messages = wb.messages.value;
  const world = wb.world.value;
  const banner = wb.banner.value;
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const seen = useRef<{ uid: string; last: string | undefined } | null>(null);

  // Opening a thread shows its latest messages; later ones follow if the agent is at the bottom, else they
  // add to the banner (the model counts them).
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
    if (wb.showFresh(thread.uid, fresh, atBottom.current)) el.scrollTop = el.scrollHeight;
  }, [thread.uid, messages, wb]);

  const showBanner = banner !== null && banner.uid === thread.uid && banner.count > 0;
  const reveal = () => {
    const el = scroller.current;
    if (el && banner) {
      const index = firstUnreadIndex(messages, banner.count);
      const target = el.querySelector<HTMLElement>(`[data-index="${index}"]`);
      if (target) el.scrollTop = Math.max(0, target.offsetTop - 40);
    }
    wb.closeBanner();
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
            onClick={() => wb.closeBanner()}
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
        {messages.length >= LOAD_MORE_FROM && <div class="load-more">{t('chat.loadMore')}</div>}
        {messages.length === 0 ? <div class="msg-empty">{t('chat.noMessages')}</div> : items}
      </div>
    </div>
  );
}

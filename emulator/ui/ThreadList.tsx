import { useSignalEffect } from '@preact/signals';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Thread } from '../../protocol';
import { listTime } from '../world';
import { t } from './i18n';
import { Icon } from './icons';
import { previewTag, type Workbench } from './model';
import { QueuePanel } from './QueuePanel';
import { StatusDropdown } from './StatusDropdown';

/** Fixed row height: the list renders only the rows in view (plus a few), so 10,000 threads stay cheap. */
const ROW_HEIGHT = 72;
const OVERSCAN = 6;
/** Until the list has been measured: enough rows for a tall screen. */
const DEFAULT_VIEWPORT = 900;

function ThreadRow({
  thread,
  top,
  selected,
  now,
  onOpen,
}: {
  thread: Thread;
  top: number;
  selected: boolean;
  now: number;
  onOpen: (uid: string) => void;
}) {
  return (
    <div
      class={selected ? 'thread-item selected' : 'thread-item'}
      style={{ transform: `translateY(${top}px)` }}
      role="option"
      aria-selected={selected}
      tabIndex={0}
      data-testid="thread-item"
      data-uid={thread.uid}
      data-status={thread.status}
      onClick={() => onOpen(thread.uid)}
      onKeyDown={(event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          onOpen(thread.uid);
        }
      }}
    >
      <div class="thread-avatar">
        <img class="avatar" src={thread.user.avatar} alt="" width={40} height={40} loading="lazy" />
        {thread.unreadCount > 0 && (
          <span class="unread-badge" data-testid="unread-badge">
            {thread.unreadCount > 99 ? '99+' : thread.unreadCount}
          </span>
        )}
      </div>
      <div class="thread-main">
        <div class="thread-nickname" data-testid="thread-nickname">
          {thread.user.nickname}
        </div>
        <div class="thread-preview" data-testid="thread-preview">
          {previewTag(thread)} {thread.content}
        </div>
      </div>
      <div class="thread-time" data-testid="thread-time">
        {listTime(thread.updatedAt, now)}
      </div>
    </div>
  );
}

function VirtualThreads({ wb }: { wb: Workbench }) {
  const list = wb.visible.value;
  const openUid = wb.openThread.value?.uid ?? null;
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(DEFAULT_VIEWPORT);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setViewport(el.clientHeight || DEFAULT_VIEWPORT);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // A new category or search starts at the top of its list.
  useSignalEffect(() => {
    void wb.category.value;
    void wb.search.value;
    const el = scroller.current;
    if (el) el.scrollTop = 0;
    setScrollTop(0);
  });

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(list.length, Math.ceil((scrollTop + viewport) / ROW_HEIGHT) + OVERSCAN);
  const now = wb.runtime.clock.now();
  const rows = [];
  for (let i = first; i < last; i++) {
    const thread = list[i] as Thread;
    rows.push(
      <ThreadRow
        key={thread.uid}
        thread={thread}
        top={i * ROW_HEIGHT}
        selected={thread.uid === openUid}
        now={now}
        onOpen={wb.open}
      />,
    );
  }

  const empty = list.length === 0;
  return (
    <div
      class="thread-scroller"
      ref={scroller}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
      role="listbox"
      aria-label={t('list.label')}
    >
      {empty ? (
        <div class="thread-empty">{wb.sorted.value.length === 0 ? t('list.empty') : t('list.noMatch')}</div>
      ) : (
        <div class="thread-canvas" style={{ height: `${list.length * ROW_HEIGHT}px` }}>
          {rows}
        </div>
      )}
    </div>
  );
}

/** The middle column: search, status, queue, and the (virtualized) conversation list. */
export function ThreadList({ wb }: { wb: Workbench }) {
  return (
    <section class="thread-list">
      <div class="list-head">
        <span class="list-fold" title={t('list.fold')}>
          <Icon name="fold" size={16} />
        </span>
        <label class="search-box">
          <Icon name="search" size={14} />
          <input
            type="search"
            data-testid="thread-search"
            placeholder={t('list.search')}
            value={wb.search.value}
            onInput={(event) => {
              wb.search.value = event.currentTarget.value;
            }}
          />
        </label>
        <span class="list-add" title={t('list.add')}>
          <Icon name="plus" size={16} />
        </span>
        <StatusDropdown wb={wb} />
      </div>
      <div class="list-subhead">
        <QueuePanel wb={wb} />
      </div>
      <VirtualThreads wb={wb} />
    </section>
  );
}

import { computed, effect, type ReadonlySignal, type Signal, signal } from '@preact/signals';
import type { Thread } from '../../protocol';
import type { ServerCall } from '../simulator/params';
import type { Runtime, ToastKey } from '../simulator/runtime';
import { chattingCount, type Input, type Message, sortThreads, vendorDate, workgroupName } from '../world';
import { type Key, t } from './i18n';

export const CATEGORY_KEYS = [
  'chatting',
  'unread',
  'workgroup',
  'agent',
  'robot',
  'group',
  'member',
  'queuing',
  'all',
] as const;
export type CategoryKey = (typeof CATEGORY_KEYS)[number];

const isVisitorThread = (thread: Thread) => thread.type === 'AGENT' || thread.type === 'WORKGROUP';

export function inCategory(thread: Thread, key: CategoryKey): boolean {
  switch (key) {
    case 'chatting':
      return isVisitorThread(thread) && thread.status === 'CHATTING';
    case 'unread':
      return thread.unreadCount > 0;
    case 'workgroup':
      return thread.type === 'WORKGROUP';
    case 'agent':
      return thread.type === 'AGENT';
    case 'robot':
      return thread.type === 'ROBOT';
    case 'group':
      return thread.type === 'GROUP';
    case 'member':
      return thread.type === 'MEMBER';
    case 'queuing':
      return thread.status === 'QUEUING';
    case 'all':
      return true;
  }
}

/** All category counts in one pass over the list. */
export function countCategories(threads: readonly Thread[]): Record<CategoryKey, number> {
  const counts: Record<CategoryKey, number> = {
    chatting: 0,
    unread: 0,
    workgroup: 0,
    agent: 0,
    robot: 0,
    group: 0,
    member: 0,
    queuing: 0,
    all: threads.length,
  };
  for (const thread of threads) {
    if (isVisitorThread(thread) && thread.status === 'CHATTING') counts.chatting++;
    if (thread.unreadCount > 0) counts.unread++;
    if (thread.status === 'QUEUING') counts.queuing++;
    switch (thread.type) {
      case 'WORKGROUP':
        counts.workgroup++;
        break;
      case 'AGENT':
        counts.agent++;
        break;
      case 'ROBOT':
        counts.robot++;
        break;
      case 'GROUP':
        counts.group++;
        break;
      case 'MEMBER':
        counts.member++;
        break;
    }
  }
  return counts;
}

/** `[售后工作组]`, `[一对一]`, `[同事]`, `[群聊]`: the tag in front of a list item's preview. */
export function previewTag(thread: Thread): string {
  switch (thread.type) {
    case 'WORKGROUP':
      return `[${workgroupName(thread) ?? t('preview.workgroup').slice(1, -1)}]`;
    case 'AGENT':
      return t('preview.agent');
    case 'MEMBER':
      return t('preview.member');
    case 'GROUP':
      return t('preview.group');
    case 'ROBOT':
      return t('preview.robot');
  }
}

export function matchesSearch(thread: Thread, query: string): boolean {
  return thread.user.nickname.toLowerCase().includes(query) || thread.content.toLowerCase().includes(query);
}

export interface Stats {
  today: number;
  queue: number;
  chatting: number;
}

/** 今日 = visitor threads created today (Shanghai date), 排队 = QUEUING, 接待 = CHATTING visitor threads. */
export function computeStats(threads: readonly Thread[], nowMs: number): Stats {
  const today = vendorDate(nowMs).slice(0, 10);
  let created = 0;
  let queue = 0;
  for (const thread of threads) {
    if (isVisitorThread(thread) && thread.createdAt.startsWith(today)) created++;
    if (thread.status === 'QUEUING') queue++;
  }
  return { today: created, queue, chatting: chattingCount(threads) };
}

export type ToastTone = 'info' | 'success' | 'error' | 'loading';
export interface UiToast {
  id: number;
  text: string;
  tone: ToastTone;
}

const TOAST_TONES: Record<ToastKey, ToastTone> = {
  'status.updating': 'loading',
  'status.ok': 'success',
  'status.failed': 'error',
  'call.failed': 'error',
  'call.pending': 'loading',
};

const EMPTY_MESSAGES: Message[] = [];

export interface Workbench {
  runtime: Runtime;
  /** The list record; the same object until a thread changes, so derived lists recompute only then. */
  threads: ReadonlySignal<Record<string, Thread>>;
  /** Every thread in list order (top > star > recent): sorted once per change of the list. */
  sorted: ReadonlySignal<Thread[]>;
  counts: ReadonlySignal<Record<CategoryKey, number>>;
  stats: ReadonlySignal<Stats>;
  queued: ReadonlySignal<Thread[]>;
  category: Signal<CategoryKey>;
  search: Signal<string>;
  /** The list as shown: category and search applied. */
  visible: ReadonlySignal<Thread[]>;
  openThread: ReadonlySignal<Thread | null>;
  messages: ReadonlySignal<Message[]>;
  /** `您有 N 条未读消息，点击查看` for the open thread. */
  banner: Signal<{ uid: string; count: number } | null>;
  toast: Signal<UiToast | null>;
  drawerOpen: Signal<boolean>;
  open(threadUid: string): void;
  showError(text: string): void;
  serverCall(name: ServerCall, input: Input): Promise<boolean>;
  dispose(): void;
}

export function createWorkbench(runtime: Runtime): Workbench {
  const threads = computed(() => runtime.world.value.threads);
  const sorted = computed(() => sortThreads(Object.values(threads.value)));
  const counts = computed(() => countCategories(sorted.value));
  const stats = computed(() => computeStats(sorted.value, runtime.clock.now()));
  // First come, first served.
  const queued = computed(() =>
    sorted.value
      .filter((thread) => thread.status === 'QUEUING')
      .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0)),
  );
  const category = signal<CategoryKey>('all');
  const search = signal('');
  const visible = computed(() => {
    const list = sorted.value;
    const key = category.value;
    const query = search.value.trim().toLowerCase();
    if (key === 'all' && !query) return list;
    return list.filter((thread) => inCategory(thread, key) && (!query || matchesSearch(thread, query)));
  });
  const openUid = computed(() => runtime.world.value.openThreadUid);
  const openThread = computed(() => {
    const uid = openUid.value;
    const record = threads.value;
    return uid !== null && Object.hasOwn(record, uid) ? (record[uid] ?? null) : null;
  });
  const messages = computed(() => {
    const uid = openUid.value;
    const all = runtime.world.value.messages;
    return uid !== null && Object.hasOwn(all, uid) ? (all[uid] ?? EMPTY_MESSAGES) : EMPTY_MESSAGES;
  });
  const banner = signal<{ uid: string; count: number } | null>(null);
  const toast = signal<UiToast | null>(null);
  const drawerOpen = signal(false);
  let toastId = 0;

  const show = (text: string, tone: ToastTone) => {
    toast.value = { id: ++toastId, text, tone };
  };
  const stopToasts = effect(() => {
    const next = runtime.toast.value;
    if (next) show(t(`toast.${next.key}` as Key), TOAST_TONES[next.key]);
  });

  const showError = (text: string) => show(`${t('error.prefix')}${text}`, 'error');

  return {
    runtime,
    threads,
    sorted,
    counts,
    stats,
    queued,
    category,
    search,
    visible,
    openThread,
    messages,
    banner,
    toast,
    drawerOpen,
    open(threadUid) {
      const record = threads.peek();
      const unread = Object.hasOwn(record, threadUid) ? (record[threadUid]?.unreadCount ?? 0) : 0;
      const result = runtime.dispatch({ kind: 'openThread', threadUid });
      if (result.error) {
        showError(result.error);
        return;
      }
      banner.value = unread > 0 ? { uid: threadUid, count: unread } : null;
    },
    showError,
    async serverCall(name, input) {
      const result = await runtime.call(name, input);
      if (result?.error) showError(result.error);
      return result !== null && !result.error;
    },
    dispose: stopToasts,
  };
}

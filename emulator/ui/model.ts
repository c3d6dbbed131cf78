import { computed, effect, type ReadonlySignal, type Signal, signal } from '@preact/signals';
import type { Thread } from '../../protocol';
import type { ServerCall } from '../simulator/params';
import type { Runtime, ToastKey } from '../simulator/runtime';
import {
  type Input,
  isVisitorThread,
  type Message,
  messagesOf,
  type ScenarioName,
  type StepResult,
  sortThreads,
  vendorDate,
  type WorldState,
  workgroupName,
} from '../world';
import { frameViewer, type Viewer } from './frame-batch';
import { t } from './i18n';
import { afterFreshMessages, type Banner } from './unread-banner';

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

export function inCategory(thread: Thread, key: CategoryKey): boolean {
  switch (key) {
    case 'chatting':
      return isVisitorThread(thread) && thread.status === 'CHATTING';
    case 'unread':
      // Queued visitors wait in the queue, with its own count (E3), not among the unread.
      return thread.unreadCount > 0 && thread.status !== 'QUEUING';
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
    default:
      return '';
  }
}

function matchesSearch(thread: Thread, query: string): boolean {
  return thread.user.nickname.toLowerCase().includes(query) || thread.content.toLowerCase().includes(query);
}

interface Stats {
  today: number;
  queue: number;
  chatting: number;
}

export interface Overview {
  counts: Record<CategoryKey, number>;
  /** 今日 = visitor threads created today (Shanghai date), 排队 = QUEUING, 接待 = CHATTING visitor threads. */
  stats: Stats;
  /** The queue, first come first served. */
  queued: Thread[];
}

/**
 * The sidebar's counts, the status bar's figures and the queue, in one pass over the list: it can be ten thousand
 * threads long, and this runs on every change of it (bench/: a 10,000-thread world's first render).
 */
export function overviewOf(threads: readonly Thread[], nowMs: number): Overview {
  const today = vendorDate(nowMs).slice(0, 10);
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
  let createdToday = 0;
  const queued: Thread[] = [];
  for (const thread of threads) {
    if (thread.unreadCount > 0 && thread.status !== 'QUEUING') counts.unread++;
    if (thread.status === 'QUEUING') {
      counts.queuing++;
      queued.push(thread);
    }
    switch (thread.type) {
      case 'WORKGROUP':
        counts.workgroup++;
        break;
      case 'AGENT':
        counts.agent++;
        break;
      case 'ROBOT':
        counts.robot++;
        continue;
      case 'GROUP':
        counts.group++;
        continue;
      case 'MEMBER':
        counts.member++;
        continue;
      default:
        // The vendor's other thread types (TICKET, LLM…) have no category here; the emulator makes none.
        continue;
    }
    // A visitor's thread (WORKGROUP or AGENT).
    if (thread.status === 'CHATTING') counts.chatting++;
    if (thread.createdAt.startsWith(today)) createdToday++;
  }
  queued.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  return { counts, stats: { today: createdToday, queue: counts.queuing, chatting: counts.chatting }, queued };
}

type ToastTone = 'info' | 'success' | 'error' | 'loading';
interface UiToast {
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
  /** The world as the screen shows it (frame-batch.ts frameViewer): what views read; actions read the runtime's. */
  world: ReadonlySignal<WorldState>;
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
  banner: ReadonlySignal<Banner | null>;
  toast: Signal<UiToast | null>;
  drawerOpen: Signal<boolean>;
  open(threadUid: string): void;
  showError(text: string): void;
  serverCall(name: ServerCall, input: Input): Promise<boolean>;
  /** The agent's reply, which is not a simulated server call; false (and an error toast) if the world refused it. */
  reply(threadUid: string, content: string): boolean;
  /** What visitors, colleagues and time do (the simulator panel): applied at once, not a server call. */
  simulate(input: Input): StepResult;
  /** A fresh world; no banner outlives the old one. */
  reset(seed: number, scenario: ScenarioName): void;
  /**
   * The open thread's list drew `fresh` messages after those it showed before; they count into the banner
   * (unread-banner.ts). True when the list should follow to the newest message.
   */
  showFresh(threadUid: string, fresh: readonly Message[], atBottom: boolean): boolean;
  closeBanner(): void;
  dispose(): void;
}

export function createWorkbench(runtime: Runtime, viewer: Viewer = frameViewer()): Workbench {
  const world = viewer.follow(runtime.world);
  const threads = computed(() => world.value.threads);
  const sorted = computed(() => sortThreads(Object.values(threads.value)));
  const overview = computed(() => overviewOf(sorted.value, runtime.clock.now()));
  const counts = computed(() => overview.value.counts);
  const stats = computed(() => overview.value.stats);
  const queued = computed(() => overview.value.queued);
  const category = signal<CategoryKey>('all');
  const search = signal('');
  const visible = computed(() => {
    const list = sorted.value;
    const key = category.value;
    const query = search.value.trim().toLowerCase();
    if (key === 'all' && !query) return list;
    return list.filter((thread) => inCategory(thread, key) && (!query || matchesSearch(thread, query)));
  });
  const openUid = computed(() => world.value.openThreadUid);
  const openThread = computed(() => {
    const uid = openUid.value;
    const record = threads.value;
    return uid !== null && Object.hasOwn(record, uid) ? (record[uid] ?? null) : null;
  });
  const messages = computed(() => {
    const uid = openUid.value;
    return uid === null ? EMPTY_MESSAGES : messagesOf(world.value, uid);
  });
  const banner = signal<Banner | null>(null);
  const toast = signal<UiToast | null>(null);
  const drawerOpen = signal(false);
  let toastId = 0;

  const show = (text: string, tone: ToastTone) => {
    toast.value = { id: ++toastId, text, tone };
  };
  const runtimeToast = viewer.follow(runtime.toast);
  const stopToasts = effect(() => {
    const next = runtimeToast.value;
    if (next) show(t(`toast.${next.key}`), TOAST_TONES[next.key]);
  });

  const showError = (text: string) => show(`${t('error.prefix')}${text}`, 'error');

  return {
    runtime,
    world,
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
      const record = runtime.world.peek().threads;
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
    reply(threadUid, content) {
      const result = runtime.dispatch({ kind: 'reply', threadUid, content });
      if (result.error) showError(result.error);
      return !result.error;
    },
    simulate: (input) => runtime.dispatch(input),
    reset(seed, scenario) {
      runtime.reset({ seed, scenario });
      banner.value = null;
    },
    showFresh(threadUid, fresh, atBottom) {
      const next = afterFreshMessages(banner.peek(), threadUid, fresh, atBottom);
      banner.value = next.banner;
      return next.follow;
    },
    closeBanner() {
      banner.value = null;
    },
    dispose() {
      stopToasts();
      viewer.stop();
    },
  };
}

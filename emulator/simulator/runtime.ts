import { type Signal, signal } from '@preact/signals';
import type { Command, OutgoingEvent } from '../../protocol';
import {
  createWorld,
  type Input,
  type ScenarioName,
  type StepResult,
  step,
  type WorkbenchStatus,
  type WorldState,
} from '../world';
import type { Clock } from './clock';
import type { Params, ServerCall } from './params';
import { clearWorld, type DecodeWorld, loadWorldWith, saveWorld } from './persist-store';
import { ProtocolLog } from './protocol-log';
import { keepingNotice, type WorldKeeping, type WorldStore } from './world-storage';

export const DEFAULT_SEED = 1;
const TICK_MS = 10_000;
const AUTOPILOT_MS: Record<ScenarioName, number> = { demo: 6000, empty: 10_000, 'busy-queue': 8000, flood: 250 };
const FLOOD_BURST = 50;
const SAVE_DELAY_MS = 250;
/**
 * Saving may take at most this share of the main thread: a world that takes ~40 ms to save (10,000 threads)
 * is saved every ~0.8 s while it keeps changing rather than every 250 ms, which would spend a sixth of the time saving.
 */
const SAVE_SHARE = 1 / 20;

/** The notice for a bug inside the world: what was being applied and what was thrown, never a refusal. */
function internalErrorNotice(input: Input, cause: unknown): string {
  const what = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
  return `Emulator bug: ${input.kind} failed inside the world (${what}); nothing was changed. Details are in the browser console.`;
}

export type ToastKey = 'status.updating' | 'status.ok' | 'status.failed' | 'call.failed' | 'call.pending';
export interface Toast {
  id: number;
  key: ToastKey;
  call: ServerCall;
}

export interface RuntimeOptions {
  params: Params;
  clock: Clock;
  storage: WorldStore | null;
  /**
   * Where `storage` keeps the world, or why there is none (world-storage.ts): the inspector shows it, and a
   * world that a reload will lose gets a notice.
   */
  keeping?: WorldKeeping;
  assetBase: string;
  login?: { email: string; nickname?: string };
  /**
   * Validates a saved world before it is resumed (persist.ts's decodeWorld). Injected so that the boot loads
   * the schemas it needs only when a save exists; only called when storage holds a world.
   */
  decode: DecodeWorld;
  /**
   * Runs `flush` when the current task ends (docs/protocol.md §3: unread changes are coalesced per task). Default:
   * a microtask. Tests that check events one dispatch at a time pass `(flush) => flush()`.
   */
  endOfTask?: (flush: () => void) => void;
}

/** The boot timeline (docs/protocol.md §11), in epoch ms; the inspector shows it. */
export interface BootTimes {
  /** When the console's document started loading (navigation start). */
  documentStart: number;
  /** When the bridge's message listener was installed; null unframed. */
  listener: number | null;
  /** When the console became ready and posted its initial sync. */
  ready: number | null;
  /** When the first host command arrived (early or not). */
  firstCommand: number | null;
  /** Commands that arrived before ready, since the document started. */
  early: number;
  /** The boot delay asked for (`bootDelay=`), ms. */
  bootDelay: number;
}

/**
 * The shell around the pure world: holds the current state in a signal for the UI, stamps steps with the
 * clock's time, runs the simulated server's latency and failures, drives autopilot and idle ticks, persists the
 * world like a server's disk, and hands emitted events to whoever listens (the bridge).
 */
export class Runtime {
  readonly world: Signal<WorldState>;
  readonly autopilot: Signal<boolean>;
  readonly toast = signal<Toast | null>(null);
  readonly notices = signal<string[]>([]);
  readonly log = new ProtocolLog();
  private outlets = new Set<(events: OutgoingEvent[]) => void>();
  /** Pending timers and what cancelling each means (a server call in flight resolves as not done). */
  private timers = new Map<number, () => void>();
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** How long the last save took (ms), to space saves out in proportion. */
  private saveCost = 0;
  private toastId = 0;
  /** The last unread event of the current task, held back until the task ends (docs/protocol.md §3). */
  private pendingUnread: OutgoingEvent | null = null;
  /** A forced unread event (the initial sync, refresh_threads) is in the current task: post it even if unchanged. */
  private unreadForced = false;
  /** The signature of the last unread event posted; undefined before the first (initial sync). */
  private postedUnread: string | null | undefined;
  readonly boot: Signal<BootTimes>;

  constructor(readonly options: RuntimeOptions) {
    const { params, storage, decode } = options;
    const loaded = loadWorldWith(storage, decode);
    const notices = [...params.problems];
    const lost = options.keeping && keepingNotice(options.keeping);
    if (lost) notices.push(lost);
    if (!loaded.state && 'notice' in loaded && loaded.notice) notices.push(loaded.notice);
    const stored = loaded.state;
    // A stored world resumes unless the URL asks for a different one.
    const resumable =
      stored &&
      (params.seed === undefined || params.seed === stored.seed) &&
      (params.scenario === undefined || params.scenario === stored.scenario) &&
      (params.threads === undefined || params.threads === (stored.history ?? 0)) &&
      // Another user's login is another account on the server: their world is not this one.
      (options.login === undefined || options.login.email === stored.agent.email);
    this.world = signal(resumable ? stored : this.fresh(params.seed, params.scenario));
    this.autopilot = signal(params.autopilot);
    this.notices.value = notices;
    const now = Date.now();
    this.boot = signal({
      documentStart: now,
      listener: null,
      ready: null,
      firstCommand: null,
      early: 0,
      bootDelay: params.bootDelay,
    });
  }

  /** Whether the console is ready (§11): started, so it hears commands and emits events. */
  get ready(): boolean {
    return this.boot.peek().ready !== null;
  }

  /** Records boot times (the bridge: listener, first command, early count). */
  noteBoot(patch: Partial<BootTimes>): void {
    this.boot.value = { ...this.boot.peek(), ...patch };
  }

  get clock(): Clock {
    return this.options.clock;
  }

  private fresh(seed = DEFAULT_SEED, scenario: ScenarioName = 'demo'): WorldState {
    const { clock, assetBase, login, params } = this.options;
    return createWorld({ seed, scenario, now: clock.now(), assetBase, login, history: params.threads });
  }

  private readyListeners = new Set<() => void>();

  /** Called when the console becomes ready (start()), before its initial sync is emitted. */
  onReady(listener: () => void): () => void {
    this.readyListeners.add(listener);
    return () => this.readyListeners.delete(listener);
  }

  /** Subscribes to emitted events, in emission order, one array per step. */
  onEvents(outlet: (events: OutgoingEvent[]) => void): () => void {
    this.outlets.add(outlet);
    return () => this.outlets.delete(outlet);
  }

  /**
   * Applies one input now. A refused input leaves everything as it was and returns `error`. Anything else a rule
   * throws is a bug in the emulator, not a refusal: it also leaves the world as it was, is named in a notice
   * (the bar over the console) and on the console, and is thrown on to the caller (a test API call fails with it).
   */
  dispatch(input: Input): StepResult {
    const before = this.world.peek();
    let result: StepResult;
    try {
      result = step(before, input, this.clock.now());
    } catch (cause) {
      this.reportBug(input, cause);
      throw cause;
    }
    if (result.error) return result;
    this.world.value = result.state;
    this.scheduleSave();
    if (result.events.length > 0) this.emit(result.events, before.lastUnread === result.state.lastUnread);
    return result;
  }

  /**
   * Hands a step's events on, except its unread event: that one waits for the end of the task, so that any number
   * of steps in one task (a burst, many test-API calls in one synchronous block) post one, with the final values,
   * after the task's other events (docs/protocol.md §3).
   */
  private emit(events: OutgoingEvent[], unreadUnchanged: boolean): void {
    let others = events;
    const last = events.at(-1);
    // The world emits at most one unread event per step, always last.
    if (last?.type === 'unread_message_count') {
      others = events.slice(0, -1);
      // The world emits an unchanged unread state only when forced to (the initial sync, refresh_threads).
      if (unreadUnchanged) this.unreadForced = true;
      const scheduled = this.pendingUnread !== null;
      this.pendingUnread = last;
      if (others.length > 0) for (const outlet of this.outlets) outlet(others);
      if (!scheduled) (this.options.endOfTask ?? queueMicrotask)(() => this.flushUnread());
      return;
    }
    for (const outlet of this.outlets) outlet(others);
  }

  /** Posts the task's unread event, unless it repeats the last one posted and nothing forced it. */
  private flushUnread(): void {
    const event = this.pendingUnread;
    if (event === null) return;
    this.pendingUnread = null;
    const forced = this.unreadForced;
    this.unreadForced = false;
    const signature = this.world.peek().lastUnread;
    if (!forced && signature === this.postedUnread) return;
    this.postedUnread = signature;
    for (const outlet of this.outlets) outlet([event]);
  }

  /**
   * A call to the simulated server: after `latency` ms it succeeds, or fails if `fail` names it. A failure
   * changes nothing and emits nothing; the UI shows the vendor's toast.
   */
  call(name: ServerCall, input: Input): Promise<StepResult | null> {
    if (this.options.params.latency <= 0) return Promise.resolve(this.answer(name, input));
    this.showToast(name === 'status' ? 'status.updating' : 'call.pending', name);
    return new Promise((resolve) => {
      this.later(
        () => resolve(this.answer(name, input)),
        this.options.params.latency,
        () => resolve(null),
      );
    });
  }

  /** A host command's server call, whose answer nobody awaits: without latency, made at once. */
  private callFromHost(name: ServerCall, input: Input): void {
    if (this.options.params.latency <= 0) this.answer(name, input);
    else void this.call(name, input);
  }

  /** The simulated server's answer to a call, once its latency has passed. */
  private answer(name: ServerCall, input: Input): StepResult | null {
    if (this.options.params.fail.includes(name)) {
      this.showToast(name === 'status' ? 'status.failed' : 'call.failed', name);
      return null;
    }
    const result = this.dispatch(input);
    if (name === 'status' && !result.error) this.showToast('status.ok', name);
    return result;
  }

  setStatus(status: WorkbenchStatus): Promise<StepResult | null> {
    return this.call('status', { kind: 'setStatus', status });
  }

  /**
   * A host command. Returns the refusal for commands that are answered at once (an unknown threadUid);
   * server calls run on their own and report failures through toasts, as in the vendor console.
   */
  command(command: Command): { error?: string } {
    switch (command.type) {
      case 'update_agent_status':
      case 'update_agent_status_available':
      case 'update_agent_status_busy':
      case 'update_agent_status_offline':
        this.callFromHost('status', { kind: 'command', command });
        return {};
      case 'refresh_threads':
        this.callFromHost('refresh', { kind: 'command', command });
        return {};
      case 'clear_unread_count':
        return { error: this.dispatch({ kind: 'command', command }).error };
    }
  }

  private reportBug(input: Input, cause: unknown): void {
    console.error(`agent-console-emulator: ${input.kind} failed inside the world`, cause);
    const notice = internalErrorNotice(input, cause);
    if (!this.notices.peek().includes(notice)) this.notices.value = [...this.notices.peek(), notice];
  }

  private showToast(key: ToastKey, call: ServerCall): void {
    this.toast.value = { id: ++this.toastId, key, call };
  }

  /** Starts the console: announces the unread state (docs/protocol.md §3 MC), then time passes. */
  start(): void {
    this.postedUnread = undefined;
    if (!this.ready) {
      this.noteBoot({ ready: Date.now() });
      for (const listener of this.readyListeners) listener();
    }
    this.dispatch({ kind: 'sync' });
    this.scheduleTick();
    this.scheduleAutopilot();
  }

  stop(): void {
    const pending = [...this.timers];
    this.timers.clear();
    this.autopilotTimer = undefined;
    for (const [id, cancel] of pending) {
      this.clock.clearTimeout(id);
      cancel();
    }
    this.flush();
  }

  /** A timer the runtime owns: forgotten once it fires, cancelled (with `onCancel`) by stop(). */
  private later(fn: () => void, ms: number, onCancel: () => void = () => {}): number {
    const id = this.clock.setTimeout(() => {
      this.timers.delete(id);
      fn();
    }, ms);
    this.timers.set(id, onCancel);
    return id;
  }

  reset(options: { seed?: number; scenario?: ScenarioName } = {}): void {
    const current = this.world.peek();
    // The old world's last unread change goes out before the new world's initial sync.
    this.flushUnread();
    this.stop();
    clearWorld(this.options.storage);
    this.world.value = this.fresh(options.seed ?? current.seed, options.scenario ?? current.scenario);
    this.log.clear();
    this.start();
  }

  setAutopilot(on: boolean): void {
    this.autopilot.value = on;
    if (on) this.scheduleAutopilot();
  }

  private scheduleTick(): void {
    this.later(() => {
      // Time goes on even if this tick hit a bug (which dispatch has reported and now throws).
      try {
        this.dispatch({ kind: 'tick' });
      } finally {
        this.scheduleTick();
      }
    }, TICK_MS);
  }

  private autopilotTimer: number | undefined;

  private scheduleAutopilot(): void {
    if (this.autopilotTimer !== undefined) {
      this.clock.clearTimeout(this.autopilotTimer);
      this.timers.delete(this.autopilotTimer);
    }
    this.autopilotTimer = undefined;
    if (!this.autopilot.peek()) return;
    const scenario = this.world.peek().scenario;
    this.autopilotTimer = this.later(() => {
      this.autopilotTimer = undefined;
      if (!this.autopilot.peek()) return;
      const burst = scenario === 'flood' ? FLOOD_BURST : 1;
      try {
        this.dispatch(
          burst === 1
            ? { kind: 'autopilot' }
            : { kind: 'batch', inputs: Array.from({ length: burst }, () => ({ kind: 'autopilot' }) as const) },
        );
      } finally {
        this.scheduleAutopilot();
      }
    }, AUTOPILOT_MS[scenario]);
  }

  private scheduleSave(): void {
    if (this.saveTimer !== undefined) return;
    this.saveTimer = setTimeout(() => this.flush(), Math.max(SAVE_DELAY_MS, this.saveCost / SAVE_SHARE));
  }

  /** Writes the world now (also on page hide, so a reload mid-storm loses nothing). */
  flush(): void {
    if (this.saveTimer !== undefined) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const started = performance.now();
    const problem = saveWorld(this.options.storage, this.world.peek());
    this.saveCost = performance.now() - started;
    if (problem && !this.notices.peek().includes(problem)) this.notices.value = [...this.notices.peek(), problem];
  }
}

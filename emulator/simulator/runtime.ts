import { type Signal, signal } from '@preact/signals';
import type { Command, OutgoingEvent } from '../../protocol';
import { ProtocolLog } from '../bridge/log';
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

export type ToastKey = 'status.updating' | 'status.ok' | 'status.failed' | 'call.failed' | 'call.pending';
export interface Toast {
  id: number;
  key: ToastKey;
  call: ServerCall;
}

export interface RuntimeOptions {
  params: Params;
  clock: Clock;
  storage: Storage | null;
  assetBase: string;
  login?: { email: string; nickname?: string };
  /**
   * Validates a saved world before it is resumed (persist.ts's decodeWorld). Injected so that the boot loads
   * the schemas it needs only when a save exists; only called when storage holds a world.
   */
  decode: DecodeWorld;
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

  constructor(readonly options: RuntimeOptions) {
    const { params, storage, decode } = options;
    const loaded = loadWorldWith(storage, decode);
    const notices = [...params.problems];
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
  }

  get clock(): Clock {
    return this.options.clock;
  }

  private fresh(seed = DEFAULT_SEED, scenario: ScenarioName = 'demo'): WorldState {
    const { clock, assetBase, login, params } = this.options;
    return createWorld({ seed, scenario, now: clock.now(), assetBase, login, history: params.threads });
  }

  /** Subscribes to emitted events, in emission order, one array per step. */
  onEvents(outlet: (events: OutgoingEvent[]) => void): () => void {
    this.outlets.add(outlet);
    return () => this.outlets.delete(outlet);
  }

  /** Applies one input now. A refused input leaves everything as it was and returns `error`. */
  dispatch(input: Input): StepResult {
    const result = step(this.world.peek(), input, this.clock.now());
    if (result.error) return result;
    this.world.value = result.state;
    this.scheduleSave();
    if (result.events.length > 0) for (const outlet of this.outlets) outlet(result.events);
    return result;
  }

  /**
   * A call to the simulated server: after `latency` ms it succeeds, or fails if `fail` names it. A failure
   * changes nothing and emits nothing; the UI shows the vendor's toast.
   */
  call(name: ServerCall, input: Input): Promise<StepResult | null> {
    const { latency, fail } = this.options.params;
    const finish = (): StepResult | null => {
      if (fail.includes(name)) {
        this.showToast(name === 'status' ? 'status.failed' : 'call.failed', name);
        return null;
      }
      const result = this.dispatch(input);
      if (name === 'status' && !result.error) this.showToast('status.ok', name);
      return result;
    };
    if (latency <= 0) return Promise.resolve(finish());
    this.showToast(name === 'status' ? 'status.updating' : 'call.pending', name);
    return new Promise((resolve) => {
      this.later(
        () => resolve(finish()),
        latency,
        () => resolve(null),
      );
    });
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
        void this.call('status', { kind: 'command', command });
        return {};
      case 'refresh_threads':
        void this.call('refresh', { kind: 'command', command });
        return {};
      case 'clear_unread_count':
        return { error: this.dispatch({ kind: 'command', command }).error };
    }
  }

  private showToast(key: ToastKey, call: ServerCall): void {
    this.toast.value = { id: ++this.toastId, key, call };
  }

  /** Starts the console: announces the unread state (protocol.md §3 MC), then time passes. */
  start(): void {
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
      this.dispatch({ kind: 'tick' });
      this.scheduleTick();
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
      this.dispatch(
        burst === 1
          ? { kind: 'autopilot' }
          : { kind: 'batch', inputs: Array.from({ length: burst }, () => ({ kind: 'autopilot' }) as const) },
      );
      this.scheduleAutopilot();
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

import type { Command } from './commands';
import type { ConsoleEvent, EventData, EventOf, EventType } from './events';
import { EVENT_SOURCE, isEventType } from './names';
import type { Parsed } from './parse';
import type { AgentStatus } from './shapes';

/**
 * The typed host client: what an integrator's page uses to talk to the agent console in an <iframe>.
 * It speaks the vendor's wire format as is (no handshake, no ids), so it works against the real console too.
 * It deliberately imports no zod: pass `validate: parseEvent` (from the protocol entry) for full schema checks.
 */

export interface ConnectOptions {
  /** The console's origin, e.g. `https://kefu.example.com`. Defaults to the origin of the iframe's `src`. */
  consoleOrigin?: string;
  /** Full validation of each event, e.g. `parseEvent`. Without it only the envelope is checked. */
  validate?: (raw: unknown) => Parsed<ConsoleEvent>;
  /** Where to listen; defaults to the iframe's owner window. */
  window?: Window;
  /**
   * Holds the commands sent while the console is not ready (before its first event after a (re)load) and sends
   * them, in order, when it becomes ready. Without it they are posted at once, and a console that is still
   * booting loses them, as the real one does.
   */
  queueUntilReady?: boolean;
}

export type Unsubscribe = () => void;

export interface AgentConsoleClient {
  readonly consoleOrigin: string;
  /** Typed handler for one event type; returns a function that removes it. */
  on<T extends EventType>(type: T, handler: (data: EventData<T>, event: EventOf<T>) => void): Unsubscribe;
  /** Every accepted event, in arrival order. */
  onEvent(handler: (event: ConsoleEvent) => void): Unsubscribe;
  /** Messages from the console that fail validation, and warnings about what was tolerated (nulls, unknown fields…). */
  onProblem(handler: (problem: { level: 'invalid' | 'warning'; reason: string; raw: unknown }) => void): Unsubscribe;
  /** Resolves with the next event of `type` that satisfies `predicate`; rejects after `timeoutMs`. */
  waitFor<T extends EventType>(
    type: T,
    options?: { predicate?: (data: EventData<T>) => boolean; timeoutMs?: number },
  ): Promise<EventOf<T>>;
  send(command: Command): void;
  /** Posts anything, unchecked: for sandboxes that send malformed commands on purpose. */
  sendRaw(message: unknown): void;
  setStatus(status: AgentStatus): void;
  setAvailable(): void;
  setBusy(): void;
  setOffline(): void;
  refreshThreads(): void;
  clearUnread(threadUid: string): void;
  /**
   * Resolves when the console is ready: at its first event after the frame (re)loaded (the console says nothing
   * before it listens). At once if it is ready already. Rejects after `timeout` ms (default 10000).
   */
  ready(options?: { timeout?: number }): Promise<void>;
  /** Whether the console has sent an event since the frame last (re)loaded. */
  readonly isReady: boolean;
  /**
   * Called when the console is ready again after a reload (the agent pressed F5, the console crashed and came
   * back): its state may have changed meanwhile, and commands sent during the reload were lost.
   */
  onReload(handler: () => void): Unsubscribe;
  /** Stops listening; handlers are dropped, queued commands are discarded. */
  close(): void;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const isUid = (v: unknown) => isRecord(v) && typeof v.uid === 'string' && v.uid !== '';

/**
 * Without `validate`: what a host cannot work without (docs/protocol.md §9 "Reading"), zod-free. Everything else is
 * the host's to read with care; the event types say which fields may be missing or null.
 */
function checkEnvelope(raw: unknown): Parsed<ConsoleEvent> {
  if (!isRecord(raw) || raw.source !== EVENT_SOURCE || !isEventType(raw.type)) {
    return { ok: false, kind: 'foreign', reason: 'not a console event' };
  }
  const { type, data } = raw;
  const invalid = (why: string): Parsed<ConsoleEvent> => ({ ok: false, kind: 'invalid', reason: `${type}: ${why}` });
  if (!isRecord(data)) return invalid('data must be an object');
  if (type === 'unread_message_count') {
    const total = data.totalUnreadCount;
    if (!Number.isInteger(total) || (total as number) < 0) {
      return invalid('data.totalUnreadCount must be an integer >= 0');
    }
    if (!Array.isArray(data.unreadThreads) || !data.unreadThreads.every(isUid)) {
      return invalid('data.unreadThreads must be an array of threads with a uid');
    }
  } else if (type === 'agent_status_changed') {
    if (typeof data.status !== 'string') return invalid('data.status must be a string');
  } else if (!isUid(data.thread)) return invalid('data.thread must be a thread with a uid');
  return { ok: true, value: raw as ConsoleEvent, warnings: [] };
}

function originOf(src: string, base: string): string {
  try {
    return new URL(src, base).origin;
  } catch {
    return '';
  }
}

export function connectAgentConsole(iframe: HTMLIFrameElement, options: ConnectOptions = {}): AgentConsoleClient {
  const host = options.window ?? iframe.ownerDocument.defaultView ?? window;
  const consoleOrigin = options.consoleOrigin ?? originOf(iframe.src, host.location.href);
  if (!consoleOrigin || consoleOrigin === 'null') {
    throw new TypeError(`connectAgentConsole: consoleOrigin must be an http(s) origin; got "${consoleOrigin}"`);
  }
  const validate = options.validate ?? checkEnvelope;
  const typed = new Map<EventType, Set<(data: never, event: never) => void>>();
  const any = new Set<(event: ConsoleEvent) => void>();
  const problems = new Set<Parameters<AgentConsoleClient['onProblem']>[0]>();
  const reloads = new Set<() => void>();
  const waiting = new Set<() => void>();
  const held: unknown[] = [];
  /**
   * Readiness, without a handshake (the vendor has none; docs/protocol.md §11): the console is ready at its first
   * event; every `load` of the iframe starts a new document that is not ready until its own first event. The
   * console's first event is its initial unread sync, which comes after its document's load.
   */
  let isReady = false;
  let everReady = false;

  const add = <H>(set: Set<H>, handler: H): Unsubscribe => {
    set.add(handler);
    return () => set.delete(handler);
  };
  const report = (level: 'invalid' | 'warning', reason: string, raw: unknown) => {
    for (const h of problems) h({ level, reason, raw });
  };

  const listener = (message: MessageEvent) => {
    // The vendor page asks hosts to check where messages come from: origin and the exact frame.
    if (message.origin !== consoleOrigin || message.source !== iframe.contentWindow) return;
    const parsed = validate(message.data);
    if (!parsed.ok) {
      if (parsed.kind === 'invalid') report('invalid', parsed.reason, message.data);
      return;
    }
    for (const w of parsed.warnings) report('warning', w, message.data);
    if (!isReady) becomeReady();
    const event = parsed.value;
    for (const h of typed.get(event.type) ?? []) h(event.data as never, event as never);
    for (const h of any) h(event);
  };
  const send = (message: unknown) => {
    const target = iframe.contentWindow;
    if (!target) throw new Error('connectAgentConsole: the iframe has no window (is it in the document?)');
    target.postMessage(message, consoleOrigin);
  };
  const post = (message: unknown) => {
    if (options.queueUntilReady && !isReady) held.push(message);
    else send(message);
  };

  function becomeReady() {
    isReady = true;
    const reloaded = everReady;
    everReady = true;
    // What was held goes first, in order; then whatever a reload handler sends; then the event's own handlers.
    for (const message of held.splice(0)) send(message);
    for (const resolve of [...waiting]) resolve();
    if (reloaded) for (const h of [...reloads]) h();
  }
  /** A new document in the frame: not ready until it speaks. */
  const onLoad = () => {
    isReady = false;
  };

  host.addEventListener('message', listener);
  iframe.addEventListener('load', onLoad);

  const client: AgentConsoleClient = {
    consoleOrigin,
    on(type, handler) {
      let set = typed.get(type);
      if (!set) {
        set = new Set();
        typed.set(type, set);
      }
      return add(set, handler as (data: never, event: never) => void);
    },
    onEvent: (handler) => add(any, handler),
    onProblem: (handler) => add(problems, handler),
    waitFor(type, { predicate, timeoutMs = 5000 } = {}) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          off();
          reject(new Error(`waitFor: no ${type} event within ${timeoutMs} ms`));
        }, timeoutMs);
        const off = client.on(type, (data, event) => {
          if (predicate && !predicate(data)) return;
          clearTimeout(timer);
          off();
          resolve(event);
        });
      });
    },
    send: (command) => post(command),
    sendRaw: (message) => post(message),
    setStatus: (status) => post({ type: 'update_agent_status', data: { status } }),
    setAvailable: () => post({ type: 'update_agent_status_available' }),
    setBusy: () => post({ type: 'update_agent_status_busy' }),
    setOffline: () => post({ type: 'update_agent_status_offline' }),
    refreshThreads: () => post({ type: 'refresh_threads' }),
    clearUnread: (threadUid) => post({ type: 'clear_unread_count', data: { threadUid } }),
    get isReady() {
      return isReady;
    },
    ready({ timeout = 10_000 } = {}) {
      if (isReady) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const done = () => {
          clearTimeout(timer);
          waiting.delete(done);
          resolve();
        };
        const timer = setTimeout(() => {
          waiting.delete(done);
          reject(
            new Error(
              `ready: the console sent no event within ${timeout} ms; it speaks first when its thread list has ` +
                'loaded, so connect the client before the frame loads (or right after inserting it)',
            ),
          );
        }, timeout);
        waiting.add(done);
      });
    },
    onReload: (handler) => add(reloads, handler),
    close() {
      host.removeEventListener('message', listener);
      iframe.removeEventListener('load', onLoad);
      typed.clear();
      any.clear();
      problems.clear();
      reloads.clear();
      held.length = 0;
    },
  };
  return client;
}

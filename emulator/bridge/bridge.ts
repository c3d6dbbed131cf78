import type { OutgoingEvent, ProjectedEvent } from '../../protocol';
import { preview } from '../../protocol/describe';
import { EVENT_SOURCE, isCommandType } from '../../protocol/names';
import type { checkEmitted, parseCommand } from '../../protocol/parse';
import type { Runtime } from '../simulator/runtime';
import { keepable, type LogEntry } from './log';
import type { OriginPolicy } from './origins';
import { project } from './payload';

/** What the bridge needs from protocol/parse.ts: the schemas, which it loads after the first paint. */
export interface Validation {
  parseCommand: typeof parseCommand;
  checkEmitted: typeof checkEmitted;
}

export interface BridgeOptions {
  runtime: Runtime;
  policy: OriginPolicy;
  /** The window we live in; its parent is the host. */
  win: Window;
  /**
   * The validation to use, or its promise. By default protocol/parse.ts is imported at install, so that zod
   * is not in the initial bundle; until it arrives, messages and events wait in arrival order.
   */
  validation?: Validation | Promise<Validation>;
}

/** The message's own `type`, if it has one; a hostile message (a revoked Proxy) has none. */
const ownType = (data: unknown): unknown => {
  try {
    if (typeof data === 'object' && data !== null && Object.hasOwn(data, 'type'))
      return (data as { type: unknown }).type;
  } catch {
    // Fall through: an unreadable message has no type.
  }
  return undefined;
};

const typeLabel = (data: unknown): string => {
  const type = ownType(data);
  if (type === undefined) return '(no type)';
  try {
    return typeof type === 'string' ? type.slice(0, 100) : preview(type);
  } catch {
    return '(no type)';
  }
};

/**
 * Stands in for the schemas when they could not load (a failed chunk request): foreign traffic is still told
 * apart without them, and every command and event is refused with the cause rather than trusted unchecked.
 */
function unavailable(cause: unknown): Validation {
  const why = `validation could not load: ${cause instanceof Error ? cause.message : String(cause)}`;
  return {
    parseCommand(input) {
      const type = ownType(input);
      return isCommandType(type)
        ? { ok: false, kind: 'invalid', reason: `${type}: ${why}` }
        : { ok: false, kind: 'foreign', reason: 'not a command' };
    },
    checkEmitted: (event) => `${typeLabel(event)}: ${why}`,
  };
}

const isPromise = <T>(value: T | Promise<T>): value is Promise<T> =>
  typeof (value as Partial<Promise<T>>).then === 'function';

/** Something that happened before it could be handled, with the time it happened. */
type Pending = { at: number; message: MessageEvent } | { at: number; events: ProjectedEvent[] };

/**
 * The console's side of the wire: reads commands from the parent (type → source → origin → schema), hands
 * the valid ones to the runtime, and posts what the world emits to exactly one target origin.
 * Only installed when framed (protocol.md §1). Returns a function that uninstalls it.
 *
 * Installs at once, but validation arrives later (see BridgeOptions.validation). Inbound messages and outgoing
 * events share one FIFO queue so that their order survives the wait: a command that arrived after the
 * initial unread sync is handled after that sync is posted, and the events a queued command causes go behind
 * what was already waiting. Once validation is there, the queue is empty and everything is handled at once.
 */
export function installBridge({ runtime, policy, win, validation: given }: BridgeOptions): () => void {
  let validation: Validation | null = null;
  let loadFailed = false;
  let installed = true;
  const queue: Pending[] = [];
  let draining = false;

  const receive = (event: MessageEvent, at: number, { parseCommand }: Validation) => {
    const record = (entry: Omit<LogEntry, 'at'>) => runtime.log.add({ at, ...entry });
    const data: unknown = event.data;
    const kept = keepable(data);
    const parsed = parseCommand(data);
    const type = typeLabel(data);
    if (!parsed.ok && parsed.kind === 'foreign') {
      record({ direction: 'in', type, outcome: 'foreign', message: kept });
      return;
    }
    if (event.source !== win.parent) {
      record({
        direction: 'in',
        type,
        outcome: 'rejected-origin',
        reason: 'not sent by the parent window',
        message: kept,
      });
      return;
    }
    if (!policy.accepts(event.origin)) {
      const reason = `origin ${event.origin} is not allowed (${policy.summary})`;
      record({ direction: 'in', type, outcome: 'rejected-origin', reason, message: kept });
      return;
    }
    if (!parsed.ok) {
      record({ direction: 'in', type, outcome: 'violation', reason: parsed.reason, message: kept });
      return;
    }
    // Logged before acting, so the command precedes the events it causes; amended if the world refuses it.
    const warning = parsed.warnings.join('; ');
    const entry = runtime.log.add(
      warning
        ? { at, direction: 'in', type, outcome: 'warning', reason: warning, message: kept }
        : { at, direction: 'in', type, outcome: 'ok', message: kept },
    );
    let error: string | undefined;
    try {
      error = runtime.command(parsed.value).error;
    } catch (cause) {
      error = `${type}: the emulator failed to apply it (${String(cause)})`;
      console.error(cause);
    }
    if (error) runtime.log.amend(entry, { outcome: 'violation', reason: error });
  };

  const family = runtime.options.params.payload;
  const post = (events: ProjectedEvent[], at: number, { checkEmitted }: Validation) => {
    const record = (entry: Omit<LogEntry, 'at'>) => runtime.log.add({ at, ...entry });
    for (const event of events) {
      const envelope = { type: event.type, data: event.data, timestamp: at, source: EVENT_SOURCE };
      // Emit strictly: anything we send must be exactly its family's shape, or it is our bug and never leaves.
      const problem = checkEmitted(envelope, family);
      if (problem) {
        // A failed load was reported once already; each event then carries it as its reason.
        if (!loadFailed) console.error(`agent-console-emulator: refusing to emit an invalid event: ${problem}`);
        record({ direction: 'out', type: event.type, outcome: 'violation', reason: problem, message: envelope });
        continue;
      }
      if (policy.postTarget === null) {
        record({
          direction: 'out',
          type: event.type,
          outcome: 'rejected-origin',
          reason: 'not posted: the parent origin is unknown',
          message: envelope,
        });
        continue;
      }
      win.parent.postMessage(envelope, policy.postTarget);
      record({ direction: 'out', type: event.type, outcome: 'ok', target: policy.postTarget, message: envelope });
    }
  };

  /** Handles the queue in order; what handling adds (a command's events) joins the end of it. */
  const drain = () => {
    if (validation === null || draining) return;
    draining = true;
    let done = 0;
    try {
      while (done < queue.length) {
        const item = queue[done++] as Pending;
        if ('events' in item) post(item.events, item.at, validation);
        else receive(item.message, item.at, validation);
      }
    } finally {
      // Also when handling threw: what was handled leaves, what was not stays for the next drain.
      queue.splice(0, done);
      draining = false;
    }
  };

  const onMessage = (message: MessageEvent) => {
    queue.push({ at: Date.now(), message });
    drain();
  };
  const onEvents = (events: OutgoingEvent[]) => {
    // Cut to the payload family now, against the console's knowledge at the step that made them (protocol.md §9).
    const { liveBorn } = runtime.world.peek();
    queue.push({ at: Date.now(), events: events.map((e) => project(e, family, liveBorn)) });
    drain();
  };

  const ready = (loaded: Validation) => {
    if (!installed) return;
    validation = loaded;
    drain();
  };
  const source = given ?? import('../../protocol/parse');
  if (isPromise(source)) {
    source.then(ready, (cause: unknown) => {
      loadFailed = true;
      console.error('agent-console-emulator: the protocol validation could not load; every message is refused', cause);
      ready(unavailable(cause));
    });
  } else {
    validation = source;
  }

  win.addEventListener('message', onMessage);
  const unsubscribe = runtime.onEvents(onEvents);
  return () => {
    installed = false;
    // Uninstalled means silent: what still waits for validation is neither handled nor posted.
    queue.length = 0;
    win.removeEventListener('message', onMessage);
    unsubscribe();
  };
}

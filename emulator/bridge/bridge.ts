import { checkEmitted, EVENT_SOURCE, type OutgoingEvent, parseCommand, preview } from '../../protocol';
import type { Runtime } from '../simulator/runtime';
import { keepable, type LogEntry } from './log';
import type { OriginPolicy } from './origins';

export interface BridgeOptions {
  runtime: Runtime;
  policy: OriginPolicy;
  /** The window we live in; its parent is the host. */
  win: Window;
}

const typeLabel = (data: unknown): string => {
  try {
    if (typeof data === 'object' && data !== null && Object.hasOwn(data, 'type')) {
      const type = (data as { type: unknown }).type;
      return typeof type === 'string' ? type.slice(0, 100) : preview(type);
    }
  } catch {
    // Fall through: an unreadable message has no type.
  }
  return '(no type)';
};

/**
 * The console's side of the wire: reads commands from the parent (type → source → origin → schema), hands
 * the valid ones to the runtime, and posts what the world emits to exactly one target origin.
 * Only installed when framed (protocol.md §1). Returns a function that uninstalls it.
 */
export function installBridge({ runtime, policy, win }: BridgeOptions): () => void {
  const record = (entry: Omit<LogEntry, 'at'>) => runtime.log.add({ at: Date.now(), ...entry });

  const onMessage = (event: MessageEvent) => {
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
        ? { at: Date.now(), direction: 'in', type, outcome: 'warning', reason: warning, message: kept }
        : { at: Date.now(), direction: 'in', type, outcome: 'ok', message: kept },
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

  const post = (events: OutgoingEvent[]) => {
    for (const event of events) {
      const envelope = { type: event.type, data: event.data, timestamp: Date.now(), source: EVENT_SOURCE };
      // Emit strictly: anything we send must satisfy the strict schema, or it is our bug and never leaves.
      const problem = checkEmitted(envelope);
      if (problem) {
        console.error(`agent-console-emulator: refusing to emit an invalid event: ${problem}`);
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

  win.addEventListener('message', onMessage);
  const unsubscribe = runtime.onEvents(post);
  return () => {
    win.removeEventListener('message', onMessage);
    unsubscribe();
  };
}

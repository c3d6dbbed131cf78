import { keepable } from '../../common/json';
import type { OutgoingEvent, ProjectedEvent } from '../../protocol';
import { preview } from '../../protocol/describe';
import { EVENT_SOURCE, isCommandType } from '../../protocol/names';
import type { checkEmitted, parseCommand } from '../../protocol/parse';
import type { LogEntry } from '../simulator/protocol-log';
import type { Runtime } from '../simulator/runtime';
import { chaosDice, describeChaos } from './chaos';
import { type EarlyInbox, MAX_EARLY } from './early';
import type { OriginPolicy } from './origins';
import { project } from './payload';
import { rememberedCheck, rememberedParse } from './remembered';

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
  /** Told the inspector's framing line whenever it changes (the parent's origin learnt, events withheld). */
  onStatus?: (line: string) => void;
  /** What arrived before the bridge was installed (main.tsx listens from the document's start, §11). */
  inbox?: EarlyInbox;
}

/** Events withheld while the parent's origin is being learnt; beyond this the oldest are given up. */
export const WITHHELD_LIMIT = 1000;

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

/**
 * Something that happened before it could be handled, with the time it happened; `earlyBy`: the message arrived
 * that many ms before the console was ready (§11), so it is logged, never applied.
 */
type Pending = { at: number; message: MessageEvent; earlyBy?: number } | { at: number; events: ProjectedEvent[] };

/**
 * The console's side of the wire: reads commands from the parent (type → source → origin → schema), hands
 * the valid ones to the runtime, and posts what the world emits to exactly one target origin.
 * Only installed when framed (docs/protocol.md §1). Returns a function that uninstalls it.
 *
 * Installs at once, but validation arrives later (see BridgeOptions.validation). Inbound messages and outgoing
 * events share one FIFO queue so that their order survives the wait: a command that arrived after the
 * initial unread sync is handled after that sync is posted, and the events a queued command causes go behind
 * what was already waiting. Once validation is there, the queue is empty and everything is handled at once.
 */
export function installBridge({ runtime, policy, win, validation: given, onStatus, inbox }: BridgeOptions): () => void {
  // A frame's parent window never changes (moving an iframe reloads it): read once, not thrice per message.
  const parent = win.parent;
  let validation: Validation | null = null;
  /** Checked envelopes waiting for the parent's origin (docs/protocol.md §6), oldest first. */
  const withheld: Array<{ at: number; envelope: { type: string } }> = [];
  /** Why the parent window's last message did not teach its origin, for the reason of what it is refused. */
  let notLearnt: string | null = null;

  const status = () => {
    if (!onStatus) return;
    if (withheld.length === 0) return onStatus(policy.summary);
    const byType = new Map<string, number>();
    for (const { envelope } of withheld) byType.set(envelope.type, (byType.get(envelope.type) ?? 0) + 1);
    const types = [...byType].map(([type, n]) => `${type} ×${n}`).join(', ');
    onStatus(`${policy.summary}; withholding ${withheld.length} events until then (${types})`);
  };

  /** The parent window has spoken: its origin may now be known, and what was withheld goes to it, in order. */
  const learnFrom = (origin: string) => {
    notLearnt = policy.learn(origin);
    const target = policy.postTarget;
    if (notLearnt !== null || target === null) return status();
    const now = Date.now();
    for (const { at, envelope } of withheld.splice(0)) {
      parent.postMessage(envelope, target);
      runtime.log.add({
        at,
        direction: 'out',
        type: envelope.type,
        outcome: 'ok',
        reason: `withheld ${now - at} ms until the parent's origin was learnt from its first message (postOrigin pins it)`,
        target,
        message: envelope,
      });
    }
    status();
  };

  let loadFailed = false;
  let installed = true;
  const queue: Pending[] = [];
  let draining = false;
  /** Messages that arrived before the console was ready, until it is. */
  const early: { at: number; message: MessageEvent }[] = [];
  const { chaos } = runtime.options.params;
  // Seeded from the world's seed, so that a run with the same URL drops, duplicates and delays the same events.
  const chaotic = chaos
    ? {
        dice: chaosDice(chaos, runtime.world.peek().seed),
        note: ` (chaos=${describeChaos(chaos)}; not vendor behaviour)`,
      }
    : null;

  const family = runtime.options.params.payload;
  /** The validation's checks, remembered by value (remembered.ts); made again if the validation is replaced. */
  let judges: {
    of: Validation;
    parse: ReturnType<typeof rememberedParse>;
    check: ReturnType<typeof rememberedCheck>;
  } | null = null;
  const judgesOf = (validation: Validation) => {
    if (judges?.of !== validation) {
      judges = {
        of: validation,
        parse: rememberedParse(validation.parseCommand),
        check: rememberedCheck((event) => validation.checkEmitted(event, family)),
      };
    }
    return judges;
  };

  /** Logs what happened at `at` (one helper for all: a closure per message was an allocation per message). */
  const record = (at: number, entry: Omit<LogEntry, 'at'>) => runtime.log.add({ at, ...entry });

  const receive = (event: MessageEvent, at: number, validation: Validation, earlyBy?: number) => {
    // Any message from the parent window, foreign traffic included, tells its origin (docs/protocol.md §6).
    if (policy.learning && event.source === parent) learnFrom(event.origin);
    const data: unknown = event.data;
    const { parsed, copy } = judgesOf(validation).parse(data);
    const kept = copy ?? keepable(data);
    const type = typeLabel(data);
    if (!parsed.ok && parsed.kind === 'foreign') {
      record(at, { direction: 'in', type, outcome: 'foreign', message: kept });
      return;
    }
    if (event.source !== parent) {
      record(at, {
        direction: 'in',
        type,
        outcome: 'rejected-origin',
        reason: 'not sent by the parent window',
        message: kept,
      });
      return;
    }
    if (!policy.accepts(event.origin)) {
      // Set only while the policy is still learning: a learnt origin clears it.
      const why = notLearnt ? `${notLearnt}; ${policy.summary}` : policy.summary;
      const reason = `origin ${event.origin} is not allowed (${why})`;
      record(at, { direction: 'in', type, outcome: 'rejected-origin', reason, message: kept });
      return;
    }
    if (earlyBy !== undefined) {
      // The real console would not have heard it: not applied, and not judged further than its kind.
      const invalid = parsed.ok ? '' : ` (it was invalid too: ${parsed.reason})`;
      const reason = `${type} arrived ${earlyBy} ms before the console was ready; the real console would not have heard it${invalid}`;
      record(at, { direction: 'in', type, outcome: 'early', reason, message: kept });
      runtime.noteBoot({ early: runtime.boot.peek().early + 1 });
      return;
    }
    if (!parsed.ok) {
      record(at, { direction: 'in', type, outcome: 'violation', reason: parsed.reason, message: kept });
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

  const envelopeOf = (event: ProjectedEvent, at: number) => ({
    type: event.type,
    data: event.data,
    timestamp: at,
    source: EVENT_SOURCE,
  });
  const postNow = (
    envelope: ReturnType<typeof envelopeOf>,
    target: string,
    at: number,
    extra?: Pick<LogEntry, 'chaos' | 'reason'>,
  ) => {
    parent.postMessage(envelope, target);
    const entry: LogEntry = { at, direction: 'out', type: envelope.type, outcome: 'ok', target, message: envelope };
    return runtime.log.add(extra ? Object.assign(entry, extra) : entry);
  };
  /**
   * Events posted before the schemas had loaded, waiting for their strict check. Only the first events of a boot
   * (the initial sync, docs/protocol.md §11) can be here: holding them for zod made the first event wait ~20 ms
   * for a chunk that is only a check (bench/: ready). Found invalid later, a violation is logged beside the posted
   * entry, which stays: it was posted, and `counts().out` counts what was posted.
   */
  const unchecked: Array<{ envelope: ReturnType<typeof envelopeOf>; at: number }> = [];
  const post = (events: ProjectedEvent[], at: number, validation: Validation) => {
    const { check } = judgesOf(validation);
    for (const event of events) {
      const envelope = envelopeOf(event, at);
      // Emit strictly: anything we send must be exactly its family's shape, or it is our bug and never leaves
      // (only the first events of a boot leave before the check has loaded, and are checked then: `unchecked`).
      const checked = check(envelope);
      if (checked.problem !== null) {
        const { problem } = checked;
        // A failed load was reported once already; each event then carries it as its reason.
        if (!loadFailed) console.error(`agent-console-emulator: refusing to emit an invalid event: ${problem}`);
        record(at, { direction: 'out', type: event.type, outcome: 'violation', reason: problem, message: envelope });
        continue;
      }
      // The same value, shared and frozen when remembered: the log then keeps no world objects (remembered.ts).
      envelope.data = checked.data;
      if (policy.postTarget === null && policy.learning) {
        withheld.push({ at, envelope });
        if (withheld.length > WITHHELD_LIMIT) {
          const oldest = withheld.shift() as (typeof withheld)[number];
          runtime.log.add({
            at: oldest.at,
            direction: 'out',
            type: oldest.envelope.type,
            outcome: 'rejected-origin',
            reason: `not posted: withheld while the parent origin was unknown, then ${WITHHELD_LIMIT} newer events came`,
            message: oldest.envelope,
          });
        }
        status();
        continue;
      }
      if (policy.postTarget === null) {
        record(at, {
          direction: 'out',
          type: event.type,
          outcome: 'rejected-origin',
          reason: `not posted: ${policy.summary}`,
          message: envelope,
        });
        continue;
      }
      const target = policy.postTarget;
      // Logged at the event's time, or when a chaos delay let it go.
      if (!chaotic) {
        postNow(envelope, target, at);
        continue;
      }
      const send = (extra: Pick<LogEntry, 'chaos' | 'reason'> = {}, when = at) =>
        postNow(envelope, target, when, extra);
      const { copies, delayMs } = chaotic.dice();
      const chaosNote = chaotic.note;
      if (copies === 0) {
        const reason = `chaos: dropped, never posted${chaosNote}`;
        record(at, {
          direction: 'out',
          type: event.type,
          outcome: 'ok',
          chaos: 'dropped',
          reason,
          target,
          message: envelope,
        });
        continue;
      }
      const sendAll = (when: number) => {
        const delayed = delayMs > 0 ? `delayed ${delayMs} ms` : '';
        send(delayed ? { chaos: 'delayed', reason: `chaos: ${delayed}${chaosNote}` } : {}, when);
        if (copies === 2) {
          const reason = `chaos: duplicated, posted twice${delayed ? `, ${delayed}` : ''}${chaosNote}`;
          send({ chaos: 'duplicated', reason }, when);
        }
      };
      if (delayMs > 0) setTimeout(() => installed && sendAll(Date.now()), delayMs);
      else sendAll(at);
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
        else receive(item.message, item.at, validation, item.earlyBy);
      }
    } finally {
      // Also when handling threw: what was handled leaves, what was not stays for the next drain.
      if (done === queue.length) queue.length = 0;
      else queue.splice(0, done);
      draining = false;
    }
  };

  const arrived = (message: MessageEvent, at: number) => {
    if (runtime.boot.peek().firstCommand === null && isCommandType(ownType(message.data)))
      runtime.noteBoot({ firstCommand: at });
    if (!runtime.ready) {
      if (early.length < MAX_EARLY) early.push({ at, message });
      else {
        // A host flooding a booting console must not grow memory without bound: the rest is logged unjudged.
        const reason = `arrived before the console was ready, beyond the ${MAX_EARLY} messages kept until then`;
        runtime.log.add({
          at,
          direction: 'in',
          type: typeLabel(message.data),
          outcome: 'early',
          reason,
          message: null,
        });
        runtime.noteBoot({ early: runtime.boot.peek().early + 1 });
      }
    } else if (validation !== null && queue.length === 0 && !draining) {
      // Nothing waits ahead of it: handled at once, without a turn through the queue (the commonest case).
      draining = true;
      try {
        receive(message, at, validation);
      } finally {
        draining = false;
      }
      drain();
    } else {
      queue.push({ at, message });
      drain();
    }
  };
  const onMessage = (message: MessageEvent) => arrived(message, Date.now());
  /** At ready, what came before is handled first, as early, in arrival order. */
  const onReady = () => {
    const readyAt = runtime.boot.peek().ready ?? Date.now();
    for (const { at, message } of early.splice(0)) queue.push({ at, message, earlyBy: Math.max(0, readyAt - at) });
    drain();
  };
  const onEvents = (events: OutgoingEvent[]) => {
    // Cut to the payload family now, against the console's knowledge at the step that made them (docs/protocol.md §9).
    const { liveBorn } = runtime.world.peek();
    const at = Date.now();
    const projected = events.map((e) => project(e, family, liveBorn));
    const target = policy.postTarget;
    // Before the schemas load: posted now and checked when they come, if nothing waits ahead of them (a command
    // that arrived first is handled first) and the target is known; chaos waits, to keep its dice in event order.
    if (validation === null && queue.length === 0 && target !== null && !chaotic) {
      for (const event of projected) {
        const envelope = envelopeOf(event, at);
        postNow(envelope, target, at);
        unchecked.push({ envelope, at });
      }
      return;
    }
    // Nothing waits ahead of them (the command that caused them is being handled at once, or there was none):
    // posted now, without a turn through the queue.
    if (validation !== null && queue.length === 0) {
      post(projected, at, validation);
      return;
    }
    queue.push({ at, events: projected });
    drain();
  };

  const ready = (loaded: Validation) => {
    if (!installed) return;
    validation = loaded;
    for (const { envelope, at } of unchecked.splice(0)) {
      const problem = loaded.checkEmitted(envelope, family);
      if (problem === null) continue;
      if (!loadFailed)
        console.error(`agent-console-emulator: posted an invalid event before the check loaded: ${problem}`);
      const reason = `posted before the emission check had loaded; then found invalid: ${problem}`;
      runtime.log.add({ at, direction: 'out', type: envelope.type, outcome: 'violation', reason, message: envelope });
    }
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

  // Taking over from the early inbox and listening happen in one task: no message falls between the two.
  for (const { at, message } of inbox?.close() ?? []) arrived(message, at);
  win.addEventListener('message', onMessage);
  runtime.noteBoot({ listener: inbox?.since ?? Date.now() });
  const unsubscribe = runtime.onEvents(onEvents);
  // Installed once the console is ready, there is nothing to hand over: what arrives then is queued, never early.
  const offReady = runtime.onReady(onReady);
  return () => {
    installed = false;
    // Uninstalled means silent: what still waits for validation is neither handled nor posted.
    queue.length = 0;
    withheld.length = 0;
    early.length = 0;
    win.removeEventListener('message', onMessage);
    unsubscribe();
    offReady();
  };
}

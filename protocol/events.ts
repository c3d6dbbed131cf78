import * as z from 'zod/mini';
import { doc } from './doc';
import { EVENT_SOURCE, type EVENT_TYPES, type PayloadFamily, type SameSet } from './names';
import { ReceivedAgentInfoSchema, ReceivedThreadSchema } from './received';
import {
  AgentInfoSchema,
  ConsoleAgentStatusSchema,
  MinimalThreadSchema,
  ThinThreadSchema,
  ThreadActionSchema,
  ThreadSchema,
} from './shapes';

const FIRES = {
  unread_message_count:
    '[doc] The unread total or the set of unread threads changed. Mock choices: also posted once after the thread ' +
    'list first loads and after every refresh_threads; the changes of one task (one burst of messages, one ' +
    'command) are coalesced into one event with the final values, and two consecutive events never carry ' +
    'identical values except those two.',
  new_visitor_message:
    "[doc] A new visitor was assigned to the agent: a thread (type AGENT or WORKGROUP) that was not in the agent's list.",
  agent_status_changed:
    "[doc] The agent's status was updated, from the console's UI or by a host command. Mock choice: every " +
    'accepted update posts exactly one event, also when the status was already that value: it is the only ' +
    'acknowledgement a host gets.',
  thread_status_changed: "[doc] A thread's status changed; action says why.",
} as const satisfies Record<(typeof EVENT_TYPES)[number], string>;

const timestampDoc =
  '[doc: destructured, never described (T3)] When the console posted the event: Date.now() in ms (mock choice: wall clock, also with clock=virtual).';
const sourceDoc = "[doc] Always 'bytedesk-desktop': tells console events apart from other postMessage traffic.";

/** The strict envelope: exactly the four fields of the doc's example. */
const strictEnvelope = <T extends string, D extends z.ZodMiniType>(type: T, data: D) =>
  z
    .strictObject({
      type: z.literal(type),
      data,
      timestamp: z.int().check(z.minimum(0)).apply(doc, timestampDoc),
      source: z.literal(EVENT_SOURCE).apply(doc, sourceDoc),
    })
    .apply(doc, FIRES[type as keyof typeof FIRES]);

const unreadTotal = z
  .int()
  .check(z.minimum(0))
  .apply(doc, '[doc] The sum of unreadCount over unreadThreads (inferred (E3): queued threads are not counted).');

/**
 * The emulator's emission contract for one payload family: every thread position holds `thread`. Strict, so
 * that anything the emulator posts is exactly a shape the vendor is known to send.
 */
function emittedUnion<S extends z.ZodMiniType>(thread: S, family: string) {
  return z
    .discriminatedUnion('type', [
      strictEnvelope(
        'unread_message_count',
        z.strictObject({
          totalUnreadCount: unreadTotal,
          unreadThreads: z
            .array(thread)
            .apply(
              doc,
              '[doc] Every unread thread (unreadCount > 0) of the list; inferred (E3): queued threads are not in it, they have their own queue.',
            ),
        }),
      ),
      strictEnvelope(
        'new_visitor_message',
        z.strictObject({
          thread: thread.apply(doc, "[doc] The new thread; content is the server's welcome text (S13)."),
        }),
      ),
      strictEnvelope(
        'agent_status_changed',
        z.strictObject({
          status: ConsoleAgentStatusSchema.apply(
            doc,
            '[doc, source (E9)] The new status; REST when the agent picks 休息.',
          ),
          agentInfo: AgentInfoSchema.apply(doc, '[doc] The agent after the update.'),
        }),
      ),
      strictEnvelope(
        'thread_status_changed',
        z.strictObject({
          thread: thread.apply(
            doc,
            '[doc] The thread after the change (mock choice: for transfer, the thread as it was, status CHATTING, before it leaves the list).',
          ),
          action: ThreadActionSchema.apply(doc, '[mock choice] Why the status changed (the vendor names no actions).'),
        }),
      ),
    ])
    .apply(doc, `[mock choice] What the EMULATOR posts with payload=${family}, checked strictly before it leaves.`);
}

/**
 * The emulator's emission contract, one strict union per payload family (docs/protocol.md §9): `vendor` mixes full
 * ThreadResponse objects from the list with thin ones built from live messages; `minimal` sends only what the
 * doc promises; `full` sends ThreadResponse everywhere.
 */
export const EmittedEventSchemas = {
  vendor: emittedUnion(z.union([ThreadSchema, ThinThreadSchema]), 'vendor'),
  minimal: emittedUnion(MinimalThreadSchema, 'minimal'),
  full: emittedUnion(ThreadSchema, 'full'),
} as const satisfies Record<PayloadFamily, z.ZodMiniType>;

/** Every shape the vendor is known to send, in any family: how far a received event strays is measured from it. */
export const KnownEventSchema = emittedUnion(
  z.union([ThreadSchema, ThinThreadSchema, MinimalThreadSchema]),
  'vendor, minimal or full',
);

export type EmittedEvent = z.infer<typeof KnownEventSchema>;
type FullEvent = z.infer<typeof EmittedEventSchemas.full>;

/** A received envelope: `source` and an object `data` are what make a message a console event. */
const receivedEnvelope = <T extends string, D extends z.ZodMiniType>(type: T, data: D) =>
  z
    .looseObject({
      type: z.literal(type),
      data,
      timestamp: z.optional(z.number()).apply(doc, timestampDoc),
      source: z.literal(EVENT_SOURCE).apply(doc, sourceDoc),
    })
    .apply(doc, FIRES[type as keyof typeof FIRES]);

const requiredThread = (what: string) => ReceivedThreadSchema.apply(doc, `[doc] ${what}; required, with a string uid.`);

export const UnreadMessageCountEventSchema = receivedEnvelope(
  'unread_message_count',
  z.looseObject({
    totalUnreadCount: unreadTotal,
    unreadThreads: z
      .array(ReceivedThreadSchema)
      .apply(doc, '[doc] The unread threads: full, thin (built from a live message) or minimal objects, mixed.'),
  }),
);
export const NewVisitorMessageEventSchema = receivedEnvelope(
  'new_visitor_message',
  z.looseObject({
    thread: requiredThread('The new thread (the doc promises uid, topic, type, user, content, createdAt)'),
  }),
);
export const AgentStatusChangedEventSchema = receivedEnvelope(
  'agent_status_changed',
  z.looseObject({
    status: z
      .string()
      .apply(
        doc,
        '[doc, source (E9)] The new status: AVAILABLE, BUSY, OFFLINE, and from the console menu REST (or AWAY).',
      ),
    agentInfo: z.optional(z.nullable(ReceivedAgentInfoSchema)).apply(doc, '[doc] The agent after the update.'),
  }),
);
export const ThreadStatusChangedEventSchema = receivedEnvelope(
  'thread_status_changed',
  z.looseObject({
    thread: requiredThread('The thread after the change'),
    action: z
      .optional(z.nullable(z.string()))
      .apply(
        doc,
        '[doc; values: mock choice] Why: the vendor names no values; the emulator sends accept, close, auto_close, transfer, queue.',
      ),
  }),
);

/**
 * Console → host, as a host may receive it: one discriminated union, the only place event types are defined for
 * hosts. Tolerant: `parseEvent` accepts anything that fits it and reports deviations from the known vendor
 * shapes as warnings.
 */
export const EventSchema = z
  .discriminatedUnion('type', [
    UnreadMessageCountEventSchema,
    NewVisitorMessageEventSchema,
    AgentStatusChangedEventSchema,
    ThreadStatusChangedEventSchema,
  ])
  .apply(
    doc,
    'Every message the console posts to the host page (console → host), told apart by type, as a tolerant reader accepts it.',
  );
export type ConsoleEvent = z.infer<typeof EventSchema>;
export type EventType = ConsoleEvent['type'];
export type EventOf<T extends EventType> = Extract<ConsoleEvent, { type: T }>;
export type EventData<T extends EventType> = EventOf<T>['data'];

const eventNamesMatch: SameSet<EventType, (typeof EVENT_TYPES)[number]> = true;
void eventNamesMatch;
const emittedNamesMatch: SameSet<EmittedEvent['type'], EventType> = true;
void emittedNamesMatch;

/**
 * What the console's world produces before the bridge projects it to the payload family and stamps it with
 * `timestamp` and `source`: the world keeps full ThreadResponse objects.
 */
export type OutgoingEvent = { [T in EventType]: { type: T; data: Extract<FullEvent, { type: T }>['data'] } }[EventType];

/** An event cut to its payload family at the emission edge, before the bridge stamps the envelope. */
export type ProjectedEvent = {
  [T in EventType]: { type: T; data: Extract<EmittedEvent, { type: T }>['data'] };
}[EventType];

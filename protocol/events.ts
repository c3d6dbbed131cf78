import * as z from 'zod/mini';
import { doc } from './doc';
import { EVENT_SOURCE, type EVENT_TYPES, type SameSet } from './names';
import { AgentInfoSchema, AgentStatusSchema, ThreadActionSchema, ThreadSchema } from './shapes';

const envelope = <T extends string, D extends z.ZodMiniType>(type: T, data: D, firesWhen: string) =>
  z
    .strictObject({
      type: z.literal(type),
      data,
      timestamp: z
        .int()
        .check(z.minimum(0))
        .apply(
          doc,
          'When the console posted the event: Date.now() in ms (mock choice: wall clock, also with clock=virtual).',
        ),
      source: z.literal(EVENT_SOURCE).apply(doc, 'Tells console events apart from other postMessage traffic.'),
    })
    .apply(doc, firesWhen);

export const UnreadMessageCountEventSchema = envelope(
  'unread_message_count',
  z.strictObject({
    totalUnreadCount: z.int().check(z.minimum(0)).apply(doc, 'The sum of unreadCount over unreadThreads.'),
    unreadThreads: z
      .array(ThreadSchema)
      .apply(doc, 'Every thread with unreadCount > 0, as full Thread objects (mock choice: queued threads included).'),
  }),
  'The unread total or the set of unread threads changed. Mock choices: also posted once after the thread list ' +
    'first loads and after every refresh_threads; the changes of one task (one burst of messages, one command) ' +
    'are coalesced into one event with the final values, and two consecutive events never carry identical values ' +
    'except those two.',
);
export const NewVisitorMessageEventSchema = envelope(
  'new_visitor_message',
  z.strictObject({ thread: ThreadSchema.apply(doc, "The new thread; content is the visitor's first message.") }),
  "A visitor's first message created a thread (type AGENT or WORKGROUP) that was not in the agent's list.",
);
export const AgentStatusChangedEventSchema = envelope(
  'agent_status_changed',
  z.strictObject({
    status: AgentStatusSchema.apply(doc, 'The new status.'),
    agentInfo: AgentInfoSchema.apply(doc, 'The agent after the update.'),
  }),
  "The agent's status was updated, from the console's UI or by a host command. Mock choice: every accepted " +
    'update posts exactly one event, also when the status was already that value: it is the only acknowledgement ' +
    'a host gets.',
);
export const ThreadStatusChangedEventSchema = envelope(
  'thread_status_changed',
  z.strictObject({
    thread: ThreadSchema.apply(
      doc,
      'The thread after the change (mock choice: for transfer, the thread as it was, status CHATTING, before it leaves the list).',
    ),
    action: ThreadActionSchema.apply(doc, 'Why the status changed (mock choice: the vendor names no actions).'),
  }),
  "A thread's status changed; action says why.",
);

/** Console → host: one discriminated union, the only place event types are defined. */
export const EventSchema = z
  .discriminatedUnion('type', [
    UnreadMessageCountEventSchema,
    NewVisitorMessageEventSchema,
    AgentStatusChangedEventSchema,
    ThreadStatusChangedEventSchema,
  ])
  .apply(doc, 'Every message the console posts to the host page (console → host), told apart by type.');
export type ConsoleEvent = z.infer<typeof EventSchema>;
export type EventType = ConsoleEvent['type'];
export type EventOf<T extends EventType> = Extract<ConsoleEvent, { type: T }>;
export type EventData<T extends EventType> = EventOf<T>['data'];

const eventNamesMatch: SameSet<EventType, (typeof EVENT_TYPES)[number]> = true;
void eventNamesMatch;

/** What the console's world produces before the bridge stamps it with `timestamp` and `source`. */
export type OutgoingEvent = { [T in EventType]: { type: T; data: EventData<T> } }[EventType];

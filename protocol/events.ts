import { z } from 'zod';
import { EVENT_SOURCE, type EVENT_TYPES, type SameSet } from './names';
import { AgentInfoSchema, AgentStatusSchema, ThreadActionSchema, ThreadSchema } from './shapes';

const envelope = <T extends string, D extends z.ZodType>(type: T, data: D) =>
  z.strictObject({
    type: z.literal(type),
    data,
    timestamp: z.number().int().nonnegative(),
    source: z.literal(EVENT_SOURCE),
  });

export const UnreadMessageCountEventSchema = envelope(
  'unread_message_count',
  z.strictObject({ totalUnreadCount: z.number().int().min(0), unreadThreads: z.array(ThreadSchema) }),
);
export const NewVisitorMessageEventSchema = envelope('new_visitor_message', z.strictObject({ thread: ThreadSchema }));
export const AgentStatusChangedEventSchema = envelope(
  'agent_status_changed',
  z.strictObject({ status: AgentStatusSchema, agentInfo: AgentInfoSchema }),
);
export const ThreadStatusChangedEventSchema = envelope(
  'thread_status_changed',
  z.strictObject({ thread: ThreadSchema, action: ThreadActionSchema }),
);

/** Console → host: one discriminated union, the only place event types are defined. */
export const EventSchema = z.discriminatedUnion('type', [
  UnreadMessageCountEventSchema,
  NewVisitorMessageEventSchema,
  AgentStatusChangedEventSchema,
  ThreadStatusChangedEventSchema,
]);
export type ConsoleEvent = z.infer<typeof EventSchema>;
export type EventType = ConsoleEvent['type'];
export type EventOf<T extends EventType> = Extract<ConsoleEvent, { type: T }>;
export type EventData<T extends EventType> = EventOf<T>['data'];

const eventNamesMatch: SameSet<EventType, (typeof EVENT_TYPES)[number]> = true;
void eventNamesMatch;

/** What the console's world produces before the bridge stamps it with `timestamp` and `source`. */
export type OutgoingEvent = { [T in EventType]: { type: T; data: EventData<T> } }[EventType];

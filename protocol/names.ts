/**
 * The protocol's names, free of zod so that the host client stays a few hundred bytes. The schemas in
 * events.ts and commands.ts are checked against these lists at compile time, so they cannot drift apart.
 */
export const EVENT_SOURCE = 'bytedesk-desktop';

export const EVENT_TYPES = [
  'unread_message_count',
  'new_visitor_message',
  'agent_status_changed',
  'thread_status_changed',
] as const;

export const COMMAND_TYPES = [
  'update_agent_status',
  'update_agent_status_available',
  'update_agent_status_busy',
  'update_agent_status_offline',
  'refresh_threads',
  'clear_unread_count',
] as const;

// `includes` compares with ===, so anything that is not one of the strings is not a type: no typeof check needed.
export const isEventType = (v: unknown): v is (typeof EVENT_TYPES)[number] =>
  (EVENT_TYPES as readonly unknown[]).includes(v);

export const isCommandType = (v: unknown): v is (typeof COMMAND_TYPES)[number] =>
  (COMMAND_TYPES as readonly unknown[]).includes(v);

/**
 * The thread objects the emulator's events carry (docs/protocol.md §9), chosen by the `payload` URL parameter:
 * `vendor` full objects from the list and thin ones built from live messages, `minimal` only what the doc
 * promises, `full` ThreadResponse everywhere.
 */
export const PAYLOAD_FAMILIES = ['vendor', 'minimal', 'full'] as const;
export type PayloadFamily = (typeof PAYLOAD_FAMILIES)[number];

/** Compile-time proof that two unions are the same set. */
export type SameSet<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

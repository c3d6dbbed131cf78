import * as z from 'zod/mini';
import { doc } from './doc';
import type { COMMAND_TYPES, SameSet } from './names';
import { AgentStatusSchema } from './shapes';

const bare = <T extends string>(type: T, effect: string) =>
  z.strictObject({ type: z.literal(type) }).apply(doc, effect);

export const UpdateAgentStatusCommandSchema = z
  .strictObject({
    type: z.literal('update_agent_status'),
    data: z.strictObject({
      status: AgentStatusSchema.apply(
        doc,
        '[doc] The status to set: AVAILABLE, BUSY or OFFLINE (mock choice: anything else, ONLINE or lowercase busy, is a violation).',
      ),
    }),
  })
  .apply(doc, "Sets the agent's status; the console answers with agent_status_changed.");
export const UpdateAgentStatusAvailableCommandSchema = bare(
  'update_agent_status_available',
  'Sets the status to AVAILABLE; the console answers with agent_status_changed.',
);
export const UpdateAgentStatusBusyCommandSchema = bare(
  'update_agent_status_busy',
  'Sets the status to BUSY; the console answers with agent_status_changed.',
);
export const UpdateAgentStatusOfflineCommandSchema = bare(
  'update_agent_status_offline',
  'Sets the status to OFFLINE; the console answers with agent_status_changed.',
);
export const RefreshThreadsCommandSchema = bare(
  'refresh_threads',
  'Reloads the thread list from the server; the console then posts unread_message_count (mock choice: even when nothing changed).',
);
export const ClearUnreadCountCommandSchema = z
  .strictObject({
    type: z.literal('clear_unread_count'),
    data: z.strictObject({
      threadUid: z.string().check(z.minLength(1)).apply(doc, "[doc] The uid of a thread in the agent's list."),
    }),
  })
  .apply(
    doc,
    'Marks a thread read: its unreadCount becomes 0 and unread false; the console posts unread_message_count if ' +
      'the totals changed. Mock choice: a uid that is not in the list changes nothing and is a violation.',
  );

/** Host → console: one discriminated union, the only place command types are defined. */
export const CommandSchema = z
  .discriminatedUnion('type', [
    UpdateAgentStatusCommandSchema,
    UpdateAgentStatusAvailableCommandSchema,
    UpdateAgentStatusBusyCommandSchema,
    UpdateAgentStatusOfflineCommandSchema,
    RefreshThreadsCommandSchema,
    ClearUnreadCountCommandSchema,
  ])
  .apply(doc, 'Every message the host page may post to the console (host → console), told apart by type.');
export type Command = z.infer<typeof CommandSchema>;
export type CommandType = Command['type'];
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;

const commandNamesMatch: SameSet<CommandType, (typeof COMMAND_TYPES)[number]> = true;
void commandNamesMatch;

import { z } from 'zod';
import type { COMMAND_TYPES, SameSet } from './names';
import { AgentStatusSchema } from './shapes';

const bare = <T extends string>(type: T) => z.strictObject({ type: z.literal(type) });

export const UpdateAgentStatusCommandSchema = z.strictObject({
  type: z.literal('update_agent_status'),
  data: z.strictObject({ status: AgentStatusSchema }),
});
export const UpdateAgentStatusAvailableCommandSchema = bare('update_agent_status_available');
export const UpdateAgentStatusBusyCommandSchema = bare('update_agent_status_busy');
export const UpdateAgentStatusOfflineCommandSchema = bare('update_agent_status_offline');
export const RefreshThreadsCommandSchema = bare('refresh_threads');
export const ClearUnreadCountCommandSchema = z.strictObject({
  type: z.literal('clear_unread_count'),
  data: z.strictObject({ threadUid: z.string().min(1) }),
});

/** Host → console: one discriminated union, the only place command types are defined. */
export const CommandSchema = z.discriminatedUnion('type', [
  UpdateAgentStatusCommandSchema,
  UpdateAgentStatusAvailableCommandSchema,
  UpdateAgentStatusBusyCommandSchema,
  UpdateAgentStatusOfflineCommandSchema,
  RefreshThreadsCommandSchema,
  ClearUnreadCountCommandSchema,
]);
export type Command = z.infer<typeof CommandSchema>;
export type CommandType = Command['type'];
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;

const commandNamesMatch: SameSet<CommandType, (typeof COMMAND_TYPES)[number]> = true;
void commandNamesMatch;

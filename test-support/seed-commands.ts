/** Test support: the six commands exactly as the vendor's page writes them (its threadUid placeholder included). */
export const SEED_COMMANDS = [
  { type: 'update_agent_status', data: { status: 'AVAILABLE' } },
  { type: 'update_agent_status', data: { status: 'BUSY' } },
  { type: 'update_agent_status', data: { status: 'OFFLINE' } },
  { type: 'update_agent_status_available' },
  { type: 'update_agent_status_busy' },
  { type: 'update_agent_status_offline' },
  { type: 'refresh_threads' },
  { type: 'clear_unread_count', data: { threadUid: 'thread_uid_here' } },
] as const;

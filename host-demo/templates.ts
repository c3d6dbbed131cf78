/**
 * Ready-made messages for the raw composer: one valid message per command, then the mistakes integrators
 * actually make. `expect` says what the emulator should do with it (docs/protocol.md §5).
 */
type Expectation = 'accepted' | 'violation' | 'warning' | 'foreign';

export interface Template {
  id: string;
  label: string;
  expect: Expectation;
  /** `threadUid` is an unread thread from the last event, so the valid clear has something to clear. */
  build: (context: { threadUid?: string }) => unknown;
}

const SAMPLE_UID = 'thread_uid_here';

export const TEMPLATES: readonly Template[] = [
  {
    id: 'update_agent_status',
    label: 'update_agent_status (BUSY)',
    expect: 'accepted',
    build: () => ({ type: 'update_agent_status', data: { status: 'BUSY' } }),
  },
  {
    id: 'update_agent_status_available',
    label: 'update_agent_status_available',
    expect: 'accepted',
    build: () => ({ type: 'update_agent_status_available' }),
  },
  {
    id: 'update_agent_status_busy',
    label: 'update_agent_status_busy',
    expect: 'accepted',
    build: () => ({ type: 'update_agent_status_busy' }),
  },
  {
    id: 'update_agent_status_offline',
    label: 'update_agent_status_offline',
    expect: 'accepted',
    build: () => ({ type: 'update_agent_status_offline' }),
  },
  {
    id: 'refresh_threads',
    label: 'refresh_threads',
    expect: 'accepted',
    build: () => ({ type: 'refresh_threads' }),
  },
  {
    id: 'clear_unread_count',
    label: 'clear_unread_count (first unread thread)',
    expect: 'accepted',
    build: ({ threadUid }) => ({ type: 'clear_unread_count', data: { threadUid: threadUid ?? SAMPLE_UID } }),
  },
  {
    id: 'mistake-status-online',
    label: 'Mistake: status "ONLINE"',
    expect: 'violation',
    build: () => ({ type: 'update_agent_status', data: { status: 'ONLINE' } }),
  },
  {
    id: 'mistake-status-lowercase',
    label: 'Mistake: lowercase "busy"',
    expect: 'violation',
    build: () => ({ type: 'update_agent_status', data: { status: 'busy' } }),
  },
  {
    id: 'mistake-missing-thread-uid',
    label: 'Mistake: clear_unread_count without threadUid',
    expect: 'violation',
    build: () => ({ type: 'clear_unread_count', data: {} }),
  },
  {
    id: 'mistake-thread-uid-number',
    label: 'Mistake: threadUid as a number',
    expect: 'violation',
    build: ({ threadUid }) => ({
      type: 'clear_unread_count',
      data: { threadUid: Number(threadUid) || 1234567890123456 },
    }),
  },
  {
    id: 'mistake-data-string',
    label: 'Mistake: data as a string',
    expect: 'violation',
    build: () => ({ type: 'update_agent_status', data: 'BUSY' }),
  },
  {
    id: 'mistake-unknown-thread-uid',
    label: 'Mistake: unknown threadUid "no-such-thread"',
    expect: 'violation',
    build: () => ({ type: 'clear_unread_count', data: { threadUid: 'no-such-thread' } }),
  },
  {
    id: 'mistake-extra-field',
    label: 'Mistake: an extra unknown field',
    expect: 'warning',
    build: () => ({ type: 'update_agent_status', data: { status: 'BUSY', reason: 'lunch break' } }),
  },
  {
    id: 'mistake-foreign-type',
    label: 'Mistake: a foreign message type',
    expect: 'foreign',
    build: () => ({ type: 'set_agent_online', data: { status: 'AVAILABLE' } }),
  },
];

export const templateJson = (template: Template, context: { threadUid?: string }) =>
  JSON.stringify(template.build(context), null, 2);

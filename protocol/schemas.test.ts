import { describe, expect, it } from 'vitest';
import { SEED_COMMANDS } from '../test-support/seed-commands';
import { DERIVED_AGENT_RESPONSE, DERIVED_THREAD_RESPONSE } from '../test-support/vendor-examples';
import { NOW, Sim, stamp } from '../test-support/world-kit';
import {
  AgentInfoSchema,
  AgentStatusSchema,
  CommandSchema,
  ConsoleAgentStatusSchema,
  EmittedEventSchemas,
  EVENT_SOURCE,
  EventSchema,
  type Thread,
  ThreadActionSchema,
  ThreadSchema,
  ThreadStatusSchema,
  ThreadTypeSchema,
  UserSchema,
  UserTypeSchema,
  VendorDateSchema,
} from './index';

/** A thread as the vendor's ThreadResponse serialises it (evidence §3.3): `agent` and `workgroup` are JSON strings. */
const vendorThread = DERIVED_THREAD_RESPONSE as unknown as Thread;

/** The AgentResponse fields docs/protocol.md §9 lists, from the evidence's derived agent. */
const vendorAgent = (() => {
  const {
    messageLeaveSettings,
    serviceSettings,
    autoReplySettings,
    queueSettings,
    timeoutRemindTime,
    timeoutRemindTip,
    ...listed
  } = DERIVED_AGENT_RESPONSE;
  void [messageLeaveSettings, serviceSettings, autoReplySettings, queueSettings, timeoutRemindTime, timeoutRemindTip];
  return listed;
})();

const issuesOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; code: string }[] } }) =>
  result.error?.issues.map((i) => `${i.path.join('.')}:${i.code}`) ?? [];

describe('enums', () => {
  it('AgentStatus accepts exactly the three statuses the iframe API takes', () => {
    for (const s of ['AVAILABLE', 'BUSY', 'OFFLINE']) expect(AgentStatusSchema.safeParse(s).success).toBe(true);
    for (const s of ['AWAY', 'REST', 'DISABLED', 'ONLINE', 'busy', 'available', '', 1, null]) {
      expect(AgentStatusSchema.safeParse(s).success, String(s)).toBe(false);
    }
  });

  it('ThreadType is the vendor enum (S9): the five the doc lists first, then the other twelve', () => {
    const values = Object.values(ThreadTypeSchema.def.entries);
    expect(values.slice(0, 5)).toEqual(['AGENT', 'WORKGROUP', 'ROBOT', 'MEMBER', 'GROUP']);
    expect(values).toHaveLength(17);
    expect(values).toContain('TICKET');
    expect(ThreadTypeSchema.safeParse('VISITOR').success).toBe(false);
  });

  it('UserType is the vendor enum (U2): USER and WORKGROUP, no GROUP', () => {
    expect(UserTypeSchema.safeParse('USER').success).toBe(true);
    expect(UserTypeSchema.safeParse('WORKGROUP').success).toBe(true);
    expect(UserTypeSchema.safeParse('GROUP').success).toBe(false);
  });

  it('ConsoleAgentStatus is the vendor enum the console reports: REST and AWAY too', () => {
    for (const s of ['AVAILABLE', 'AWAY', 'REST', 'BUSY', 'OFFLINE', 'DISABLED']) {
      expect(ConsoleAgentStatusSchema.safeParse(s).success, s).toBe(true);
    }
    expect(ConsoleAgentStatusSchema.safeParse('ONLINE').success).toBe(false);
  });

  it('ThreadStatus is the seven vendor statuses', () => {
    expect(Object.values(ThreadStatusSchema.def.entries)).toEqual([
      'NEW',
      'ROBOTING',
      'OFFLINE',
      'QUEUING',
      'CHATTING',
      'TIMEOUT',
      'CLOSED',
    ]);
    expect(ThreadStatusSchema.safeParse('OPEN').success).toBe(false);
  });

  it('ThreadAction is the mock vocabulary of docs/protocol.md §3', () => {
    expect(Object.values(ThreadActionSchema.def.entries)).toEqual([
      'accept',
      'close',
      'auto_close',
      'transfer',
      'queue',
    ]);
    expect(ThreadActionSchema.safeParse('ACCEPT').success).toBe(false);
  });
});

describe('VendorDateSchema', () => {
  it('accepts yyyy-MM-dd HH:mm:ss, with milliseconds as live messages carry them (S31)', () => {
    expect(VendorDateSchema.safeParse('2025-01-15 11:58:07').success).toBe(true);
    expect(VendorDateSchema.safeParse('2024-10-08 13:06:53.536').success).toBe(true);
  });

  it.each([
    '2025-01-15T11:58:07',
    '2025-01-15T03:58:07.000Z',
    '2025-01-15',
    '2025-1-15 11:58:07',
    '2025-01-15 11:58',
    ' 2025-01-15 11:58:07',
  ])('rejects %j', (text) => {
    expect(VendorDateSchema.safeParse(text).success).toBe(false);
  });

  it('rejects epoch milliseconds', () => {
    expect(VendorDateSchema.safeParse(NOW).success).toBe(false);
  });
});

describe('ThreadSchema', () => {
  it('accepts a hand-written thread in the vendor shape', () => {
    expect(ThreadSchema.parse(vendorThread)).toEqual(vendorThread);
  });

  it('accepts every thread the world makes, in every scenario', () => {
    for (const scenario of ['demo', 'busy-queue', 'flood'] as const) {
      const sim = new Sim({ scenario, seed: 7 });
      sim.ok({ kind: 'colleagueSends' });
      sim.ok({ kind: 'groupSends' });
      expect(sim.threads().length).toBeGreaterThan(0);
      for (const thread of sim.threads()) expect(ThreadSchema.safeParse(thread).error).toBeUndefined();
    }
  });

  it('rejects `agent` as an object: the vendor model keeps it a JSON string', () => {
    const result = ThreadSchema.safeParse({ ...vendorThread, agent: { uid: 'df_ag_uid' } });
    expect(issuesOf(result)).toEqual(['agent:invalid_type']);
  });

  it('rejects `user` as a JSON string: unlike agent, it is an object', () => {
    const result = ThreadSchema.safeParse({ ...vendorThread, user: JSON.stringify(vendorThread.user) });
    expect(issuesOf(result)).toEqual(['user:invalid_type']);
  });

  it.each([
    ['unreadCount', -1, 'too_small'],
    ['unreadCount', 1.5, 'invalid_type'],
    ['unreadCount', '2', 'invalid_type'],
    ['star', true, 'invalid_type'],
    ['uid', '', 'too_small'],
    ['topic', '', 'too_small'],
    ['type', 'VISITOR', 'invalid_value'],
    ['status', 'OPEN', 'invalid_value'],
    ['tagList', 'vip', 'invalid_type'],
    ['createdAt', '2025-01-15T11:58:07Z', 'invalid_format'],
  ])('rejects %s = %j (%s)', (field, value, code) => {
    expect(issuesOf(ThreadSchema.safeParse({ ...vendorThread, [field]: value }))).toEqual([`${field}:${code}`]);
  });

  it('rejects a missing required field', () => {
    const { content: _content, ...withoutContent } = vendorThread;
    expect(issuesOf(ThreadSchema.safeParse(withoutContent))).toEqual(['content:invalid_type']);
  });

  it('is strict: an unknown field is an error at the schema level (parse.ts turns it into a warning)', () => {
    expect(issuesOf(ThreadSchema.safeParse({ ...vendorThread, priority: 1 }))).toEqual([':unrecognized_keys']);
    expect(issuesOf(ThreadSchema.safeParse({ ...vendorThread, user: { ...vendorThread.user, vip: true } }))).toEqual([
      'user:unrecognized_keys',
    ]);
  });
});

describe('UserSchema and AgentInfoSchema', () => {
  it('accept the vendor shapes', () => {
    expect(UserSchema.safeParse(vendorThread.user).success).toBe(true);
    expect(AgentInfoSchema.safeParse(vendorAgent).success).toBe(true);
  });

  it('accept the world’s default agent: SuperAdmin, admin@email.com, maxThreadCount 10 (A4, A6)', () => {
    const agent = AgentInfoSchema.parse(new Sim().state.agent);
    expect(agent).toMatchObject({ nickname: 'SuperAdmin', email: 'admin@email.com', maxThreadCount: 10 });
  });

  it('reject a user type outside the vendor enum and `extra` as an object', () => {
    expect(issuesOf(UserSchema.safeParse({ ...vendorThread.user, type: 'CUSTOMER' }))).toEqual(['type:invalid_value']);
    expect(issuesOf(UserSchema.safeParse({ ...vendorThread.user, extra: {} }))).toEqual(['extra:invalid_type']);
  });

  it('reject an agent status outside the vendor enum', () => {
    expect(AgentInfoSchema.safeParse({ ...vendorAgent, status: 'AWAY' }).success).toBe(true);
    expect(issuesOf(AgentInfoSchema.safeParse({ ...vendorAgent, status: 'ONLINE' }))).toEqual(['status:invalid_value']);
  });
});

describe('CommandSchema', () => {
  it.each(SEED_COMMANDS)('accepts the seed’s example %j', (command) => {
    expect(CommandSchema.parse(command)).toEqual(command);
  });

  it('rejects a bare command that carries data (strict)', () => {
    expect(issuesOf(CommandSchema.safeParse({ type: 'refresh_threads', data: {} }))).toEqual([':unrecognized_keys']);
  });

  it('rejects an empty threadUid', () => {
    const result = CommandSchema.safeParse({ type: 'clear_unread_count', data: { threadUid: '' } });
    expect(issuesOf(result)).toEqual(['data.threadUid:too_small']);
  });
});

describe('EventSchema', () => {
  const sim = new Sim({ scenario: 'demo' });

  it('accepts the world’s events once stamped with the vendor envelope', () => {
    expect(sim.events.length).toBeGreaterThan(0);
    for (const event of sim.events) expect(EventSchema.safeParse(stamp(event)).error).toBeUndefined();
  });

  it('requires the source; a missing timestamp is tolerated, a non-number one is not a timestamp', () => {
    const [event] = sim.events;
    expect(issuesOf(EventSchema.safeParse(event))).toEqual(['source:invalid_value']);
    expect(issuesOf(EventSchema.safeParse({ ...stamp(event!), source: 'bytedesk' }))).toEqual(['source:invalid_value']);
    expect(EventSchema.safeParse({ ...event, source: EVENT_SOURCE }).success).toBe(true);
    expect(issuesOf(EventSchema.safeParse({ ...stamp(event!), timestamp: '1736913600000' }))).toEqual([
      'timestamp:invalid_type',
    ]);
  });

  it('the emulator’s emission contract is strict: its envelope needs a timestamp >= 0', () => {
    const [event] = sim.events;
    expect(issuesOf(EmittedEventSchemas.full.safeParse({ ...stamp(event!), timestamp: -1 }))).toEqual([
      'timestamp:too_small',
    ]);
    expect(issuesOf(EmittedEventSchemas.full.safeParse({ ...event, source: EVENT_SOURCE }))).toEqual([
      'timestamp:invalid_type',
    ]);
  });

  it('accepts each event type with vendor-shaped data', () => {
    const envelope = { timestamp: NOW, source: EVENT_SOURCE };
    const events = [
      { type: 'unread_message_count', data: { totalUnreadCount: 2, unreadThreads: [vendorThread] } },
      { type: 'new_visitor_message', data: { thread: vendorThread } },
      { type: 'agent_status_changed', data: { status: 'BUSY', agentInfo: { ...vendorAgent, status: 'BUSY' } } },
      { type: 'thread_status_changed', data: { thread: vendorThread, action: 'accept' } },
    ];
    for (const event of events) expect(EventSchema.safeParse({ ...event, ...envelope }).error).toBeUndefined();
  });

  it('rejects a fractional or negative totalUnreadCount', () => {
    for (const totalUnreadCount of [-1, 0.5]) {
      const event = { type: 'unread_message_count', data: { totalUnreadCount, unreadThreads: [] }, timestamp: NOW };
      expect(EventSchema.safeParse({ ...event, source: EVENT_SOURCE }).success).toBe(false);
    }
  });
});

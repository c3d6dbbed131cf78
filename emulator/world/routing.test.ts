import { describe, expect, it } from 'vitest';
import { Sim, unreadEvents } from '../../test-support/world-kit';
import { AGENT_GREETING, PROVINCES, WORKGROUP_NAMES } from './content';
import { IDLE_CLOSE_MS } from './rules';

const fill = (sim: Sim, n: number) => {
  for (let i = 0; i < n; i++) sim.ok({ kind: 'visitorArrives' });
};

describe('a visitor arrives while the agent is AVAILABLE with room', () => {
  it('is assigned at once: CHATTING, new_visitor_message then unread_message_count', () => {
    const sim = new Sim();
    const { thread, events } = sim.ok({ kind: 'visitorArrives', content: '你好' });
    expect(thread.status).toBe('CHATTING');
    expect(events.map((e) => e.type)).toEqual(['new_visitor_message', 'unread_message_count']);
    expect(events[0]).toEqual({ type: 'new_visitor_message', data: { thread } });
    expect(unreadEvents(events)).toEqual([{ totalUnreadCount: 1, unreadThreads: [thread] }]);
    expect(sim.thread(thread.uid)).toEqual(thread);
  });

  it('carries what the seed promises in new_visitor_message: uid, topic, type, user, content, createdAt', () => {
    const sim = new Sim();
    const { thread } = sim.ok({ kind: 'visitorArrives', content: '怎么申请退款？' });
    expect(thread).toMatchObject({
      uid: expect.stringMatching(/^[1-9]\d{15}$/),
      topic: expect.stringMatching(/^org\/(workgroup|agent)\/\d{16}\/\d{16}$/),
      type: expect.stringMatching(/^(AGENT|WORKGROUP)$/),
      user: { uid: expect.stringMatching(/^[1-9]\d{15}$/), type: 'VISITOR', extra: '{}' },
      content: '怎么申请退款？',
      createdAt: '2025-01-15 12:00:01',
      unreadCount: 1,
      unread: true,
    });
  });

  it('builds an AGENT thread: topic org/agent/{agentUid}/{visitorUid}, agent as a JSON string, no workgroup', () => {
    const sim = new Sim();
    const { thread } = sim.ok({ kind: 'visitorArrives', type: 'AGENT', nickname: 'Tester' });
    const agent = sim.state.agent;
    expect(thread.type).toBe('AGENT');
    expect(thread.topic).toBe(`org/agent/${agent.uid}/${thread.user.uid}`);
    expect(thread.user.nickname).toBe('Tester');
    expect(JSON.parse(thread.agent)).toEqual({
      uid: agent.uid,
      nickname: 'SuperAdmin',
      avatar: agent.avatar,
      type: 'AGENT',
    });
    expect(thread.workgroup).toBe('{}');
  });

  it('builds a WORKGROUP thread in one of the two workgroups', () => {
    const sim = new Sim();
    const { thread } = sim.ok({ kind: 'visitorArrives', type: 'WORKGROUP' });
    const workgroup = JSON.parse(thread.workgroup);
    expect(WORKGROUP_NAMES).toContain(workgroup.nickname);
    expect(sim.state.workgroups.map((w) => w.uid)).toContain(workgroup.uid);
    expect(thread.topic).toBe(`org/workgroup/${workgroup.uid}/${thread.user.uid}`);
  });

  it('names visitors Local or a province followed by the last six digits of their uid', () => {
    const sim = new Sim();
    const nicknames = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const { thread } = sim.ok({ kind: 'visitorArrives' });
      const prefix = thread.user.nickname.slice(0, -6);
      expect(['Local', ...PROVINCES]).toContain(prefix);
      expect(thread.user.nickname.slice(-6)).toBe(thread.user.uid.slice(-6));
      nicknames.add(prefix === 'Local' ? 'Local' : 'province');
      sim.ok({ kind: 'closeThread', threadUid: thread.uid });
    }
    expect(nicknames).toEqual(new Set(['Local', 'province']));
  });
});

describe('a visitor arrives while the agent is full or BUSY', () => {
  it('AVAILABLE with 5 CHATTING: queued, thread_status_changed action queue, no new_visitor_message', () => {
    const sim = new Sim();
    fill(sim, 5);
    expect(sim.byStatus('CHATTING')).toHaveLength(5);
    const { thread, events } = sim.ok({ kind: 'visitorArrives' });
    expect(thread.status).toBe('QUEUING');
    expect(events.map((e) => e.type)).toEqual(['thread_status_changed', 'unread_message_count']);
    expect(events[0]).toEqual({ type: 'thread_status_changed', data: { thread, action: 'queue' } });
    expect(sim.thread(thread.uid)?.status).toBe('QUEUING');
    expect(unreadEvents(events)[0]?.totalUnreadCount).toBe(6);
  });

  it('MEMBER and GROUP threads do not take the agent’s visitor slots', () => {
    const sim = new Sim();
    fill(sim, 4);
    sim.ok({ kind: 'colleagueSends' });
    sim.ok({ kind: 'groupSends' });
    expect(sim.byStatus('CHATTING')).toHaveLength(6);
    expect(sim.ok({ kind: 'visitorArrives' }).thread.status).toBe('CHATTING');
    expect(sim.ok({ kind: 'visitorArrives' }).thread.status).toBe('QUEUING');
  });

  it('a closed thread frees its slot', () => {
    const sim = new Sim();
    fill(sim, 5);
    sim.ok({ kind: 'closeThread', threadUid: sim.byStatus('CHATTING')[0]!.uid });
    expect(sim.ok({ kind: 'visitorArrives' }).thread.status).toBe('CHATTING');
  });

  it('BUSY with room: queued', () => {
    const sim = new Sim();
    sim.step({ kind: 'setStatus', status: 'BUSY' });
    const { thread, events } = sim.ok({ kind: 'visitorArrives' });
    expect(thread.status).toBe('QUEUING');
    expect(events.map((e) => e.type)).toEqual(['thread_status_changed', 'unread_message_count']);
    expect(events[0]).toMatchObject({ data: { action: 'queue' } });
  });
});

describe('a visitor arrives while the agent is OFFLINE', () => {
  it('is routed elsewhere: the thread comes back OFFLINE, is not listed, and nothing is emitted', () => {
    const sim = new Sim({ scenario: 'demo' });
    sim.step({ kind: 'command', command: { type: 'update_agent_status_offline' } });
    const before = sim.state.threads;
    const { thread, events, error } = sim.step({ kind: 'visitorArrives', content: '有人吗' });
    expect(error).toBeUndefined();
    expect(thread?.status).toBe('OFFLINE');
    expect(thread?.content).toBe('有人吗');
    expect(sim.thread(thread!.uid)).toBeUndefined();
    expect(sim.state.threads).toEqual(before);
    expect(events).toEqual([]);
  });

  it('autopilot brings no visitor to an OFFLINE agent', () => {
    const sim = new Sim();
    sim.step({ kind: 'setStatus', status: 'OFFLINE' });
    for (let i = 0; i < 100; i++) sim.step({ kind: 'autopilot' });
    expect(sim.threads().filter((t) => t.type === 'AGENT' || t.type === 'WORKGROUP')).toEqual([]);
    expect(sim.events.filter((e) => e.type === 'new_visitor_message')).toEqual([]);
  });
});

describe('accepting a queued visitor', () => {
  it('moves QUEUING → CHATTING with action accept and greets the visitor', () => {
    const sim = new Sim({ scenario: 'busy-queue' });
    const queued = sim.byStatus('QUEUING')[0]!;
    const { thread, events } = sim.ok({ kind: 'acceptThread', threadUid: queued.uid });
    expect(thread).toMatchObject({ uid: queued.uid, status: 'CHATTING', updatedAt: '2025-01-15 12:00:01' });
    expect(events[0]).toEqual({ type: 'thread_status_changed', data: { thread, action: 'accept' } });
    expect(sim.state.messages[queued.uid]?.at(-1)).toMatchObject({ from: 'agent', content: AGENT_GREETING });
    expect(sim.byStatus('QUEUING')).toHaveLength(2);
  });

  it('refuses a thread that is not queued, changing nothing', () => {
    const sim = new Sim({ scenario: 'busy-queue' });
    const chatting = sim.byStatus('CHATTING')[0]!;
    const before = sim.state;
    const result = sim.step({ kind: 'acceptThread', threadUid: chatting.uid });
    expect(result).toEqual({
      state: before,
      events: [],
      error: `acceptThread: thread ${chatting.uid} is CHATTING, not QUEUING`,
    });
    expect(result.state).toBe(before);
  });

  it('refuses an unknown thread', () => {
    const sim = new Sim();
    expect(sim.step({ kind: 'acceptThread', threadUid: '404' }).error).toBe('acceptThread: unknown threadUid "404"');
  });
});

describe('idle threads close by themselves', () => {
  it('a tick after IDLE_CLOSE_MS of silence auto-closes CHATTING and QUEUING visitor threads only', () => {
    const sim = new Sim({ scenario: 'busy-queue' });
    sim.ok({ kind: 'colleagueSends' });
    const open = sim.threads().filter((t) => t.status !== 'CLOSED');
    sim.step({ kind: 'tick' }, IDLE_CLOSE_MS);
    const actions = sim.events.flatMap((e) => (e.type === 'thread_status_changed' ? [e.data] : []));
    const closed = actions.filter((a) => a.action === 'auto_close').map((a) => a.thread.uid);
    expect(closed.sort()).toEqual(
      open
        .filter((t) => t.type !== 'MEMBER')
        .map((t) => t.uid)
        .sort(),
    );
    expect(sim.threads().find((t) => t.type === 'MEMBER')?.status).toBe('CHATTING');
  });

  it('a tick before the timeout closes nothing, and a message restarts the clock', () => {
    const sim = new Sim();
    const { thread } = sim.ok({ kind: 'visitorArrives' });
    expect(sim.step({ kind: 'tick' }, IDLE_CLOSE_MS - 2000).events).toEqual([]);
    sim.ok({ kind: 'visitorSends', threadUid: thread.uid, content: '还在吗' });
    expect(sim.step({ kind: 'tick' }, IDLE_CLOSE_MS - 1000).events).toEqual([]);
    const { events } = sim.step({ kind: 'tick' }, 1000);
    expect(events[0]).toMatchObject({
      type: 'thread_status_changed',
      data: { action: 'auto_close', thread: { uid: thread.uid, status: 'CLOSED', content: '已自动关闭' } },
    });
    expect(unreadEvents(events)).toEqual([{ totalUnreadCount: 0, unreadThreads: [] }]);
  });
});

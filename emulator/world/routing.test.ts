import { describe, expect, it } from 'vitest';
import { Sim, unreadEvents } from '../../test-support/world-kit';
import { AGENT_GREETING, OFFLINE_TEXT, PROVINCES, QUEUE_TEXT, WELCOME_TEXT, WORKGROUP_NAMES } from './content';
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
      user: { uid: expect.stringMatching(/^[1-9]\d{15}$/), type: 'VISITOR', extra: null },
      // The server writes its welcome text into the routed thread (S13); the visitor's line is unread (S14).
      content: WELCOME_TEXT,
      createdAt: '2025-01-15 12:00:01',
      unreadCount: 1,
      unread: true,
    });
    expect(sim.state.messages[thread.uid]?.map((m) => [m.from, m.content])).toEqual([
      ['visitor', '怎么申请退款？'],
      ['agent', WELCOME_TEXT],
    ]);
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
    // fastjson2 writes keys in alphabetical order (S25).
    expect(Object.keys(JSON.parse(thread.agent))).toEqual(['avatar', 'nickname', 'type', 'uid']);
    expect(thread.agentProtobuf).toEqual({ ...JSON.parse(thread.agent), extra: null });
    expect(thread.workgroup).toBe('{}');
    expect(thread.workgroupProtobuf).toEqual({ uid: null, nickname: null, avatar: null, type: 'USER', extra: null });
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

describe('a visitor arrives while the agent is full, BUSY or resting', () => {
  it('AVAILABLE with maxThreadCount (10) CHATTING: queued with the queue text, not unread, no new_visitor_message', () => {
    const sim = new Sim();
    expect(sim.state.agent.maxThreadCount).toBe(10);
    fill(sim, 10);
    expect(sim.byStatus('CHATTING')).toHaveLength(10);
    const { thread, events } = sim.ok({ kind: 'visitorArrives' });
    expect(thread).toMatchObject({ status: 'QUEUING', content: QUEUE_TEXT, unreadCount: 1 });
    // The queue has its own count (E3): the unread total does not move, so no unread event either.
    expect(events).toEqual([{ type: 'thread_status_changed', data: { thread, action: 'queue' } }]);
    expect(sim.thread(thread.uid)?.status).toBe('QUEUING');
  });

  it("answers a queued visitor with the queue text as an unnamed system message, not as the agent's", () => {
    const sim = new Sim();
    fill(sim, 10);
    const { thread } = sim.ok({ kind: 'visitorArrives', content: '有人吗？' });
    expect(sim.state.messages[thread.uid]?.map(({ from, nickname, content }) => ({ from, nickname, content }))).toEqual(
      [
        { from: 'visitor', nickname: thread.user.nickname, content: '有人吗？' },
        { from: 'system', nickname: '', content: QUEUE_TEXT },
      ],
    );
  });

  it('MEMBER and GROUP threads do not take the agent’s visitor slots', () => {
    const sim = new Sim();
    fill(sim, 9);
    sim.ok({ kind: 'colleagueSends' });
    sim.ok({ kind: 'groupSends' });
    expect(sim.byStatus('CHATTING')).toHaveLength(11);
    expect(sim.ok({ kind: 'visitorArrives' }).thread.status).toBe('CHATTING');
    expect(sim.ok({ kind: 'visitorArrives' }).thread.status).toBe('QUEUING');
  });

  it('a closed thread frees its slot', () => {
    const sim = new Sim();
    fill(sim, 10);
    sim.ok({ kind: 'closeThread', threadUid: sim.byStatus('CHATTING')[0]!.uid });
    expect(sim.ok({ kind: 'visitorArrives' }).thread.status).toBe('CHATTING');
  });

  it.each(['BUSY', 'REST'] as const)('%s with room: not accepting, the visitor leaves a message (R3)', (status) => {
    const sim = new Sim();
    sim.step({ kind: 'setStatus', status });
    const before = sim.state.threads;
    const { thread, events } = sim.ok({ kind: 'visitorArrives' });
    expect(thread).toMatchObject({ status: 'OFFLINE', content: OFFLINE_TEXT, owner: null });
    expect(sim.state.threads).toEqual(before);
    expect(events).toEqual([]);
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
    expect(thread?.content).toBe(OFFLINE_TEXT);
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
    // A closed thread keeps its unread count (R7): the total does not move, so no unread event.
    expect(sim.thread(thread.uid)?.unreadCount).toBe(2);
    expect(unreadEvents(events)).toEqual([]);
  });
});

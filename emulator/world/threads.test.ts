import { describe, expect, it } from 'vitest';
import type { Thread } from '../../protocol';
import { Sim, unreadEvents } from '../../test-support/world-kit';
import { CLOSED_AUTOMATICALLY, CLOSED_BY_AGENT, COLLEAGUE_NAMES, GROUP_NAMES } from './content';
import { compareThreads, sortThreads } from './order';
import { HISTORY_LIMIT } from './tx';

/** A world with two CHATTING visitor threads, each with one unread message. */
function twoVisitors() {
  const sim = new Sim();
  const a = sim.ok({ kind: 'visitorArrives', type: 'AGENT' }).thread;
  const b = sim.ok({ kind: 'visitorArrives', type: 'WORKGROUP' }).thread;
  return { sim, a, b };
}

describe('closing a thread', () => {
  it('by the agent: action close, status CLOSED, unread kept (R7), stays in the list', () => {
    const { sim, a } = twoVisitors();
    sim.ok({ kind: 'visitorSends', threadUid: a.uid, content: '?' });
    const { thread, events } = sim.ok({ kind: 'closeThread', threadUid: a.uid });
    expect(thread).toMatchObject({
      uid: a.uid,
      status: 'CLOSED',
      unreadCount: 2,
      unread: true,
      content: CLOSED_BY_AGENT,
    });
    // The counts did not change, so there is nothing to announce.
    expect(events).toEqual([{ type: 'thread_status_changed', data: { thread, action: 'close' } }]);
    expect(sim.thread(a.uid)).toEqual(thread);
    expect(sim.state.messages[a.uid]?.at(-1)).toMatchObject({ from: 'system', content: CLOSED_BY_AGENT });
  });

  it('automatically: action auto_close', () => {
    const { sim, a } = twoVisitors();
    const { thread, events } = sim.ok({ kind: 'closeThread', threadUid: a.uid, auto: true });
    expect(thread).toMatchObject({ status: 'CLOSED', content: CLOSED_AUTOMATICALLY, unreadCount: 1, autoClose: true });
    expect(events[0]).toMatchObject({ type: 'thread_status_changed', data: { action: 'auto_close' } });
  });

  it('a closed thread is read by opening it or by clear_unread_count', () => {
    const { sim, a, b } = twoVisitors();
    sim.ok({ kind: 'closeThread', threadUid: a.uid });
    sim.ok({ kind: 'closeThread', threadUid: b.uid });
    const opened = sim.step({ kind: 'openThread', threadUid: a.uid });
    expect(unreadEvents(opened.events)).toEqual([{ totalUnreadCount: 1, unreadThreads: [sim.thread(b.uid)] }]);
    const cleared = sim.step({ kind: 'command', command: { type: 'clear_unread_count', data: { threadUid: b.uid } } });
    expect(unreadEvents(cleared.events)).toEqual([{ totalUnreadCount: 0, unreadThreads: [] }]);
  });

  it('a queued visitor can be closed too', () => {
    const sim = new Sim({ scenario: 'busy-queue' });
    const queued = sim.byStatus('QUEUING')[0]!;
    expect(sim.ok({ kind: 'closeThread', threadUid: queued.uid }).thread.status).toBe('CLOSED');
  });

  it('refuses a thread that is already CLOSED, and an unknown one', () => {
    const { sim, a } = twoVisitors();
    sim.ok({ kind: 'closeThread', threadUid: a.uid });
    const before = sim.state;
    const again = sim.step({ kind: 'closeThread', threadUid: a.uid });
    expect(again).toEqual({ state: before, events: [], error: `closeThread: thread ${a.uid} is already CLOSED` });
    expect(sim.step({ kind: 'closeThread', threadUid: 'x' }).error).toBe('closeThread: unknown threadUid "x"');
  });
});

describe('transferring a thread', () => {
  it('hands it to a colleague: it leaves the list with action transfer, and its unread goes with it', () => {
    const { sim, a, b } = twoVisitors();
    sim.ok({ kind: 'openThread', threadUid: a.uid });
    const { thread, events } = sim.ok({ kind: 'transferThread', threadUid: a.uid });
    expect(thread.uid).toBe(a.uid);
    expect(events[0]).toEqual({ type: 'thread_status_changed', data: { thread, action: 'transfer' } });
    expect(sim.thread(a.uid)).toBeUndefined();
    expect(sim.state.messages[a.uid]).toBeUndefined();
    expect(sim.state.lastActivity[a.uid]).toBeUndefined();
    expect(sim.state.openThreadUid).toBeNull();
    expect(sim.threads().map((t) => t.uid)).toEqual([b.uid]);
  });

  it('emits the new unread totals when the transferred thread had unread messages', () => {
    const { sim, a, b } = twoVisitors();
    const { events } = sim.ok({ kind: 'transferThread', threadUid: a.uid });
    expect(unreadEvents(events)).toEqual([{ totalUnreadCount: 1, unreadThreads: [sim.thread(b.uid)] }]);
  });

  it('refuses anything but a CHATTING visitor thread', () => {
    const sim = new Sim({ scenario: 'busy-queue' });
    const queued = sim.byStatus('QUEUING')[0]!;
    expect(sim.step({ kind: 'transferThread', threadUid: queued.uid }).error).toBe(
      `transferThread: only a CHATTING visitor thread can be transferred; ${queued.uid} is ${queued.type} QUEUING`,
    );
    const member = sim.ok({ kind: 'colleagueSends' }).thread;
    expect(sim.step({ kind: 'transferThread', threadUid: member.uid }).error).toBe(
      `transferThread: only a CHATTING visitor thread can be transferred; ${member.uid} is MEMBER CHATTING`,
    );
  });
});

describe('colleagues and groups', () => {
  it('a colleague’s message makes a MEMBER thread: unread +1, no new_visitor_message', () => {
    const sim = new Sim();
    const { thread, events } = sim.ok({ kind: 'colleagueSends', content: '收到' });
    const selfMemberUid = sim.state.agent.member.uid;
    expect(thread).toMatchObject({ type: 'MEMBER', status: 'CHATTING', content: '收到', unreadCount: 1, unread: true });
    expect(thread.user.type).toBe('MEMBER');
    expect(COLLEAGUE_NAMES).toContain(thread.user.nickname);
    // org/member/{selfMemberUid}/{otherMemberUid} (S6): the agent's own member uid first.
    expect(thread.topic).toBe(`org/member/${selfMemberUid}/${thread.user.uid}`);
    expect(thread.agent).toBe('{}');
    expect(events.map((e) => e.type)).toEqual(['unread_message_count']);
  });

  it('the same colleague writes into the same thread', () => {
    const sim = new Sim();
    const first = sim.ok({ kind: 'colleagueSends', nickname: '张伟' }).thread;
    const second = sim.ok({ kind: 'colleagueSends', nickname: '张伟' }).thread;
    expect(second.uid).toBe(first.uid);
    expect(second.unreadCount).toBe(2);
    expect(sim.threads()).toHaveLength(1);
  });

  it('a new colleague name joins the colleagues', () => {
    const sim = new Sim();
    const { thread } = sim.ok({ kind: 'colleagueSends', nickname: '赵六' });
    expect(thread.user.nickname).toBe('赵六');
    expect(sim.state.colleagues.map((c) => c.nickname)).toContain('赵六');
  });

  it('a group message makes a GROUP thread, prefixed with the speaker, unread +1', () => {
    const sim = new Sim();
    const { thread, events } = sim.ok({ kind: 'groupSends', content: '下午三点开会' });
    expect(thread).toMatchObject({ type: 'GROUP', unreadCount: 1, unread: true });
    // UserTypeEnum has no GROUP (U2); group chats come through channel SYSTEM (R10).
    expect(thread.user.type).toBe('USER');
    expect(thread.channel).toBe('SYSTEM');
    expect(GROUP_NAMES).toContain(thread.user.nickname);
    expect(thread.topic).toBe(`org/group/${thread.user.uid}`);
    expect(thread.content).toMatch(/^(张伟|李娜|王芳|刘洋): 下午三点开会$/);
    expect(events.map((e) => e.type)).toEqual(['unread_message_count']);
  });
});

describe('visitors talking', () => {
  it('a message adds one unread and updates the preview and time', () => {
    const { sim, a } = twoVisitors();
    const { thread, events } = sim.ok({ kind: 'visitorSends', threadUid: a.uid, content: '多久能到货？' });
    expect(thread).toMatchObject({
      unreadCount: 2,
      unread: true,
      content: '多久能到货？',
      updatedAt: '2025-01-15 12:00:03',
    });
    expect(unreadEvents(events)[0]?.totalUnreadCount).toBe(3);
    expect(events.map((e) => e.type)).toEqual(['unread_message_count']);
  });

  it('a message into the open thread stays read: count 0 and no unread event', () => {
    const { sim, a } = twoVisitors();
    sim.ok({ kind: 'openThread', threadUid: a.uid });
    const { thread, events } = sim.ok({ kind: 'visitorSends', threadUid: a.uid, content: '在吗' });
    expect(thread).toMatchObject({ unreadCount: 0, unread: false, content: '在吗' });
    expect(events).toEqual([]);
  });

  it('a queued visitor’s messages count as unread', () => {
    const sim = new Sim({ scenario: 'busy-queue' });
    const queued = sim.byStatus('QUEUING')[0]!;
    expect(sim.ok({ kind: 'visitorSends', threadUid: queued.uid, content: '排队好久' }).thread.unreadCount).toBe(2);
  });

  it('refuses a CLOSED thread, a colleague thread and an unknown uid', () => {
    const { sim, a } = twoVisitors();
    sim.ok({ kind: 'closeThread', threadUid: a.uid });
    expect(sim.step({ kind: 'visitorSends', threadUid: a.uid, content: '?' }).error).toBe(
      `visitorSends: thread ${a.uid} is CLOSED`,
    );
    const member = sim.ok({ kind: 'colleagueSends' }).thread;
    expect(sim.step({ kind: 'visitorSends', threadUid: member.uid, content: '?' }).error).toBe(
      `visitorSends: thread ${member.uid} is a MEMBER thread, not a visitor's`,
    );
    expect(sim.step({ kind: 'visitorSends', threadUid: 'nope', content: '?' }).error).toBe(
      'visitorSends: unknown threadUid "nope"',
    );
  });

  it('keeps at most HISTORY_LIMIT messages per thread, dropping the oldest', () => {
    const { sim, a } = twoVisitors();
    const inputs = Array.from({ length: HISTORY_LIMIT + 10 }, (_, i) => ({
      kind: 'visitorSends' as const,
      threadUid: a.uid,
      content: `m${i}`,
    }));
    sim.ok({ kind: 'batch', inputs });
    const history = sim.state.messages[a.uid]!;
    expect(history).toHaveLength(HISTORY_LIMIT);
    expect(history.at(-1)?.content).toBe(`m${HISTORY_LIMIT + 9}`);
    expect(history[0]?.content).toBe('m10');
  });
});

describe('the agent opens and answers threads', () => {
  it('opening a thread zeroes its unread and emits the new totals', () => {
    const { sim, a, b } = twoVisitors();
    const { thread, events } = sim.ok({ kind: 'openThread', threadUid: a.uid });
    expect(thread).toMatchObject({ uid: a.uid, unreadCount: 0, unread: false });
    expect(sim.state.openThreadUid).toBe(a.uid);
    expect(unreadEvents(events)).toEqual([{ totalUnreadCount: 1, unreadThreads: [sim.thread(b.uid)] }]);
  });

  it('closing the pane (openThread null) opens nothing and emits nothing', () => {
    const { sim, a } = twoVisitors();
    sim.ok({ kind: 'openThread', threadUid: a.uid });
    expect(sim.step({ kind: 'openThread', threadUid: null })).toMatchObject({ events: [] });
    expect(sim.state.openThreadUid).toBeNull();
    expect(sim.ok({ kind: 'visitorSends', threadUid: a.uid, content: '?' }).thread.unreadCount).toBe(1);
  });

  it('opening an unknown thread is refused', () => {
    const sim = new Sim();
    expect(sim.step({ kind: 'openThread', threadUid: 'ghost' }).error).toBe('openThread: unknown threadUid "ghost"');
    expect(sim.state.openThreadUid).toBeNull();
  });

  it('a reply updates the preview and leaves unread alone: no event', () => {
    const { sim, a } = twoVisitors();
    const { thread, events } = sim.ok({ kind: 'reply', threadUid: a.uid, content: '您好' });
    expect(thread).toMatchObject({ content: '您好', unreadCount: 1 });
    expect(events).toEqual([]);
    expect(sim.state.messages[a.uid]?.at(-1)).toMatchObject({ from: 'agent', nickname: 'SuperAdmin', content: '您好' });
  });

  it('a reply to a queued or closed thread is refused, changing nothing', () => {
    const sim = new Sim({ scenario: 'busy-queue' });
    const queued = sim.byStatus('QUEUING')[0]!;
    const closed = sim.ok({ kind: 'closeThread', threadUid: sim.byStatus('CHATTING')[0]!.uid }).thread;
    for (const thread of [queued, closed]) {
      const before = sim.state;
      const { error, events, state } = sim.step({ kind: 'reply', threadUid: thread.uid, content: 'hi' });
      expect(error).toBe(`reply: thread ${thread.uid} is ${thread.status}; accept it first`);
      expect(events).toEqual([]);
      expect(state).toBe(before);
    }
    expect([queued.status, closed.status]).toEqual(['QUEUING', 'CLOSED']);
  });
});

describe('agent status', () => {
  it.each([
    [{ kind: 'setStatus', status: 'BUSY' }, 'BUSY'],
    [{ kind: 'command', command: { type: 'update_agent_status', data: { status: 'OFFLINE' } } }, 'OFFLINE'],
    [{ kind: 'command', command: { type: 'update_agent_status_busy' } }, 'BUSY'],
    [{ kind: 'command', command: { type: 'update_agent_status_offline' } }, 'OFFLINE'],
    [{ kind: 'command', command: { type: 'update_agent_status_available' } }, 'AVAILABLE'],
  ] as const)('%j emits exactly one agent_status_changed with %s', (input, status) => {
    const sim = new Sim({ scenario: 'demo' });
    const { events, error } = sim.step(input);
    expect(error).toBeUndefined();
    expect(events).toEqual([{ type: 'agent_status_changed', data: { status, agentInfo: sim.state.agent } }]);
    expect(sim.state.agent).toMatchObject({ status, updatedAt: '2025-01-15 12:00:01' });
  });

  it('emits even when the status is already that value: it is the host’s acknowledgement', () => {
    const sim = new Sim();
    expect(sim.state.agent.status).toBe('AVAILABLE');
    const first = sim.step({ kind: 'setStatus', status: 'AVAILABLE' }).events;
    const second = sim.step({ kind: 'command', command: { type: 'update_agent_status_available' } }).events;
    expect([first, second].map((events) => events.map((e) => e.type))).toEqual([
      ['agent_status_changed'],
      ['agent_status_changed'],
    ]);
  });
});

describe('list order', () => {
  const base = new Sim().ok({ kind: 'visitorArrives' }).thread;
  const t = (uid: string, patch: Partial<Thread>): Thread => ({ ...base, uid, ...patch });

  it('pinned first, then starred, then most recent, uid breaking ties', () => {
    const threads = [
      t('5', { updatedAt: '2025-01-15 12:00:00' }),
      t('2', { updatedAt: '2025-01-15 12:05:00' }),
      t('3', { star: 1, updatedAt: '2025-01-14 09:00:00' }),
      t('4', { top: true, updatedAt: '2025-01-01 00:00:00' }),
      t('1', { updatedAt: '2025-01-15 12:00:00' }),
      t('6', { star: 2, updatedAt: '2025-01-01 00:00:00' }),
    ];
    // The tie ('1' and '5', same time) arrives out of uid order, in both directions, so only the uid can order it.
    expect(sortThreads([...threads]).map((x) => x.uid)).toEqual(['4', '6', '3', '2', '1', '5']);
    expect(sortThreads([...threads].reverse()).map((x) => x.uid)).toEqual(['4', '6', '3', '2', '1', '5']);
    const [five, , , , one] = threads;
    expect([compareThreads(one!, five!), compareThreads(five!, one!), compareThreads(one!, one!)]).toEqual([-1, 1, 0]);
  });

  it('unreadThreads in events come in list order', () => {
    const { sim, a, b } = twoVisitors();
    const { events } = sim.ok({ kind: 'visitorSends', threadUid: a.uid, content: 'later' });
    expect(unreadEvents(events)[0]?.unreadThreads.map((x) => x.uid)).toEqual([a.uid, b.uid]);
  });
});

import { describe, expect, it } from 'vitest';
import { Sim, unreadEvents } from '../../test-support/world-kit';
import type { Input } from './types';
import { type UnreadSummary, unreadSignature, unreadSummary } from './unread';

const clear = (threadUid: string): Input => ({
  kind: 'command',
  command: { type: 'clear_unread_count', data: { threadUid } },
});
const refresh: Input = { kind: 'command', command: { type: 'refresh_threads' } };

describe('unreadSummary', () => {
  it('lists exactly the threads with unread, in list order, and sums their counts', () => {
    const sim = new Sim({ scenario: 'demo' });
    const summary = unreadSummary(sim.state);
    const expected = sim.threads().filter((t) => t.unreadCount > 0);
    expect(summary.unreadThreads.map((t) => t.uid).sort()).toEqual(expected.map((t) => t.uid).sort());
    expect(summary.totalUnreadCount).toBe(expected.reduce((n, t) => n + t.unreadCount, 0));
    expect(summary.totalUnreadCount).toBeGreaterThan(0);
    const times = summary.unreadThreads.map((t) => t.updatedAt);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('the signature ignores list order: the same counts in another order are the same value', () => {
    const { unreadThreads, totalUnreadCount } = unreadSummary(new Sim({ scenario: 'demo' }).state);
    const reversed = { totalUnreadCount, unreadThreads: [...unreadThreads].reverse() };
    expect(unreadSignature(reversed)).toBe(unreadSignature({ totalUnreadCount, unreadThreads }));
    const changed = {
      totalUnreadCount,
      unreadThreads: [{ ...unreadThreads[0]!, uid: '1' }, ...unreadThreads.slice(1)],
    };
    expect(unreadSignature(changed)).not.toBe(unreadSignature({ totalUnreadCount, unreadThreads }));
  });
});

describe('clear_unread_count', () => {
  it('zeroes a known thread and emits the new totals', () => {
    const sim = new Sim({ scenario: 'demo' });
    const [first, ...others] = unreadSummary(sim.state).unreadThreads;
    const { thread, events, error } = sim.step(clear(first!.uid));
    expect(error).toBeUndefined();
    expect(thread).toMatchObject({ uid: first!.uid, unreadCount: 0, unread: false });
    expect(events).toEqual([
      {
        type: 'unread_message_count',
        data: {
          totalUnreadCount: others.reduce((n, t) => n + t.unreadCount, 0),
          unreadThreads: others,
        },
      },
    ]);
  });

  it('an unknown uid changes nothing, emits nothing and says why', () => {
    const sim = new Sim({ scenario: 'demo' });
    const before = sim.state;
    const result = sim.step(clear('1838275102935040'));
    expect(result.error).toBe('clear_unread_count: unknown threadUid "1838275102935040"');
    expect(result.events).toEqual([]);
    expect(result.state).toBe(before);
  });

  it('uids that name Object.prototype members are unknown, not found', () => {
    const sim = new Sim({ scenario: 'demo' });
    for (const uid of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(sim.step(clear(uid)).error).toBe(`clear_unread_count: unknown threadUid "${uid}"`);
    }
  });

  it('a thread already read: nothing to announce', () => {
    const sim = new Sim({ scenario: 'demo' });
    const read = sim.threads()[0]!;
    sim.step(clear(read.uid));
    const result = sim.step(clear(read.uid));
    expect(result.error).toBeUndefined();
    expect(result.events).toEqual([]);
  });
});

describe('refresh_threads', () => {
  it('always emits unread_message_count, even twice in a row with nothing changed', () => {
    const sim = new Sim({ scenario: 'demo' });
    const expected = unreadSummary(sim.state);
    const first = sim.step(refresh);
    const second = sim.step(refresh);
    expect(first.events).toEqual([{ type: 'unread_message_count', data: expected }]);
    expect(second.events).toEqual(first.events);
  });

  it('announces an empty world as zero', () => {
    const sim = new Sim({ scenario: 'empty', sync: false });
    expect(sim.step(refresh).events).toEqual([
      { type: 'unread_message_count', data: { totalUnreadCount: 0, unreadThreads: [] } },
    ]);
  });
});

describe('coalescing', () => {
  it('a batch of many visitor messages emits ONE unread_message_count with the final totals', () => {
    const sim = new Sim({ scenario: 'busy-queue' });
    const uids = sim.threads().map((t) => t.uid);
    const inputs: Input[] = Array.from({ length: 500 }, (_, i) => ({
      kind: 'visitorSends',
      threadUid: uids[i % uids.length]!,
      content: `#${i}`,
    }));
    // Queued visitors' messages wait in the queue's own count (E3): only the chatting threads' add up.
    const counted = new Set(
      sim
        .threads()
        .filter((t) => t.status !== 'QUEUING')
        .map((t) => t.uid),
    );
    const countedMessages = inputs.filter((i) => i.kind === 'visitorSends' && counted.has(i.threadUid)).length;
    const { events } = sim.step({ kind: 'batch', inputs });
    expect(events.map((e) => e.type)).toEqual(['unread_message_count']);
    expect(unreadEvents(events)[0]).toEqual(unreadSummary(sim.state));
    expect(unreadEvents(events)[0]?.totalUnreadCount).toBe(counted.size + countedMessages);
    expect(counted.size).toBe(5);
  });

  it('a batch with arrivals keeps each new_visitor_message but still one unread event, last', () => {
    const sim = new Sim();
    const { events } = sim.step({
      kind: 'batch',
      inputs: [{ kind: 'visitorArrives' }, { kind: 'visitorArrives' }, { kind: 'colleagueSends' }],
    });
    expect(events.map((e) => e.type)).toEqual(['new_visitor_message', 'new_visitor_message', 'unread_message_count']);
    expect(unreadEvents(events)[0]?.totalUnreadCount).toBe(3);
  });

  it('a refused input inside a batch refuses the whole batch', () => {
    const sim = new Sim();
    const before = sim.state;
    const result = sim.step({ kind: 'batch', inputs: [{ kind: 'visitorArrives' }, clear('nope')] });
    expect(result).toEqual({ state: before, events: [], error: 'clear_unread_count: unknown threadUid "nope"' });
  });

  it('changes that cancel out within one step emit nothing', () => {
    const sim = new Sim();
    const { thread } = sim.ok({ kind: 'visitorArrives' });
    sim.ok(clear(thread.uid));
    const result = sim.ok({
      kind: 'batch',
      inputs: [{ kind: 'visitorSends', threadUid: thread.uid, content: 'x' }, clear(thread.uid)],
    });
    expect(sim.state.messages[thread.uid]?.at(-1)?.content).toBe('x');
    expect(result.events).toEqual([]);
  });
});

describe('no unread event when the counts do not change', () => {
  it('a reply', () => {
    const sim = new Sim({ scenario: 'demo' });
    const chatting = sim.byStatus('CHATTING').find((t) => t.type === 'AGENT' || t.type === 'WORKGROUP')!;
    expect(sim.step({ kind: 'reply', threadUid: chatting.uid, content: '好的' }).events).toEqual([]);
  });

  it('a reply that moves an unread thread to the top of the list', () => {
    const sim = new Sim({ scenario: 'demo' });
    const unread = unreadSummary(sim.state).unreadThreads;
    // Closed threads keep their unread count (R7) but take no reply: the oldest open one.
    const oldest = unread.filter((t) => t.status !== 'CLOSED').at(-1)!;
    expect(oldest.uid).not.toBe(unread[0]!.uid);
    const { events } = sim.step({ kind: 'reply', threadUid: oldest.uid, content: '稍等' });
    expect(unreadSummary(sim.state).unreadThreads[0]?.uid).toBe(oldest.uid);
    expect(events).toEqual([]);
  });

  it('but accepting a queued visitor brings its waiting message into the total (E3)', () => {
    const sim = new Sim({ scenario: 'busy-queue' });
    const before = unreadSummary(sim.state).totalUnreadCount;
    const oldestQueued = sim.byStatus('QUEUING').sort((a, b) => a.updatedAt.localeCompare(b.updatedAt))[0]!;
    const { events } = sim.step({ kind: 'acceptThread', threadUid: oldestQueued.uid });
    expect(events.map((e) => e.type)).toEqual(['thread_status_changed', 'unread_message_count']);
    expect(unreadEvents(events)[0]?.totalUnreadCount).toBe(before + oldestQueued.unreadCount);
  });

  it('a status change or a tick with nothing idle', () => {
    const sim = new Sim({ scenario: 'demo' });
    expect(sim.step({ kind: 'setStatus', status: 'BUSY' }).events.map((e) => e.type)).toEqual(['agent_status_changed']);
    // A refused tick would also emit nothing: the tick must be accepted (the demo has CLOSED threads to skip).
    const tick = sim.step({ kind: 'tick' });
    expect(tick.error).toBeUndefined();
    expect(tick.events).toEqual([]);
  });
});

describe('consecutive unread values are never identical, except after a sync', () => {
  it('over a long lively run, each posted value differs from the one before unless it answered a refresh', () => {
    const sim = new Sim({ scenario: 'flood', seed: 11 });
    const countsKey = (value: UnreadSummary) =>
      JSON.stringify([value.totalUnreadCount, value.unreadThreads.map((t) => [t.uid, t.unreadCount]).sort()]);
    let last = countsKey(unreadEvents(sim.events).at(-1)!);
    let posted = 0;
    for (let i = 0; i < 400; i++) {
      const input: Input =
        i % 50 === 49
          ? refresh
          : i % 7 === 3
            ? { kind: 'openThread', threadUid: sim.threads()[i % sim.threads().length]!.uid }
            : { kind: 'autopilot' };
      const values = unreadEvents(sim.step(input, 30_000).events);
      expect(values.length).toBeLessThanOrEqual(1);
      for (const value of values) {
        const signature = countsKey(value);
        if (input !== refresh) expect(signature).not.toBe(last);
        last = signature;
        posted++;
      }
      if (input === refresh) expect(values).toHaveLength(1);
    }
    expect(posted).toBeGreaterThan(50);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { type OutgoingEvent, ThreadSchema } from '../../protocol';
import { T0, testRuntime } from '../../test-support/test-runtime';
import { invariantProblems } from '../../test-support/world-kit';
import { compareThreads, IDLE_CLOSE_MS, type ScenarioName } from '../world';
import { WELCOME_TEXT } from '../world/content';
import { type Clock, realClock } from './clock';
import type { Runtime } from './runtime';
import { createTestApi } from './testApi';

const running: Runtime[] = [];
afterEach(() => {
  for (const runtime of running.splice(0)) runtime.stop();
});

function setup(scenario: ScenarioName = 'demo', opts: { clock?: Clock; framed?: boolean; query?: string } = {}) {
  const runtime = testRuntime({ query: opts.query, params: { scenario }, clock: opts.clock });
  running.push(runtime);
  const events: OutgoingEvent[] = [];
  runtime.onEvents((batch) => events.push(...batch));
  runtime.start();
  events.splice(0);
  return { runtime, api: createTestApi(runtime, opts.framed ?? true), events };
}

const isPlainJson = (value: unknown) => expect(JSON.parse(JSON.stringify(value))).toEqual(value);

describe('testApi.state', () => {
  it('is a plain JSON snapshot: agent, every listed thread, totalUnreadCount', () => {
    const { api, runtime } = setup('demo');
    const state = api.state();
    isPlainJson(state);
    expect(Object.keys(state).sort()).toEqual(['agent', 'threads', 'totalUnreadCount']);
    expect(state.agent).toEqual(runtime.world.peek().agent);
    expect(state.threads).toHaveLength(Object.keys(runtime.world.peek().threads).length);
    for (const thread of state.threads) expect(ThreadSchema.safeParse(thread).success).toBe(true);
  });

  it('includes closed and queued threads, each with its status', () => {
    expect(
      setup('demo')
        .api.state()
        .threads.some((t) => t.status === 'CLOSED'),
    ).toBe(true);
    expect(
      setup('busy-queue')
        .api.state()
        .threads.some((t) => t.status === 'QUEUING'),
    ).toBe(true);
  });

  it('sorts the threads like the list: pinned, starred, then most recent', () => {
    const { api } = setup('busy-queue');
    api.colleagueSends({ content: 'newest' });
    const { threads } = api.state();
    expect(threads.length).toBeGreaterThan(2);
    expect(threads).toEqual([...threads].sort(compareThreads));
    expect(threads[0]?.content).toBe('newest');
  });

  it('totalUnreadCount is the sum of the unread counts', () => {
    const { api } = setup('demo');
    const state = api.state();
    expect(state.totalUnreadCount).toBe(state.threads.reduce((n, t) => n + t.unreadCount, 0));
    expect(state.totalUnreadCount).toBeGreaterThan(0);
  });

  it('is a copy: changing it does not change the world', () => {
    const { api, runtime } = setup('demo');
    const state = api.state();
    const first = state.threads[0];
    if (!first) throw new Error('demo has threads');
    first.unreadCount = 999;
    state.agent.status = 'OFFLINE';
    expect(runtime.world.peek().threads[first.uid]?.unreadCount).not.toBe(999);
    expect(runtime.world.peek().agent.status).toBe('AVAILABLE');
  });

  it('an empty world has no threads and nothing unread', () => {
    expect(setup('empty').api.state()).toMatchObject({ threads: [], totalUnreadCount: 0 });
  });
});

describe('testApi: simulated people', () => {
  it('visitorArrives routes like a real visitor and returns the thread as a plain copy', () => {
    const { api, events } = setup('empty');
    const thread = api.visitorArrives({ nickname: 'Alice', content: '你好', type: 'AGENT' });
    isPlainJson(thread);
    // The preview is the server's welcome text (S13); the visitor's line is the unread message.
    expect(thread).toMatchObject({ type: 'AGENT', status: 'CHATTING', content: WELCOME_TEXT, unreadCount: 1 });
    expect(thread.user.nickname).toBe('Alice');
    expect(events.map((e) => e.type)).toEqual(['new_visitor_message', 'unread_message_count']);
    expect(api.state().threads.map((t) => t.uid)).toEqual([thread.uid]);
  });

  it('visitorArrives leaves a message when the agent is busy: BUSY is not accepting (R3)', async () => {
    const { api } = setup('empty');
    await api.setStatus('BUSY');
    expect(api.visitorArrives({ type: 'WORKGROUP' }).status).toBe('OFFLINE');
    expect(api.state().threads).toEqual([]);
  });

  it.each([['ROBOT'], ['agent'], [1], [null]])('visitorArrives refuses type %j with a TypeError', (type) => {
    const { api, runtime } = setup('empty');
    const before = runtime.world.peek();
    expect(() => api.visitorArrives({ type } as never)).toThrow(
      new TypeError(`visitorArrives: type must be AGENT or WORKGROUP; got ${JSON.stringify(type)}`),
    );
    expect(runtime.world.peek()).toBe(before);
  });

  it.each([
    ['nickname', 42],
    ['content', { text: 'hi' }],
    ['nickname', null],
  ])('visitorArrives refuses a non-string %s (%j) instead of corrupting the world', (key, value) => {
    const { api, runtime } = setup('empty');
    const before = runtime.world.peek();
    expect(() => api.visitorArrives({ [key]: value } as never)).toThrow(
      new TypeError(`visitorArrives: ${key} must be a string; got ${JSON.stringify(value)}`),
    );
    expect(runtime.world.peek()).toBe(before);
  });

  it('colleagueSends and groupSends refuse non-string text too', () => {
    const { api, runtime } = setup('empty');
    const before = runtime.world.peek();
    expect(() => api.colleagueSends({ content: 7 } as never)).toThrow(
      new TypeError('colleagueSends: content must be a string; got 7'),
    );
    expect(() => api.groupSends({ nickname: [] } as never)).toThrow(
      new TypeError('groupSends: nickname must be a string; got []'),
    );
    expect(runtime.world.peek()).toBe(before);
  });

  it('visitorSends adds one unread, or none when the thread is open', () => {
    const { api } = setup('empty');
    const a = api.visitorArrives({ type: 'AGENT' });
    const b = api.visitorArrives({ type: 'AGENT' });
    api.openThread(b.uid);
    api.visitorSends(a.uid, 'again');
    api.visitorSends(b.uid, 'seen');
    const byUid = Object.fromEntries(api.state().threads.map((t) => [t.uid, t]));
    expect(byUid[a.uid]?.unreadCount).toBe(2);
    expect(byUid[b.uid]?.unreadCount).toBe(0);
  });

  it('visitorSends checks its arguments are strings', () => {
    const { api } = setup('empty');
    const t = api.visitorArrives();
    expect(() => api.visitorSends(123 as never, 'x')).toThrow(new TypeError('threadUid must be a string; got 123'));
    expect(() => api.visitorSends(t.uid, undefined as never)).toThrow(
      new TypeError('content must be a string; got undefined'),
    );
  });

  it('colleagueSends gives a MEMBER thread and no new_visitor_message', () => {
    const { api, events } = setup('empty');
    const thread = api.colleagueSends({ nickname: 'Bob', content: 'lunch?' });
    expect(thread).toMatchObject({ type: 'MEMBER', unreadCount: 1, content: 'lunch?' });
    expect(events.map((e) => e.type)).toEqual(['unread_message_count']);
  });

  it('closeThread closes with action close, or auto_close when asked', () => {
    const { api, events } = setup('empty');
    const a = api.visitorArrives();
    const b = api.visitorArrives();
    events.splice(0);
    api.closeThread(a.uid);
    api.closeThread(b.uid, { auto: true });
    const actions = events.flatMap((e) => (e.type === 'thread_status_changed' ? [e.data.action] : []));
    expect(actions).toEqual(['close', 'auto_close']);
    expect(api.state().threads.every((t) => t.status === 'CLOSED')).toBe(true);
  });
});

describe('testApi: errors carry the world’s reason', () => {
  it.each([
    [
      'closeThread',
      (api: ReturnType<typeof setup>['api']) => api.closeThread('nope'),
      'closeThread: unknown threadUid "nope"',
    ],
    [
      'acceptThread',
      (api: ReturnType<typeof setup>['api']) => api.acceptThread('nope'),
      'acceptThread: unknown threadUid "nope"',
    ],
    [
      'visitorSends',
      (api: ReturnType<typeof setup>['api']) => api.visitorSends('nope', 'x'),
      'visitorSends: unknown threadUid "nope"',
    ],
    [
      'transferThread',
      (api: ReturnType<typeof setup>['api']) => api.transferThread('nope'),
      'transferThread: unknown threadUid "nope"',
    ],
    [
      'openThread',
      (api: ReturnType<typeof setup>['api']) => api.openThread('nope'),
      'openThread: unknown threadUid "nope"',
    ],
  ])('%s of an unknown uid throws an Error with the reason and changes nothing', (_name, call, reason) => {
    const { api, runtime, events } = setup('demo');
    const before = runtime.world.peek();
    let thrown: unknown;
    try {
      call(api);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).message).toBe(reason);
    expect(runtime.world.peek()).toBe(before);
    expect(events).toEqual([]);
  });

  it('a refused state change (closing a closed thread) throws the rule’s reason', () => {
    const { api } = setup('demo');
    const closed = api.state().threads.find((t) => t.status === 'CLOSED');
    expect(() => api.closeThread(closed?.uid ?? '')).toThrow(`closeThread: thread ${closed?.uid} is already CLOSED`);
  });
});

describe('testApi.acceptThread and transferThread', () => {
  it('accepts a queued visitor (queued → chatting, action accept)', () => {
    const { api, runtime, events } = setup('busy-queue');
    const queued = api.state().threads.find((t) => t.status === 'QUEUING');
    if (!queued) throw new Error('busy-queue has a queue');
    // make room: close one chatting thread first
    const chatting = api.state().threads.find((t) => t.status === 'CHATTING');
    api.closeThread(chatting?.uid ?? '');
    events.splice(0);
    api.acceptThread(queued.uid);
    expect(runtime.world.peek().threads[queued.uid]?.status).toBe('CHATTING');
    expect(events[0]).toMatchObject({ type: 'thread_status_changed', data: { action: 'accept' } });
  });

  it('transferThread removes the thread from the list', () => {
    const { api } = setup('empty');
    const t = api.visitorArrives();
    api.transferThread(t.uid);
    expect(api.state().threads).toEqual([]);
  });
});

describe('testApi.setStatus', () => {
  it('goes through the simulated server', async () => {
    const { api, runtime } = setup('demo', { query: '?fail=status' });
    await api.setStatus('BUSY');
    expect(runtime.world.peek().agent.status).toBe('AVAILABLE');
    expect(runtime.toast.peek()?.key).toBe('status.failed');
  });

  it.each(['ONLINE', 'busy', 3])('refuses %j with a TypeError', async (status) => {
    const { api } = setup('demo');
    await expect(api.setStatus(status as never)).rejects.toThrow(
      new TypeError(`setStatus: status must be one of AVAILABLE, BUSY, REST, OFFLINE; got ${JSON.stringify(status)}`),
    );
  });

  it('takes REST (休息) as the agent can in the workbench, and the event carries it', async () => {
    const { api, events } = setup('demo');
    await api.setStatus('REST');
    expect(api.state().agent.status).toBe('REST');
    expect(events.at(-1)).toMatchObject({ type: 'agent_status_changed', data: { status: 'REST' } });
  });
});

describe('testApi.reset', () => {
  it('gives a fresh world and emits the initial unread sync again', () => {
    const { api, runtime, events } = setup('demo');
    api.visitorArrives();
    runtime.log.add({ at: 0, direction: 'in', type: 'x', outcome: 'violation', message: {} });
    events.splice(0);
    api.reset({ seed: 3, scenario: 'empty' });
    expect(runtime.world.peek()).toMatchObject({ seed: 3, scenario: 'empty' });
    expect(api.state()).toMatchObject({ threads: [], totalUnreadCount: 0 });
    expect(events).toEqual([{ type: 'unread_message_count', data: { totalUnreadCount: 0, unreadThreads: [] } }]);
    expect(api.log()).toEqual([]);
    expect(api.violations()).toEqual([]);
  });

  it('without options keeps the seed and scenario', () => {
    const { api, runtime } = setup('busy-queue');
    const before = api.state();
    api.acceptThread(before.threads.find((t) => t.status === 'QUEUING')?.uid ?? '');
    api.reset();
    expect(runtime.world.peek().scenario).toBe('busy-queue');
    expect(api.state()).toEqual(before);
  });

  it.each([
    [-1, '-1'],
    [1.5, '1.5'],
    [2 ** 32, '4294967296'],
    [Number.NaN, 'NaN'],
    ['3', '"3"'],
    [null, 'null'],
  ])('refuses seed %j with a clear TypeError, changing nothing', (seed, shown) => {
    const { api, runtime } = setup('demo');
    const before = runtime.world.peek();
    expect(() => api.reset({ seed: seed as number })).toThrow(
      new TypeError(`reset: seed must be an integer from 0 to 4294967295; got ${shown}`),
    );
    expect(runtime.world.peek()).toBe(before);
  });

  it('accepts the seed bounds', () => {
    const { api, runtime } = setup('empty');
    api.reset({ seed: 0 });
    expect(runtime.world.peek().seed).toBe(0);
    api.reset({ seed: 0xffffffff });
    expect(runtime.world.peek().seed).toBe(0xffffffff);
  });

  it.each(['Demo', 'nope', ''])('refuses scenario %j with a TypeError listing the scenarios', (scenario) => {
    const { api, runtime } = setup('demo');
    const before = runtime.world.peek();
    expect(() => api.reset({ scenario })).toThrow(
      new TypeError(`reset: scenario must be one of demo, empty, busy-queue, flood; got ${JSON.stringify(scenario)}`),
    );
    expect(runtime.world.peek()).toBe(before);
  });
});

describe('testApi.advance', () => {
  it('moves a virtual clock on, firing idle auto-close', () => {
    const { api, runtime } = setup('empty');
    const t = api.visitorArrives();
    api.advance(IDLE_CLOSE_MS);
    expect(runtime.clock.now()).toBe(T0 + IDLE_CLOSE_MS);
    expect(api.state().threads.find((x) => x.uid === t.uid)?.status).toBe('CLOSED');
  });

  it('throws on a real clock, saying how to get a virtual one', () => {
    const { api } = setup('empty', { clock: realClock() });
    expect(() => api.advance(1000)).toThrow(
      new Error('advance: the clock is real; open the emulator with clock=virtual'),
    );
  });

  it('passes the clock’s RangeError through for a bad duration', () => {
    const { api } = setup('empty');
    expect(() => api.advance(-1)).toThrow(RangeError);
  });
});

describe('testApi.flood', () => {
  it('n messages over the chatting threads produce exactly one unread_message_count', () => {
    const { api, events } = setup('empty');
    api.visitorArrives({ type: 'AGENT' });
    api.visitorArrives({ type: 'WORKGROUP' });
    api.visitorArrives({ type: 'AGENT' });
    const before = api.state().totalUnreadCount;
    events.splice(0);
    api.flood(100);
    expect(events.map((e) => e.type)).toEqual(['unread_message_count']);
    expect(events[0]).toMatchObject({ data: { totalUnreadCount: before + 100 } });
    expect(api.state().totalUnreadCount).toBe(before + 100);
  });

  it('skips closed, queued and colleague threads', () => {
    const { api } = setup('empty');
    const talking = api.visitorArrives({ type: 'AGENT' });
    const closed = api.visitorArrives({ type: 'AGENT' });
    api.closeThread(closed.uid);
    const colleague = api.colleagueSends();
    api.flood(10);
    const byUid = Object.fromEntries(api.state().threads.map((t) => [t.uid, t.unreadCount]));
    // A closed thread keeps the unread message it had (R7) and takes no more.
    expect(byUid).toEqual({ [talking.uid]: 11, [closed.uid]: 1, [colleague.uid]: 1 });
  });

  it('flood(0) changes nothing', () => {
    const { api, events } = setup('empty');
    api.visitorArrives();
    events.splice(0);
    api.flood(0);
    expect(events).toEqual([]);
  });

  it.each([-1, 1.5, Number.NaN, '3'])('refuses count %j with a TypeError', (count) => {
    const { api } = setup('demo');
    expect(() => api.flood(count as number)).toThrow(TypeError);
    expect(() => api.flood(count as number)).toThrow(/^flood: count must be an integer >= 0; got /);
  });

  it('throws when no visitor is chatting', () => {
    const { api } = setup('empty');
    expect(() => api.flood(5)).toThrow(new Error('flood: no CHATTING visitor thread to send to'));
  });
});

describe('testApi.log and violations', () => {
  it('log() copies every entry, oldest first, and violations() only the violations', () => {
    const { api, runtime } = setup('empty');
    runtime.log.add({ at: 1, direction: 'in', type: 'a', outcome: 'ok', message: { type: 'a' } });
    runtime.log.add({ at: 2, direction: 'in', type: 'b', outcome: 'violation', reason: 'bad', message: 1 });
    runtime.log.add({ at: 3, direction: 'in', type: 'c', outcome: 'foreign', message: 'x' });
    expect(api.log().map((e) => e.type)).toEqual(['a', 'b', 'c']);
    expect(api.violations()).toEqual([
      { at: 2, direction: 'in', type: 'b', outcome: 'violation', reason: 'bad', message: 1 },
    ]);
    const copy = api.log();
    (copy[0] as { type: string }).type = 'changed';
    expect(runtime.log.list()[0]?.type).toBe('a');
  });

  it('survives BigInt and cyclic messages, returning plain JSON', () => {
    const { api, runtime } = setup('empty');
    const cyclic: Record<string, unknown> = { type: 'clear_unread_count' };
    cyclic.data = cyclic;
    runtime.log.add({ at: 1, direction: 'in', type: 'x', outcome: 'violation', reason: 'r', message: { n: 10n } });
    runtime.log.add({ at: 2, direction: 'in', type: 'y', outcome: 'violation', reason: 'r', message: cyclic });
    let log: unknown;
    expect(() => {
      log = api.log();
    }).not.toThrow();
    isPlainJson(log);
    expect(api.violations().map((e) => e.message)).toEqual([
      { n: '10n' },
      { type: 'clear_unread_count', data: '[Circular]' },
    ]);
  });

  it('violations() outlive any amount of other traffic, and counts() totals everything since the reset', () => {
    const { api, runtime } = setup('empty');
    runtime.log.add({ at: 1, direction: 'in', type: 'b', outcome: 'violation', reason: 'bad', message: 1 });
    for (let i = 0; i < 5000; i++)
      runtime.log.add({ at: 2, direction: 'in', type: 'x', outcome: i % 2 ? 'foreign' : 'ok', message: i });
    runtime.log.add({ at: 3, direction: 'out', type: 'e', outcome: 'ok', message: {} });
    expect(api.violations().map((e) => e.reason)).toEqual(['bad']);
    expect(api.counts()).toEqual({
      ok: 2500,
      violation: 1,
      warning: 0,
      foreign: 2500,
      'rejected-origin': 0,
      early: 0,
      out: 1,
    });
    api.reset();
    expect(api.counts()).toMatchObject({ ok: 0, violation: 0, foreign: 0 });
    expect(api.violations()).toEqual([]);
  });

  it('shows an object logged twice in full both times (no false [Circular])', () => {
    const { api, runtime } = setup('empty');
    const thread = api.visitorArrives();
    const shared = { thread };
    runtime.log.add({ at: 1, direction: 'out', type: 'a', outcome: 'ok', message: shared });
    runtime.log.add({ at: 2, direction: 'out', type: 'b', outcome: 'ok', message: { list: [shared, shared] } });
    expect(api.log().map((e) => e.message)).toEqual([shared, { list: [shared, shared] }]);
  });
});

describe('testApi.reload', () => {
  it('saves the world, then reloads the page after the call has returned', async () => {
    const runtime = testRuntime({ params: { scenario: 'empty' } });
    running.push(runtime);
    runtime.start();
    const order: string[] = [];
    const flush = runtime.flush.bind(runtime);
    runtime.flush = () => {
      order.push('save');
      flush();
    };
    const api = createTestApi(runtime, true, () => order.push('reload'));
    api.reload();
    order.push('returned');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(order).toEqual(['save', 'returned', 'reload']);
  });
});

describe('testApi: misc', () => {
  it('exposes whether the console is framed', () => {
    expect(setup('empty', { framed: true }).api.framed).toBe(true);
    expect(setup('empty', { framed: false }).api.framed).toBe(false);
  });

  it('setAutopilot only turns on for true', () => {
    const { api, runtime } = setup('empty');
    api.setAutopilot(1 as never);
    expect(runtime.autopilot.peek()).toBe(false);
    api.setAutopilot(true);
    expect(runtime.autopilot.peek()).toBe(true);
    api.advance(10_000);
    expect(api.state().threads).toHaveLength(1);
  });

  it('groupSends gives a GROUP thread', () => {
    const { api } = setup('empty');
    expect(api.groupSends({ content: 'hello all' })).toMatchObject({ type: 'GROUP', unreadCount: 1 });
  });

  it('a scripted session keeps the world invariants', () => {
    const { api, runtime } = setup('demo');
    const a = api.visitorArrives();
    api.flood(30);
    api.colleagueSends();
    api.openThread(a.uid);
    api.visitorSends(a.uid, 'x');
    api.advance(IDLE_CLOSE_MS);
    expect(invariantProblems(runtime.world.peek())).toEqual([]);
  });
});

describe('test API options', () => {
  it('accepts null where options may be left out, and names the method when they are not an object', () => {
    const { api } = setup();
    const thread = api.visitorArrives(null as never);
    expect(() => api.closeThread(thread.uid, null as never)).not.toThrow();
    expect(api.colleagueSends(null as never).type).toBe('MEMBER');
    expect(() => api.visitorArrives('Ann' as never)).toThrow('visitorArrives: options must be an object; got "Ann"');
    expect(() => api.reset(7 as never)).toThrow('reset: options must be an object; got 7');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { Command, OutgoingEvent } from '../../protocol';
import { T0, testRuntime } from '../../test-support/test-runtime';
import { invariantProblems } from '../../test-support/world-kit';
import { IDLE_CLOSE_MS, unreadSummary, type WorldState } from '../world';
import { WELCOME_TEXT } from '../world/content';
import { type Clock, virtualClock } from './clock';
import { type Params, readParams } from './params';
import { decodeWorld, STORAGE_KEY, saveWorld } from './persist';
import { DEFAULT_SEED, Runtime } from './runtime';

const MINUTE = 60_000;

function memoryStorage(opts: { failSet?: unknown } = {}) {
  const data = new Map<string, string>();
  let writes = 0;
  const storage = {
    get length() {
      return data.size;
    },
    key: (i: number) => [...data.keys()][i] ?? null,
    getItem: (key: string) => data.get(key) ?? null,
    setItem(key: string, value: string) {
      if (opts.failSet) throw opts.failSet;
      writes++;
      data.set(key, String(value));
    },
    removeItem: (key: string) => void data.delete(key),
    clear: () => data.clear(),
  };
  return {
    storage: storage as Storage,
    data,
    get writes() {
      return writes;
    },
  };
}

const params = (overrides: Partial<Params> = {}): Params => ({ ...readParams('', true), ...overrides });

const running: Runtime[] = [];

function setup(
  overrides: Partial<Params> = {},
  opts: { storage?: Storage | null; clock?: Clock; start?: boolean } = {},
) {
  const clock = opts.clock ?? virtualClock(T0);
  const runtime = testRuntime({
    params: overrides,
    clock,
    storage: opts.storage === undefined ? memoryStorage().storage : opts.storage,
  });
  running.push(runtime);
  const events: OutgoingEvent[] = [];
  runtime.onEvents((batch) => events.push(...batch));
  if (opts.start !== false) runtime.start();
  const advance = (ms: number) => clock.advance?.(ms);
  const types = () => events.map((e) => e.type);
  const take = () => events.splice(0);
  return { runtime, clock, events, advance, types, take };
}

afterEach(() => {
  for (const runtime of running.splice(0)) runtime.stop();
});

const unreadOf = (events: OutgoingEvent[]) => events.filter((e) => e.type === 'unread_message_count');
const threads = (r: Runtime) => Object.values(r.world.peek().threads);

describe('Runtime: construction and start', () => {
  it('builds the world the params ask for, or seed 1 demo by default', () => {
    expect(setup({}, { start: false }).runtime.world.peek()).toMatchObject({ seed: DEFAULT_SEED, scenario: 'demo' });
    expect(setup({ seed: 9, scenario: 'busy-queue' }, { start: false }).runtime.world.peek()).toMatchObject({
      seed: 9,
      scenario: 'busy-queue',
    });
  });

  it('is silent until started', () => {
    const { events } = setup({}, { start: false });
    expect(events).toEqual([]);
  });

  it('start() emits exactly one unread_message_count with the world totals, and nothing else', () => {
    const { runtime, events } = setup();
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event?.type).toBe('unread_message_count');
    expect(event?.data).toEqual(unreadSummary(runtime.world.peek()));
    expect((event?.data as { totalUnreadCount: number } | undefined)?.totalUnreadCount).toBeGreaterThan(0);
  });

  it('start() announces even an empty world', () => {
    const { events } = setup({ scenario: 'empty' });
    expect(events).toEqual([{ type: 'unread_message_count', data: { totalUnreadCount: 0, unreadThreads: [] } }]);
  });

  it('shows the params problems as notices', () => {
    const { runtime } = setup({ problems: ['seed must be …'] }, { start: false });
    expect(runtime.notices.peek()).toEqual(['seed must be …']);
  });

  it('onEvents returns an unsubscribe function', () => {
    const { runtime } = setup({ scenario: 'empty' });
    const seen: OutgoingEvent[] = [];
    const off = runtime.onEvents((batch) => seen.push(...batch));
    runtime.dispatch({ kind: 'setStatus', status: 'BUSY' });
    off();
    runtime.dispatch({ kind: 'setStatus', status: 'AVAILABLE' });
    expect(seen.map((e) => e.type)).toEqual(['agent_status_changed']);
  });
});

describe('Runtime: dispatch', () => {
  it('applies an input, stamps it with the clock time and hands its events to the listeners, unread last', () => {
    const { runtime, take, advance } = setup({ scenario: 'empty' });
    take();
    advance(5 * MINUTE);
    const batches: OutgoingEvent[][] = [];
    runtime.onEvents((batch) => batches.push(batch));
    const result = runtime.dispatch({ kind: 'visitorArrives', type: 'AGENT', nickname: 'Ann', content: 'hi' });
    expect(result.error).toBeUndefined();
    expect(result.thread).toMatchObject({ type: 'AGENT', status: 'CHATTING', content: WELCOME_TEXT });
    expect(runtime.world.peek()).toBe(result.state);
    expect(runtime.world.peek().lastActivity[result.thread?.uid ?? '']).toBe(T0 + 5 * MINUTE);
    expect(batches.flat().map((e) => e.type)).toEqual(['new_visitor_message', 'unread_message_count']);
  });

  it('returns the error and leaves the world and listeners untouched when the world refuses', () => {
    const { runtime, take, events } = setup();
    take();
    const before = runtime.world.peek();
    const result = runtime.dispatch({ kind: 'closeThread', threadUid: 'no-such-thread' });
    expect(result.error).toBe('closeThread: unknown threadUid "no-such-thread"');
    expect(result.events).toEqual([]);
    expect(runtime.world.peek()).toBe(before);
    expect(events).toEqual([]);
  });
});

describe('Runtime: simulated server calls', () => {
  it('without latency, a status update applies at once and shows status.ok', async () => {
    const { runtime, take } = setup();
    take();
    const result = await runtime.setStatus('BUSY');
    expect(result?.error).toBeUndefined();
    expect(runtime.world.peek().agent.status).toBe('BUSY');
    expect(take().map((e) => e.type)).toEqual(['agent_status_changed']);
    expect(runtime.toast.peek()).toMatchObject({ key: 'status.ok', call: 'status' });
  });

  it('with latency, waits for the clock: status.updating first, then the change and status.ok', async () => {
    const { runtime, take, advance } = setup({ latency: 1500 });
    take();
    let settled = false;
    const pending = runtime.setStatus('OFFLINE').then((r) => {
      settled = true;
      return r;
    });
    expect(runtime.toast.peek()).toMatchObject({ key: 'status.updating', call: 'status' });
    const updating = runtime.toast.peek()?.id ?? 0;
    advance(1499);
    await Promise.resolve();
    expect(settled).toBe(false);
    expect(runtime.world.peek().agent.status).toBe('AVAILABLE');
    expect(take()).toEqual([]);
    advance(1);
    const result = await pending;
    expect(result?.state.agent.status).toBe('OFFLINE');
    expect(runtime.world.peek().agent.status).toBe('OFFLINE');
    expect(take().map((e) => e.type)).toEqual(['agent_status_changed']);
    expect(runtime.toast.peek()).toMatchObject({ key: 'status.ok', call: 'status' });
    expect(runtime.toast.peek()?.id).toBeGreaterThan(updating);
  });

  it("fail=['status']: no state change, no event, the status.failed toast, and null", async () => {
    const { runtime, take } = setup({ fail: ['status'] });
    take();
    const before = runtime.world.peek();
    expect(await runtime.setStatus('BUSY')).toBeNull();
    expect(runtime.world.peek()).toBe(before);
    expect(take()).toEqual([]);
    expect(runtime.toast.peek()).toMatchObject({ key: 'status.failed', call: 'status' });
  });

  it("fail=['status'] with latency: updating, then failed, still without a change", async () => {
    const { runtime, take, advance } = setup({ fail: ['status'], latency: 200 });
    take();
    const pending = runtime.setStatus('BUSY');
    expect(runtime.toast.peek()?.key).toBe('status.updating');
    advance(200);
    expect(await pending).toBeNull();
    expect(runtime.world.peek().agent.status).toBe('AVAILABLE');
    expect(take()).toEqual([]);
    expect(runtime.toast.peek()?.key).toBe('status.failed');
  });

  it('other calls show call.pending while waiting and call.failed when they fail', async () => {
    const { runtime, take, advance } = setup({ fail: ['refresh'], latency: 100 });
    take();
    const pending = runtime.call('refresh', { kind: 'sync' });
    expect(runtime.toast.peek()).toMatchObject({ key: 'call.pending', call: 'refresh' });
    advance(100);
    expect(await pending).toBeNull();
    expect(take()).toEqual([]);
    expect(runtime.toast.peek()).toMatchObject({ key: 'call.failed', call: 'refresh' });
  });

  it('a failure of one call does not affect the others', async () => {
    const { runtime, take } = setup({ fail: ['refresh'] });
    take();
    await runtime.setStatus('BUSY');
    expect(runtime.world.peek().agent.status).toBe('BUSY');
    expect(take().map((e) => e.type)).toEqual(['agent_status_changed']);
  });

  it('a successful call that is not a status update shows no toast', async () => {
    const { runtime } = setup();
    await runtime.call('refresh', { kind: 'sync' });
    expect(runtime.toast.peek()).toBeNull();
  });

  it('stop() cancels calls still waiting for the server', () => {
    const { runtime, take, advance } = setup({ latency: 1000 });
    take();
    void runtime.setStatus('BUSY');
    runtime.stop();
    advance(5000);
    expect(runtime.world.peek().agent.status).toBe('AVAILABLE');
    expect(take()).toEqual([]);
  });
});

describe('Runtime: host commands', () => {
  const statusCommands: Array<[Command, string]> = [
    [{ type: 'update_agent_status', data: { status: 'BUSY' } }, 'BUSY'],
    [{ type: 'update_agent_status', data: { status: 'OFFLINE' } }, 'OFFLINE'],
    [{ type: 'update_agent_status_busy' }, 'BUSY'],
    [{ type: 'update_agent_status_offline' }, 'OFFLINE'],
    [{ type: 'update_agent_status_available' }, 'AVAILABLE'],
  ];

  it.each(statusCommands)('%j sets the status and emits one agent_status_changed', (command, status) => {
    const { runtime, take } = setup();
    take();
    expect(runtime.command(command)).toEqual({});
    expect(runtime.world.peek().agent.status).toBe(status);
    const events = take();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'agent_status_changed', data: { status, agentInfo: { status } } });
  });

  it('update_agent_status_available acknowledges even when already AVAILABLE', () => {
    const { runtime, take } = setup();
    take();
    runtime.command({ type: 'update_agent_status_available' });
    runtime.command({ type: 'update_agent_status_available' });
    expect(take().map((e) => e.type)).toEqual(['agent_status_changed', 'agent_status_changed']);
  });

  it('status commands go through the simulated server: with fail=status they change nothing and return no error', () => {
    const { runtime, take } = setup({ fail: ['status'] });
    take();
    expect(runtime.command({ type: 'update_agent_status_busy' })).toEqual({});
    expect(runtime.world.peek().agent.status).toBe('AVAILABLE');
    expect(take()).toEqual([]);
    expect(runtime.toast.peek()?.key).toBe('status.failed');
  });

  it('status commands wait for latency', () => {
    const { runtime, take, advance } = setup({ latency: 300 });
    take();
    runtime.command({ type: 'update_agent_status_busy' });
    expect(runtime.world.peek().agent.status).toBe('AVAILABLE');
    advance(300);
    expect(runtime.world.peek().agent.status).toBe('BUSY');
    expect(take().map((e) => e.type)).toEqual(['agent_status_changed']);
  });

  it('refresh_threads re-announces the unread state even when nothing changed', () => {
    const { runtime, take } = setup();
    const [initial] = take();
    expect(runtime.command({ type: 'refresh_threads' })).toEqual({});
    const events = take();
    expect(events).toEqual([initial]);
  });

  it('refresh_threads honours fail=refresh', () => {
    const { runtime, take } = setup({ fail: ['refresh'] });
    take();
    runtime.command({ type: 'refresh_threads' });
    expect(take()).toEqual([]);
    expect(runtime.toast.peek()?.key).toBe('call.failed');
  });

  it('clear_unread_count zeroes that thread and announces the new totals', () => {
    const { runtime, take } = setup();
    take();
    const target = threads(runtime).find((t) => t.unreadCount > 0);
    if (!target) throw new Error('the demo world should have an unread thread');
    const before = unreadSummary(runtime.world.peek()).totalUnreadCount;
    expect(runtime.command({ type: 'clear_unread_count', data: { threadUid: target.uid } })).toEqual({});
    expect(runtime.world.peek().threads[target.uid]).toMatchObject({ unreadCount: 0, unread: false });
    const events = take();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'unread_message_count',
      data: { totalUnreadCount: before - target.unreadCount },
    });
  });

  it('clear_unread_count of a thread that is already read emits nothing', () => {
    const { runtime, take } = setup();
    take();
    const read = threads(runtime)[0];
    if (!read) throw new Error('the demo world should have threads');
    runtime.command({ type: 'clear_unread_count', data: { threadUid: read.uid } });
    take();
    expect(runtime.command({ type: 'clear_unread_count', data: { threadUid: read.uid } })).toEqual({});
    expect(take()).toEqual([]);
  });

  it('clear_unread_count of an unknown uid returns the error and changes nothing', () => {
    const { runtime, take } = setup();
    take();
    const before = runtime.world.peek();
    expect(runtime.command({ type: 'clear_unread_count', data: { threadUid: '123' } })).toEqual({
      error: 'clear_unread_count: unknown threadUid "123"',
    });
    expect(runtime.world.peek()).toBe(before);
    expect(take()).toEqual([]);
  });

  it('clear_unread_count is answered at once, even with latency', () => {
    const { runtime, take } = setup({ latency: 5000 });
    take();
    const target = threads(runtime).find((t) => t.unreadCount > 0);
    runtime.command({ type: 'clear_unread_count', data: { threadUid: target?.uid ?? '' } });
    expect(runtime.world.peek().threads[target?.uid ?? '']?.unreadCount).toBe(0);
  });
});

describe('Runtime: reset', () => {
  it('gives a fresh world of the same seed and scenario, a new initial sync and a cleared log', () => {
    const { runtime, take } = setup();
    const initial = runtime.world.peek();
    runtime.dispatch({ kind: 'setStatus', status: 'BUSY' });
    runtime.dispatch({ kind: 'visitorArrives' });
    runtime.log.add({ at: 1, direction: 'in', type: 'x', outcome: 'violation', message: null });
    take();
    runtime.reset();
    const fresh = runtime.world.peek();
    expect(fresh).toEqual({ ...initial, lastUnread: fresh.lastUnread });
    expect(fresh.agent.status).toBe('AVAILABLE');
    expect(runtime.log.list()).toEqual([]);
    expect(runtime.log.totals.violation).toBe(0);
    const events = take();
    expect(events).toHaveLength(1);
    expect(events[0]).toEqual({ type: 'unread_message_count', data: unreadSummary(fresh) });
  });

  it('takes another seed and scenario', () => {
    const { runtime, take } = setup();
    take();
    runtime.reset({ seed: 99, scenario: 'empty' });
    expect(runtime.world.peek()).toMatchObject({ seed: 99, scenario: 'empty', threads: {} });
    expect(take()).toEqual([{ type: 'unread_message_count', data: { totalUnreadCount: 0, unreadThreads: [] } }]);
  });

  it('keeps time running: ticks and autopilot work after a reset, once each', () => {
    const { runtime, take, advance } = setup({ scenario: 'empty', autopilot: true });
    runtime.reset();
    runtime.reset();
    take();
    advance(10_000);
    // one autopilot timer (empty: every 10 s), not one per reset
    expect(threads(runtime).length).toBe(1);
  });

  it('does not leave the old world in storage to be resumed', () => {
    const mem = memoryStorage();
    const { runtime } = setup({}, { storage: mem.storage });
    runtime.dispatch({ kind: 'setStatus', status: 'OFFLINE' });
    runtime.flush();
    runtime.reset({ scenario: 'empty' });
    const saved = mem.data.get(STORAGE_KEY);
    if (saved !== undefined) expect(decodeWorld(saved).state?.scenario).toBe('empty');
    runtime.flush();
    expect(decodeWorld(mem.data.get(STORAGE_KEY) ?? '').state).toMatchObject({
      scenario: 'empty',
      agent: { status: 'AVAILABLE' },
    });
  });
});

describe('Runtime: persistence', () => {
  it('asks its injected decode about the saved text only, and uses what it answers', () => {
    const mem = memoryStorage();
    const decoded: string[] = [];
    const spy = (text: string) => {
      decoded.push(text);
      return decodeWorld(text);
    };
    const make = () =>
      new Runtime({ params: params(), clock: virtualClock(T0), storage: mem.storage, assetBase: '/a/', decode: spy });
    make();
    expect(decoded).toEqual([]);
    const saved = setup({ seed: 3 }, { storage: mem.storage, start: false }).runtime;
    saved.flush();
    expect(make().world.peek()).toEqual(saved.world.peek());
    expect(decoded).toEqual([mem.data.get(STORAGE_KEY)]);
  });

  it('flush() writes the current world to storage at once', () => {
    const mem = memoryStorage();
    const { runtime } = setup({}, { storage: mem.storage });
    runtime.dispatch({ kind: 'visitorArrives', nickname: 'Saved' });
    runtime.flush();
    expect(decodeWorld(mem.data.get(STORAGE_KEY) ?? '').state).toEqual(runtime.world.peek());
  });

  it('saves on its own shortly after a change', async () => {
    const mem = memoryStorage();
    const { runtime } = setup({}, { storage: mem.storage });
    runtime.dispatch({ kind: 'setStatus', status: 'BUSY' });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(decodeWorld(mem.data.get(STORAGE_KEY) ?? '').state?.agent.status).toBe('BUSY');
  });

  it('resumes a stored world when the URL names no seed or scenario, or the same ones', () => {
    const mem = memoryStorage();
    const first = setup({ seed: 5, scenario: 'busy-queue' }, { storage: mem.storage });
    first.runtime.dispatch({ kind: 'visitorArrives', nickname: 'Remembered' });
    first.runtime.dispatch({ kind: 'setStatus', status: 'BUSY' });
    first.runtime.stop();
    const saved = first.runtime.world.peek();
    for (const p of [
      {},
      { seed: 5 },
      { scenario: 'busy-queue' as const },
      { seed: 5, scenario: 'busy-queue' as const },
    ]) {
      const { runtime } = setup(p, { storage: mem.storage, start: false });
      expect(runtime.world.peek()).toEqual(saved);
    }
  });

  it('a resumed world announces its unread state on start, like a fresh one', () => {
    const mem = memoryStorage();
    const first = setup({}, { storage: mem.storage });
    first.runtime.dispatch({ kind: 'visitorArrives' });
    first.runtime.stop();
    const { runtime, events } = setup({}, { storage: mem.storage });
    expect(events).toEqual([{ type: 'unread_message_count', data: unreadSummary(runtime.world.peek()) }]);
  });

  it('starts afresh when the URL asks for another seed or scenario', () => {
    const mem = memoryStorage();
    const first = setup({ seed: 5, scenario: 'demo' }, { storage: mem.storage });
    first.runtime.dispatch({ kind: 'setStatus', status: 'OFFLINE' });
    first.runtime.stop();
    const other = setup({ seed: 6 }, { storage: mem.storage, start: false }).runtime.world.peek();
    expect(other).toMatchObject({ seed: 6, scenario: 'demo', agent: { status: 'AVAILABLE' } });
    const otherScenario = setup({ seed: 5, scenario: 'empty' }, { storage: mem.storage, start: false }).runtime;
    expect(otherScenario.world.peek()).toMatchObject({ seed: 5, scenario: 'empty', threads: {} });
  });

  it('starts afresh with a notice when the stored world is damaged', () => {
    const mem = memoryStorage();
    mem.data.set(STORAGE_KEY, '{"version":2,"threads":[]}');
    const { runtime } = setup({ problems: ['from the URL'] }, { storage: mem.storage, start: false });
    expect(runtime.world.peek()).toMatchObject({ seed: DEFAULT_SEED, scenario: 'demo' });
    expect(runtime.notices.peek()).toEqual(['from the URL', 'The saved world was damaged; a fresh world was started.']);
  });

  it('works without storage', () => {
    const { runtime } = setup({}, { storage: null });
    expect(() => runtime.flush()).not.toThrow();
    expect(runtime.notices.peek()).toEqual([]);
  });

  it('a failing save becomes one notice, however often it fails, and never throws', () => {
    const mem = memoryStorage({ failSet: new DOMException('full', 'QuotaExceededError') });
    const { runtime } = setup({}, { storage: mem.storage });
    expect(() => {
      runtime.flush();
      runtime.flush();
    }).not.toThrow();
    expect(runtime.notices.peek()).toEqual([
      'The world could not be saved (QuotaExceededError); a reload will lose it.',
    ]);
  });

  it('a stored world saved by saveWorld is what the runtime resumes', () => {
    const mem = memoryStorage();
    const source = setup({ seed: 12, scenario: 'flood' }, { start: false, storage: null }).runtime.world.peek();
    saveWorld(mem.storage, source);
    expect(setup({}, { storage: mem.storage, start: false }).runtime.world.peek()).toEqual(source);
  });
});

describe('Runtime: time passing', () => {
  it('autopilot on: the world lives on its own as time advances', () => {
    const { runtime, take, advance } = setup({ scenario: 'empty', autopilot: true });
    take();
    advance(9_999);
    expect(threads(runtime)).toHaveLength(0);
    advance(1);
    expect(threads(runtime)).toHaveLength(1);
    advance(10 * MINUTE);
    expect(take().length).toBeGreaterThan(10);
    expect(invariantProblems(runtime.world.peek())).toEqual([]);
  });

  it('autopilot off: nothing happens however long time runs', () => {
    const { runtime, take, advance } = setup({ scenario: 'empty', autopilot: false });
    take();
    advance(3 * 60 * MINUTE);
    expect(take()).toEqual([]);
    expect(threads(runtime)).toHaveLength(0);
  });

  it('setAutopilot turns it on and off while running', () => {
    const { runtime, take, advance } = setup({ scenario: 'empty', autopilot: false });
    take();
    runtime.setAutopilot(true);
    expect(runtime.autopilot.peek()).toBe(true);
    advance(10_000);
    expect(threads(runtime)).toHaveLength(1);
    runtime.setAutopilot(false);
    take();
    advance(60 * MINUTE);
    // Only the idle close of the one thread happens; no visitor comes or talks (and a closed thread keeps its
    // unread count, R7, so there is no unread event).
    expect(take().map((e) => e.type)).toEqual(['thread_status_changed']);
    expect(threads(runtime)).toHaveLength(1);
    expect(threads(runtime)[0]?.status).toBe('CLOSED');
  });

  it('turning autopilot on twice does not double its rate', () => {
    const { runtime, advance } = setup({ scenario: 'empty', autopilot: false });
    runtime.setAutopilot(true);
    runtime.setAutopilot(true);
    advance(10_000);
    expect(threads(runtime)).toHaveLength(1);
  });

  it('the flood scenario sends bursts, each announced by one coalesced unread_message_count', () => {
    const { runtime, take, advance } = setup({ scenario: 'flood', autopilot: true });
    take();
    advance(249);
    expect(take()).toEqual([]);
    advance(1);
    const burst = take();
    expect(unreadOf(burst)).toHaveLength(1);
    expect(unreadOf(burst)[0]?.data).toEqual(unreadSummary(runtime.world.peek()));
  });

  it('the idle tick auto-closes a visitor thread after 30 minutes of virtual time', () => {
    const { runtime, take, advance } = setup({ scenario: 'empty' });
    const uid = runtime.dispatch({ kind: 'visitorArrives', type: 'WORKGROUP' }).thread?.uid ?? '';
    take();
    expect(IDLE_CLOSE_MS).toBe(30 * MINUTE);
    advance(30 * MINUTE - 1);
    expect(runtime.world.peek().threads[uid]?.status).toBe('CHATTING');
    expect(take()).toEqual([]);
    advance(1);
    expect(runtime.world.peek().threads[uid]?.status).toBe('CLOSED');
    const events = take();
    expect(events[0]).toMatchObject({ type: 'thread_status_changed', data: { action: 'auto_close' } });
    // Closing keeps the unread count (R7): the totals did not change.
    expect(unreadOf(events)).toEqual([]);
  });

  it('checks for idle threads every 10 seconds', () => {
    const { runtime, advance } = setup({ scenario: 'empty' });
    advance(5_000);
    const uid = runtime.dispatch({ kind: 'visitorArrives', type: 'AGENT' }).thread?.uid ?? '';
    // Idle from T0+5s: due at T0+30min+5s, closed by the next tick, at T0+30min+10s.
    advance(30 * MINUTE);
    expect(runtime.world.peek().threads[uid]?.status).toBe('CHATTING');
    advance(4_999);
    expect(runtime.world.peek().threads[uid]?.status).toBe('CHATTING');
    advance(1);
    expect(runtime.world.peek().threads[uid]?.status).toBe('CLOSED');
    expect(runtime.clock.now()).toBe(T0 + 30 * MINUTE + 10_000);
  });

  it('activity postpones the idle close', () => {
    const { runtime, advance } = setup({ scenario: 'empty' });
    const uid = runtime.dispatch({ kind: 'visitorArrives', type: 'AGENT' }).thread?.uid ?? '';
    advance(20 * MINUTE);
    runtime.dispatch({ kind: 'visitorSends', threadUid: uid, content: 'still here' });
    advance(20 * MINUTE);
    expect(runtime.world.peek().threads[uid]?.status).toBe('CHATTING');
    advance(10 * MINUTE);
    expect(runtime.world.peek().threads[uid]?.status).toBe('CLOSED');
  });

  it('stop() halts ticks and autopilot', () => {
    const { runtime, take, advance } = setup({ scenario: 'empty', autopilot: true });
    runtime.dispatch({ kind: 'visitorArrives' });
    runtime.stop();
    take();
    const before: WorldState = runtime.world.peek();
    advance(2 * 60 * MINUTE);
    expect(take()).toEqual([]);
    expect(runtime.world.peek()).toBe(before);
  });
});

describe('Runtime timers', () => {
  it('a server call still waiting out its latency resolves as not done when the world is reset', async () => {
    const { runtime, advance } = setup({ latency: 500 });
    const pending = runtime.setStatus('BUSY');
    runtime.reset();
    await expect(pending).resolves.toBeNull();
    advance(1000);
    expect(runtime.world.peek().agent.status).toBe('AVAILABLE');
  });

  it('forgets timers once they fire, so hours of autopilot do not pile them up', () => {
    const { runtime, advance } = setup({ autopilot: true, latency: 10 });
    for (let i = 0; i < 200; i++) {
      void runtime.setStatus('BUSY');
      advance(10_000);
    }
    // One idle tick and one autopilot timer stay scheduled; everything that fired is gone.
    expect((runtime as unknown as { timers: Map<number, unknown> }).timers.size).toBeLessThanOrEqual(2);
  });
});

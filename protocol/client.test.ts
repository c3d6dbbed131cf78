/**
 * The host client without a DOM: a fake host window records its `message` listener, a fake iframe records
 * what is posted to it. Messages are delivered as `{ data, origin, source }`, the MessageEvent fields it reads.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NOW, Sim, stamp } from '../test-support/world-kit';
import { type AgentConsoleClient, type ConnectOptions, connectAgentConsole, EVENT_SOURCE, parseEvent } from './index';

const CONSOLE = 'http://127.0.0.1:5174';

function setup(options: Omit<ConnectOptions, 'window'> = {}, src = `${CONSOLE}/agent/chat`) {
  const listeners = new Set<(event: MessageEvent) => void>();
  const host = {
    location: { href: 'http://localhost:5173/' },
    addEventListener: (type: string, listener: (event: MessageEvent) => void) => {
      if (type === 'message') listeners.add(listener);
    },
    removeEventListener: (type: string, listener: (event: MessageEvent) => void) => {
      if (type === 'message') listeners.delete(listener);
    },
  };
  const posted: Array<{ message: unknown; targetOrigin: string }> = [];
  const contentWindow = {
    postMessage: (message: unknown, targetOrigin: string) => posted.push({ message, targetOrigin }),
  };
  const iframe = {
    src,
    contentWindow,
    ownerDocument: { defaultView: host },
    addEventListener: () => {},
    removeEventListener: () => {},
  };
  const client = connectAgentConsole(iframe as unknown as HTMLIFrameElement, {
    ...options,
    window: host as unknown as Window,
  });
  const deliver = (data: unknown, origin = CONSOLE, source: unknown = contentWindow) => {
    for (const listener of [...listeners]) listener({ data, origin, source } as unknown as MessageEvent);
  };
  return { client, posted, deliver, listeners, iframe };
}

const sim = new Sim({ scenario: 'demo' });
const unreadEvent = stamp(sim.events[0]!, NOW);
const statusEvent = stamp(sim.step({ kind: 'setStatus', status: 'BUSY' }).events[0]!, NOW + 1);

describe('connectAgentConsole: origin', () => {
  it('defaults to the origin of the iframe src', () => {
    expect(setup().client.consoleOrigin).toBe(CONSOLE);
  });

  it('resolves a relative src against the host page', () => {
    expect(setup({}, '/desktop').client.consoleOrigin).toBe('http://localhost:5173');
  });

  it('refuses an iframe without an http(s) origin rather than posting to "*"', () => {
    expect(() => setup({}, 'about:blank')).toThrow(
      'connectAgentConsole: consoleOrigin must be an http(s) origin; got "null"',
    );
  });

  it('refuses an iframe src that is not a URL at all, naming the empty origin', () => {
    expect(() => setup({}, 'http://[not-a-host')).toThrow(
      'connectAgentConsole: consoleOrigin must be an http(s) origin; got ""',
    );
  });

  it("listens on the iframe's own window when no window is given", () => {
    const added: string[] = [];
    const own = { location: { href: 'http://localhost:5173/' }, addEventListener: (type: string) => added.push(type) };
    // The iframe element itself is listened to for `load` only (a reload, docs/protocol.md §11).
    const iframe = {
      src: `${CONSOLE}/agent/chat`,
      contentWindow: {},
      ownerDocument: { defaultView: own },
      addEventListener: () => {},
    };
    connectAgentConsole(iframe as unknown as HTMLIFrameElement);
    expect(added).toEqual(['message']);
  });

  it('uses an explicit consoleOrigin over the src', () => {
    expect(setup({ consoleOrigin: 'https://kefu.example.com' }).client.consoleOrigin).toBe('https://kefu.example.com');
  });
});

describe('connectAgentConsole: commands', () => {
  it('posts the seed’s exact messages, to the console origin only', () => {
    const { client, posted } = setup();
    client.setStatus('BUSY');
    client.setAvailable();
    client.setBusy();
    client.setOffline();
    client.refreshThreads();
    client.clearUnread('1838275102935040');
    client.send({ type: 'refresh_threads' });
    client.sendRaw({ type: 'update_agent_status', data: { status: 'ONLINE' } });
    expect(posted.map((p) => p.message)).toEqual([
      { type: 'update_agent_status', data: { status: 'BUSY' } },
      { type: 'update_agent_status_available' },
      { type: 'update_agent_status_busy' },
      { type: 'update_agent_status_offline' },
      { type: 'refresh_threads' },
      { type: 'clear_unread_count', data: { threadUid: '1838275102935040' } },
      { type: 'refresh_threads' },
      { type: 'update_agent_status', data: { status: 'ONLINE' } },
    ]);
    expect(new Set(posted.map((p) => p.targetOrigin))).toEqual(new Set([CONSOLE]));
  });

  it('throws a clear error when the iframe has no window', () => {
    const { client, iframe } = setup();
    (iframe as { contentWindow: unknown }).contentWindow = null;
    expect(() => client.setBusy()).toThrow('the iframe has no window');
  });
});

describe('connectAgentConsole: events', () => {
  let t: ReturnType<typeof setup>;
  let client: AgentConsoleClient;
  beforeEach(() => {
    t = setup();
    client = t.client;
  });

  it('hands typed data to `on` and every event to `onEvent`, in order', () => {
    const unread = vi.fn();
    const all = vi.fn();
    client.on('unread_message_count', unread);
    client.onEvent(all);
    t.deliver(unreadEvent);
    t.deliver(statusEvent);
    expect(unread).toHaveBeenCalledExactlyOnceWith(unreadEvent.data, unreadEvent);
    expect(all.mock.calls.map(([e]) => e.type)).toEqual(['unread_message_count', 'agent_status_changed']);
  });

  it('drops messages from another origin or another window', () => {
    const all = vi.fn();
    client.onEvent(all);
    t.deliver(unreadEvent, 'http://evil.example');
    t.deliver(unreadEvent, CONSOLE, { postMessage() {} });
    expect(all).not.toHaveBeenCalled();
  });

  it('ignores foreign traffic silently and reports a console event whose data is not an object', () => {
    const all = vi.fn();
    const problems = vi.fn();
    client.onEvent(all);
    client.onProblem(problems);
    t.deliver({ type: 'webpackHotUpdate' });
    t.deliver({ ...unreadEvent, source: 'other' });
    expect(problems).not.toHaveBeenCalled();
    const broken = { type: 'unread_message_count', data: 3, timestamp: NOW, source: EVENT_SOURCE };
    t.deliver(broken);
    expect(problems).toHaveBeenCalledExactlyOnceWith({
      level: 'invalid',
      reason: 'unread_message_count: data must be an object',
      raw: broken,
    });
    expect(all).not.toHaveBeenCalled();
  });

  it('calls every live handler of one type, in subscription order', () => {
    const calls: string[] = [];
    client.on('agent_status_changed', () => calls.push('a'));
    client.on('agent_status_changed', () => calls.push('b'));
    t.deliver(statusEvent);
    expect(calls).toEqual(['a', 'b']);
  });

  it('unsubscribes one handler and keeps the others', () => {
    const a = vi.fn();
    const b = vi.fn();
    const c = vi.fn();
    const offA = client.on('agent_status_changed', a);
    client.on('agent_status_changed', b);
    client.on('agent_status_changed', c);
    t.deliver(statusEvent);
    offA();
    t.deliver(statusEvent);
    expect(a).toHaveBeenCalledOnce();
    expect(b).toHaveBeenCalledTimes(2);
    expect(c).toHaveBeenCalledTimes(2);
  });

  it('reports no problem for a valid event without validate', () => {
    const problems = vi.fn();
    const all = vi.fn();
    client.onProblem(problems);
    client.onEvent(all);
    t.deliver(statusEvent);
    t.deliver(unreadEvent);
    expect(all).toHaveBeenCalledTimes(2);
    expect(problems).not.toHaveBeenCalled();
  });

  it('takes a null message as foreign and a console event with data null as invalid, without throwing', () => {
    const problems = vi.fn();
    const all = vi.fn();
    client.onProblem(problems);
    client.onEvent(all);
    client.on('agent_status_changed', all);
    expect(() => t.deliver(null)).not.toThrow();
    const nullData = { ...statusEvent, data: null };
    t.deliver(nullData);
    expect(problems).toHaveBeenCalledExactlyOnceWith({
      level: 'invalid',
      reason: 'agent_status_changed: data must be an object',
      raw: nullData,
    });
    expect(all).not.toHaveBeenCalled();
  });

  it('close removes the listener from the host window', () => {
    const all = vi.fn();
    client.onEvent(all);
    expect(t.listeners.size).toBe(1);
    client.close();
    expect(t.listeners.size).toBe(0);
    t.deliver(unreadEvent);
    expect(all).not.toHaveBeenCalled();
  });
});

describe('connectAgentConsole with validate: parseEvent', () => {
  it('reports garbage as invalid, tolerated oddities as warnings, and still delivers warned events', () => {
    const { client, deliver } = setup({ validate: parseEvent });
    const problems = vi.fn();
    const all = vi.fn();
    client.onProblem(problems);
    client.onEvent(all);
    const bad = { ...statusEvent, data: { ...statusEvent.data, status: 7 } };
    deliver(bad);
    const rest = { ...statusEvent, data: { ...statusEvent.data, status: 'ONLINE' } };
    deliver(rest);
    const extended = { ...statusEvent, traceId: 'abc' };
    deliver(extended);
    expect(problems.mock.calls.map(([p]) => [p.level, p.reason])).toEqual([
      ['invalid', 'agent_status_changed: data.status must be a string; got 7'],
      ['warning', 'agent_status_changed: data.status is "ONLINE", a value the vendor is not known to send'],
      ['warning', 'agent_status_changed: unknown field traceId (kept)'],
    ]);
    expect(all.mock.calls.map(([e]) => e)).toEqual([rest, extended]);
  });

  it('without validate, still refuses what a host cannot work without (§9), zod-free', () => {
    const { client, deliver } = setup();
    const problems = vi.fn();
    const all = vi.fn();
    client.onProblem(problems);
    client.onEvent(all);
    deliver({ ...unreadEvent, data: { ...unreadEvent.data, totalUnreadCount: -1 } });
    deliver({ ...unreadEvent, data: { ...unreadEvent.data, unreadThreads: [{ content: 'no uid' }] } });
    deliver({ ...statusEvent, data: { agentInfo: null } });
    deliver({ type: 'new_visitor_message', data: {}, timestamp: 1, source: EVENT_SOURCE });
    deliver({ type: 'new_visitor_message', data: { thread: { uid: '1' } }, source: EVENT_SOURCE });
    expect(problems.mock.calls.map(([p]) => p.reason)).toEqual([
      'unread_message_count: data.totalUnreadCount must be an integer >= 0',
      'unread_message_count: data.unreadThreads must be an array of threads with a uid',
      'agent_status_changed: data.status must be a string',
      'new_visitor_message: data.thread must be a thread with a uid',
    ]);
    expect(all).toHaveBeenCalledExactlyOnceWith({
      type: 'new_visitor_message',
      data: { thread: { uid: '1' } },
      source: EVENT_SOURCE,
    });
  });
});

describe('waitFor', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves with the first event that satisfies the predicate, then stops listening', async () => {
    const { client, deliver } = setup();
    const waiting = client.waitFor('agent_status_changed', { predicate: (d) => d.status === 'OFFLINE' });
    deliver(statusEvent);
    const offline = { ...statusEvent, data: { ...statusEvent.data, status: 'OFFLINE' } };
    deliver(offline);
    await expect(waiting).resolves.toEqual(offline);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects after timeoutMs with the type in the message', async () => {
    const { client, deliver } = setup();
    const waiting = client.waitFor('thread_status_changed', { timeoutMs: 100 });
    const assertion = expect(waiting).rejects.toThrow('waitFor: no thread_status_changed event within 100 ms');
    deliver(unreadEvent);
    await vi.advanceTimersByTimeAsync(100);
    await assertion;
  });
});

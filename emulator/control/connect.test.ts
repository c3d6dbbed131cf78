import { afterEach, describe, expect, it } from 'vitest';
import type { ControlReply } from '../../common/control-wire';
import { testRuntime } from '../../test-support/test-runtime';
import { createTestApi, type EmulatorTestApi } from '../simulator/testApi';
import {
  type ConnectControlOptions,
  connectControl,
  type EventSourceLike,
  frameNameStore,
  PAGE_ID_KEY,
} from './connect';

/** An EventSource the test drives by hand: deliver requests, fail it, replace it. */
class FakeEventSource implements EventSourceLike {
  static opened: FakeEventSource[] = [];
  readyState = 0;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  private listeners = new Map<string, ((event: MessageEvent) => void)[]>();

  constructor(readonly url: string) {
    FakeEventSource.opened.push(this);
  }
  addEventListener(type: string, listener: (event: MessageEvent) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close() {
    this.readyState = 2;
  }
  deliver(data: unknown) {
    this.onmessage?.({ data: typeof data === 'string' ? data : JSON.stringify(data) } as MessageEvent);
  }
  emit(type: string) {
    for (const listener of this.listeners.get(type) ?? []) listener({ data: '{}' } as MessageEvent);
  }
  fail(readyState: 0 | 2) {
    this.readyState = readyState;
    this.onerror?.(new Event('error'));
  }
}

const memoryStorage = (initial: Record<string, string> = {}) => {
  const data = new Map(Object.entries(initial));
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data };
};

afterEach(() => {
  FakeEventSource.opened = [];
});

function setup(api: Partial<EmulatorTestApi>, overrides: Partial<ConnectControlOptions> = {}) {
  const posts: { url: string; body: ControlReply }[] = [];
  const warnings: string[] = [];
  let ids = 0;
  const connection = connectControl(api as EmulatorTestApi, {
    url: 'http://127.0.0.1:5174/agent/chat?seed=3',
    world: 'w1',
    parent: 'http://localhost:5173',
    EventSource: FakeEventSource,
    fetch: async (url, init) => {
      posts.push({ url, body: JSON.parse(String(init.body)) });
    },
    storage: memoryStorage(),
    randomId: () => `id${++ids}`,
    warn: (message) => warnings.push(message),
    ...overrides,
  });
  const stream = () => FakeEventSource.opened.at(-1) as FakeEventSource;
  const replies = async (count: number) => {
    await expect.poll(() => posts.length).toBe(count);
    return posts;
  };
  return { connection, posts, warnings, stream, replies };
}

describe('connectControl: the stream', () => {
  it('opens the SSE stream with its page id and address', () => {
    const { connection, stream } = setup({});
    expect(connection?.id).toBe('id1');
    expect(stream().url).toBe(
      `/__emulator/w/w1/pages/connect?id=id1&url=${encodeURIComponent('http://127.0.0.1:5174/agent/chat?seed=3')}` +
        `&parent=${encodeURIComponent('http://localhost:5173')}`,
    );
  });

  it('keeps its id in storage, so a reload reconnects as the same page', () => {
    const storage = memoryStorage();
    const first = setup({}, { storage }).connection;
    const second = setup({}, { storage, randomId: () => 'other' }).connection;
    expect(storage.data.get(PAGE_ID_KEY)).toBe('id1');
    expect(second?.id).toBe(first?.id);
  });

  it('replaces a stored id that does not fit the pattern', () => {
    const storage = memoryStorage({ [PAGE_ID_KEY]: 'bad id/' });
    expect(setup({}, { storage }).connection?.id).toBe('id1');
  });

  it('still connects when storage throws (a blocked third-party frame)', () => {
    const storage = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {},
    };
    expect(setup({}, { storage }).connection?.id).toBe('id1');
  });

  it('does nothing where EventSource does not exist', () => {
    const connection = connectControl({} as EmulatorTestApi, {
      url: 'x',
      world: 'w1',
      EventSource: undefined as unknown as ConnectControlOptions['EventSource'],
    });
    // Node has no EventSource, so the default is absent here too.
    expect(connection).toBeNull();
  });

  it('lets EventSource retry a dropped connection, and stops with one warning once the browser gives up', () => {
    const { stream, warnings } = setup({});
    stream().fail(0);
    expect(warnings).toEqual([]);
    stream().fail(2);
    expect(warnings).toEqual([
      'control: this server/__emulator/pages/connect refused the stream (no control API there, or a page framed by ' +
        'this parent may not register: see the answer in the network panel); this page cannot be driven over HTTP',
    ]);
    expect(FakeEventSource.opened).toHaveLength(1);
  });

  it('moves to a fresh id, unsaved, when another page with its id replaced it', () => {
    const storage = memoryStorage();
    const { connection, stream } = setup({}, { storage });
    const first = stream();
    first.emit('replaced');
    expect(first.readyState).toBe(2);
    expect(connection?.id).toBe('id2');
    expect(stream().url).toContain('id=id2&');
    expect(storage.data.get(PAGE_ID_KEY)).toBe('id1');
  });

  it('close() ends the stream', () => {
    const { connection, stream } = setup({});
    connection?.close();
    expect(stream().readyState).toBe(2);
  });
});

describe('connectControl: requests', () => {
  it('runs an allowed method with its args and posts the value to its replies path', async () => {
    const calls: unknown[][] = [];
    const { stream, replies } = setup({
      visitorSends: (...args: unknown[]) => void calls.push(args),
      state: () => ({ totalUnreadCount: 3 }) as ReturnType<EmulatorTestApi['state']>,
    });
    stream().deliver({ id: 'c1', method: 'visitorSends', args: ['42', 'hello'] });
    stream().deliver({ id: 'c2', method: 'state', args: [] });
    const posted = await replies(2);
    expect(calls).toEqual([['42', 'hello']]);
    expect(posted).toEqual([
      { url: '/__emulator/pages/id1/replies/c1', body: { id: 'c1', ok: true } },
      { url: '/__emulator/pages/id1/replies/c2', body: { id: 'c2', ok: true, value: { totalUnreadCount: 3 } } },
    ]);
  });

  it('posts the thrown message as an error reply', async () => {
    const { stream, replies } = setup({
      acceptThread: () => {
        throw new Error('acceptThread: thread 9 is CHATTING, not QUEUING');
      },
    });
    stream().deliver({ id: 'c1', method: 'acceptThread', args: ['9'] });
    expect((await replies(1))[0]?.body).toEqual({
      id: 'c1',
      ok: false,
      error: 'acceptThread: thread 9 is CHATTING, not QUEUING',
    });
  });

  it.each([
    ['a method outside the allowlist', 'setStatus', []],
    ['a prototype property', 'constructor', []],
    ['a non-string method', 7, []],
  ])('refuses %s with an error reply naming the allowed methods', async (_label, method, args) => {
    let reached = false;
    const { stream, replies } = setup({
      setStatus: async () => {
        reached = true;
      },
    });
    stream().deliver({ id: 'c1', method, args });
    const reply = (await replies(1))[0]?.body;
    expect(reply).toEqual({
      id: 'c1',
      ok: false,
      error: `unknown control method ${JSON.stringify(method)}; expected one of state, log, violations, counts, visitorArrives, visitorSends, colleagueSends, closeThread, acceptThread, reset, reload`,
    });
    expect(reached).toBe(false);
  });

  it('refuses args that are not an array', async () => {
    const { stream, replies } = setup({ state: () => ({}) as ReturnType<EmulatorTestApi['state']> });
    stream().deliver({ id: 'c1', method: 'state', args: 'x' });
    expect((await replies(1))[0]?.body).toEqual({
      id: 'c1',
      ok: false,
      error: 'state: args must be an array; got "x"',
    });
  });

  it('ignores, with a warning, a request it cannot answer (no JSON, no id)', async () => {
    const { stream, posts, warnings } = setup({});
    stream().deliver('not json');
    stream().deliver({ method: 'state', args: [] });
    await expect.poll(() => warnings.length).toBe(2);
    expect(warnings[0]).toBe('control: ignored a request that is not JSON: "not json"');
    expect(warnings[1]).toMatch(/^control: ignored a request without an id: /);
    expect(posts).toEqual([]);
  });

  it('answers on the id the request came in on, even after moving to a new one', async () => {
    let release: () => void = () => {};
    const { stream, replies } = setup({
      state: () => new Promise((resolve) => (release = () => resolve({}))) as never,
    });
    const first = stream();
    first.deliver({ id: 'c1', method: 'state', args: [] });
    first.emit('replaced');
    release();
    expect((await replies(1))[0]?.url).toBe('/__emulator/pages/id1/replies/c1');
  });

  it('drives the real test API: a visitor arrives and a refused call reports the world’s reason', async () => {
    const runtime = testRuntime({ params: { scenario: 'empty' } });
    runtime.start();
    try {
      const { stream, replies } = setup(createTestApi(runtime, true));
      stream().deliver({ id: 'c1', method: 'visitorArrives', args: [{ nickname: 'Ann' }] });
      stream().deliver({ id: 'c2', method: 'acceptThread', args: ['nope'] });
      const posted = await replies(2);
      const reply = (id: string) => posted.find((p) => p.body.id === id)?.body;
      const [arrived, refused] = [reply('c1'), reply('c2')];
      expect(arrived).toMatchObject({ id: 'c1', ok: true, value: { user: { nickname: 'Ann' }, status: 'CHATTING' } });
      expect(refused).toMatchObject({ id: 'c2', ok: false });
      expect((refused as { error: string }).error).toMatch(/nope/);
      expect(runtime.world.peek().threads).not.toEqual({});
    } finally {
      runtime.stop();
    }
  });
});

describe('frameNameStore: the page id where storage is denied', () => {
  it("keeps the id in the frame's empty name, across what a reload keeps", () => {
    const win = { name: '' };
    const first = frameNameStore(win);
    expect(first?.getItem(PAGE_ID_KEY)).toBeNull();
    first?.setItem(PAGE_ID_KEY, 'k3f9a2');
    expect(frameNameStore(win)?.getItem(PAGE_ID_KEY)).toBe('k3f9a2');
  });

  it('leaves a name the host gave its iframe alone', () => {
    expect(frameNameStore({ name: 'bytedesk' })).toBeNull();
  });
});

import { type ClientRequest, createServer, get, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ControlRequest } from '../common/control-wire';
import { type ControlHandler, type ControlOptions, createControlHandler } from './control-server';

interface SseEvent {
  event: string;
  data: string;
}

/** A stand-in for an emulator page: reads the SSE stream, answers each request with `answer`. */
interface FakePage {
  id: string;
  requests: ControlRequest[];
  events: SseEvent[];
  closed: Promise<void>;
  disconnect(): void;
  /** Stops reading the stream, as a frozen tab would. */
  pause(): void;
  /** Everything the stream carried so far, comments included. */
  raw(): string;
}

type Answer = (request: ControlRequest) => { ok: true; value?: unknown } | { ok: false; error: string } | 'ignore';

let server: Server;
let control: ControlHandler;
let base: string;

async function listen(timeoutMs = 5000, options: ControlOptions = {}): Promise<void> {
  control = createControlHandler({ timeoutMs, ...options });
  server = createServer((req, res) => {
    void control.handle(req, res).then((handled) => {
      if (!handled) res.writeHead(200, { 'content-type': 'text/plain' }).end('fell through');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeEach(() => listen());
afterEach(async () => {
  control.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Starts over with other options (limits, a token, an allowlist). */
async function restart(timeoutMs: number, options: ControlOptions = {}): Promise<void> {
  control.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await listen(timeoutMs, options);
}

function connectPage(
  id: string,
  url = `http://127.0.0.1/agent/chat?page=${id}`,
  answer: Answer = () => ({ ok: true }),
  world = 'w1',
  parent = '',
) {
  return new Promise<FakePage>((resolve, reject) => {
    const requests: ControlRequest[] = [];
    const events: SseEvent[] = [];
    let request: ClientRequest;
    let closedResolve: () => void;
    const closed = new Promise<void>((r) => {
      closedResolve = r;
    });
    request = get(
      `${base}/__emulator/w/${world}/pages/connect?id=${id}&url=${encodeURIComponent(url)}&parent=${encodeURIComponent(parent)}`,
      (res: IncomingMessage) => {
        if (res.statusCode !== 200) {
          reject(new Error(`connect answered ${res.statusCode}`));
          return;
        }
        let buffer = '';
        let raw = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          raw += chunk;
          buffer += chunk;
          for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const lines = block.split('\n');
            const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6));
            if (data.length === 0) continue;
            const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message';
            events.push({ event, data: data.join('\n') });
            if (event !== 'message') continue;
            const call = JSON.parse(data.join('\n')) as ControlRequest;
            requests.push(call);
            const reply = answer(call);
            if (reply !== 'ignore')
              void postJson(`/__emulator/pages/${id}/replies/${call.id}`, { id: call.id, ...reply });
          }
        });
        res.on('close', () => closedResolve());
        // The server has registered the page once the stream's first bytes arrive.
        res.once('data', () =>
          resolve({
            id,
            requests,
            events,
            closed,
            disconnect: () => request.destroy(),
            pause: () => res.pause(),
            raw: () => raw,
          }),
        );
      },
    );
    request.on('error', () => closedResolve());
  });
}

async function postJson(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: response.status === 204 ? null : await response.json() };
}

async function getJson(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}${path}`, { headers });
  return { status: response.status, body: await response.json() };
}

describe('the control API routes', () => {
  it('leaves paths outside /__emulator/ to the caller', async () => {
    const response = await fetch(`${base}/agent/chat`);
    expect(await response.text()).toBe('fell through');
  });

  it('answers an unknown endpoint with 404 and the list of valid ones', async () => {
    const { status, body } = await getJson('/__emulator/nope');
    expect(status).toBe(404);
    expect(body.error).toBe('unknown endpoint GET /__emulator/nope');
    expect(body.endpoints).toContain('GET /__emulator/w/<world>/state');
    expect(body.endpoints).toContain('POST /__emulator/w/<world>/visitor-sends { threadUid: string, content: string }');
  });

  it('answers a wrong method with 405 and the allowed one', async () => {
    const response = await fetch(`${base}/__emulator/state`, { method: 'POST' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
    expect((await response.json()).error).toBe('POST /__emulator/state is not allowed; use GET');
  });

  it('refuses requests from another site (CSRF) but accepts the page’s own origin', async () => {
    await connectPage('p1', undefined, () => ({ ok: true, value: 1 }));
    const foreign = await getJson('/__emulator/state', { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error).toContain('Origin https://evil.example');
    const own = await getJson('/__emulator/state', { origin: base });
    expect(own.status).toBe(200);
  });
});

describe('pages and worlds', () => {
  it('answers 503 before any page has connected or saved a world', async () => {
    const { status, body } = await getJson('/__emulator/state');
    expect(status).toBe(503);
    expect(body.error).toBe('no world yet: no emulator page has connected or saved one');
  });

  it('lists connected pages in connection order, each with its world', async () => {
    await connectPage('older', 'http://127.0.0.1/agent/chat?seed=1', undefined, 'a');
    await connectPage('newer', 'http://127.0.0.1/agent/chat?seed=2', undefined, 'b');
    const { status, body } = await getJson('/__emulator/pages');
    expect(status).toBe(200);
    expect(body.default).toBeUndefined();
    expect(body.pages.map((p: { id: string; world: string; url: string }) => [p.id, p.world, p.url])).toEqual([
      ['older', 'a', 'http://127.0.0.1/agent/chat?seed=1'],
      ['newer', 'b', 'http://127.0.0.1/agent/chat?seed=2'],
    ]);
    expect(Date.parse(body.pages[0].connectedAt)).not.toBeNaN();
    expect((await getJson('/__emulator/w/b/pages')).body).toMatchObject({ world: 'b', pages: [{ id: 'newer' }] });
  });

  // Fails on the old code: it sent unnamed calls to "the newest page", whichever worker or site that was.
  it('refuses an unnamed call with 409 listing the worlds when several could answer; never guesses', async () => {
    const a = await connectPage('pa', undefined, () => ({ ok: true, value: 'from a' }), 'a');
    const b = await connectPage('pb', undefined, () => ({ ok: true, value: 'from b' }), 'b');
    const refused = await postJson('/__emulator/visitor-arrives', {});
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe(
      '2 worlds could answer; name one: /__emulator/w/<world>/… or ?world=<world> (a, b)',
    );
    expect(refused.body.worlds).toEqual(['a', 'b']);
    expect(a.requests).toEqual([]);
    expect(b.requests).toEqual([]);
    expect((await getJson('/__emulator/w/a/state')).body).toEqual({ world: 'a', page: 'pa', value: 'from a' });
    expect((await getJson('/__emulator/state?world=b')).body).toEqual({ world: 'b', page: 'pb', value: 'from b' });
    expect((await getJson('/__emulator/state?page=pa')).body).toEqual({ world: 'a', page: 'pa', value: 'from a' });
  });

  it('answers an unnamed call when only one world exists', async () => {
    await connectPage('p', undefined, () => ({ ok: true, value: 1 }), 'solo');
    expect((await getJson('/__emulator/state')).body).toEqual({ world: 'solo', page: 'p', value: 1 });
  });

  it('refuses a call needing a page with 409 listing the pages when a world has several', async () => {
    await connectPage('one', 'http://127.0.0.1/one', undefined, 'w');
    await connectPage('two', 'http://127.0.0.1/two', undefined, 'w');
    const { status, body } = await postJson('/__emulator/w/w/visitor-arrives', {});
    expect(status).toBe(409);
    expect(body.error).toBe(
      'world w has 2 pages open; name one with ?page=<id>: one (http://127.0.0.1/one), two (http://127.0.0.1/two)',
    );
    expect((await postJson('/__emulator/w/w/visitor-arrives?page=two', {})).status).toBe(200);
  });

  it('answers 404 naming the connected pages for an unknown ?page=, and for a page of another world', async () => {
    await connectPage('abc', undefined, undefined, 'w1');
    const unknown = await getJson('/__emulator/state?page=zzz');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('no connected page "zzz"; connected: abc (world w1)');
    const elsewhere = await getJson('/__emulator/w/other/state?page=abc');
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.error).toBe('no connected page "abc" in world other; connected: none');
  });

  it('answers 404 for a world nobody opened, and 503 naming the world for a call needing a page', async () => {
    await putWorld('kept', { world: { threads: {} }, reads: {} });
    const nobody = await getJson('/__emulator/w/nobody/state');
    expect(nobody.status).toBe(404);
    expect(nobody.body.error).toBe('no world nobody: no page of it has connected or saved; known: kept');
    const call = await postJson('/__emulator/w/kept/visitor-arrives', {});
    expect(call.status).toBe(503);
    expect(call.body.error).toBe(
      'world kept has no page open, and visitor-arrives needs one: open the console with ?world=kept',
    );
  });

  it('refuses a world name that is not one, and a path and query naming two worlds', async () => {
    expect((await getJson('/__emulator/w/..%2F/state')).status).toBe(400);
    expect((await getJson('/__emulator/state?world=.hidden')).body.error).toMatch(/^a world name must match /);
    expect((await getJson('/__emulator/w/a/state?world=b')).body.error).toBe(
      'the path names world a and ?world= names "b"; name one',
    );
  });

  it('forgets a page whose stream closes, failing its waiting call with 503', async () => {
    const page = await connectPage('gone', undefined, () => 'ignore');
    const waiting = getJson('/__emulator/state');
    await expect.poll(() => page.requests.length).toBe(1);
    page.disconnect();
    const { status, body } = await waiting;
    expect(status).toBe(503);
    expect(body.error).toBe('page gone of world w1 disconnected before answering state');
    expect((await getJson('/__emulator/pages')).body.pages).toEqual([]);
  });

  it('tells the old stream it was replaced when a page connects again with the same id', async () => {
    const first = await connectPage('same', 'http://127.0.0.1/first', () => ({ ok: true, value: 'first' }));
    await connectPage('same', 'http://127.0.0.1/second', () => ({ ok: true, value: 'second' }));
    await first.closed;
    expect(first.events.map((e) => e.event)).toEqual(['replaced']);
    expect((await getJson('/__emulator/state')).body).toEqual({ world: 'w1', page: 'same', value: 'second' });
    expect((await getJson('/__emulator/pages')).body.pages).toHaveLength(1);
  });

  it('refuses a page id that would not fit a URL path', async () => {
    const response = await fetch(`${base}/__emulator/w/w1/pages/connect?id=${encodeURIComponent('a b/c')}`);
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe('pages/connect: id must match ^[A-Za-z0-9_-]{1,64}$; got "a b/c"');
  });

  it('ends every stream on close()', async () => {
    const page = await connectPage('p');
    control.close();
    await page.closed;
    expect((await getJson('/__emulator/w/w1/visitor-arrives')).status).toBe(405);
    expect((await postJson('/__emulator/w/w1/visitor-arrives', {})).status).toBe(404);
  });
});

async function putWorld(world: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}/__emulator/w/${world}/world`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

describe('the worlds the server keeps', () => {
  const world = (uid: string) => ({
    agent: { uid: 'a1', nickname: 'SuperAdmin' },
    threads: { [uid]: { uid, top: false, star: false, unreadCount: 2, updatedAt: '2025-06-01 10:00:00' } },
  });

  it('hands a save back to the next page of the world, and to no other world', async () => {
    // Nothing kept yet: 204, not an error a browser would log.
    expect((await fetch(`${base}/__emulator/w/a/world`)).status).toBe(204);
    expect((await putWorld('a', { at: 1, world: world('t1'), reads: {} })).status).toBe(204);
    const loaded = await fetch(`${base}/__emulator/w/a/world`);
    expect(loaded.status).toBe(200);
    expect(await loaded.json()).toEqual(world('t1'));
    expect((await fetch(`${base}/__emulator/w/b/world`)).status).toBe(204);
  });

  it('keeps the newer of two crossing saves (a reload: the old page’s last save arrives late)', async () => {
    await putWorld('a', { at: 20, world: world('new'), reads: {} });
    await putWorld('a', { at: 10, world: world('old'), reads: {} });
    expect(Object.keys((await (await fetch(`${base}/__emulator/w/a/world`)).json()).threads)).toEqual(['new']);
  });

  // Fails on the old code: reads needed a connected page (503 "no emulator page is connected").
  it('answers state and the kept reads once no page of the world is open', async () => {
    const log = [{ at: 1, direction: 'in', type: 'x', outcome: 'violation' }];
    await putWorld('a', { at: 1, world: world('t1'), reads: { log, violations: log } });
    const state = await getJson('/__emulator/w/a/state');
    expect(state.status).toBe(200);
    expect(state.body.world).toBe('a');
    expect(state.body.page).toBeNull();
    expect(state.body.value.threads.map((t: { uid: string }) => t.uid)).toEqual(['t1']);
    expect((await getJson('/__emulator/w/a/log')).body).toEqual({ world: 'a', page: null, value: log });
    expect((await getJson('/__emulator/w/a/violations')).body.value).toEqual(log);
  });

  it('keeps the last reads when a save comes without any (the page sends them every few seconds)', async () => {
    await putWorld('a', { at: 1, world: world('t1'), reads: { log: ['first'] } });
    await putWorld('a', { at: 2, world: world('t2') });
    expect((await getJson('/__emulator/w/a/log')).body.value).toEqual(['first']);
    expect((await getJson('/__emulator/w/a/state')).body.value.threads.map((t: { uid: string }) => t.uid)).toEqual([
      't2',
    ]);
  });

  it('refuses a save that is not one, and one without a declared length, saying what it expected', async () => {
    const bad = await putWorld('a', { world: 3 });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error).toBe('w/a/world: the body must be { world: {…}, reads: {…} }; got {"world":3}');
  });

  // Fails on the old code: it read 32 MiB of a body before checking anything.
  it('refuses a save larger than its limit before reading it', async () => {
    await restart(5000, { limits: { saveBytes: 1000 } });
    const big = await putWorld('a', { at: 1, world: { pad: 'x'.repeat(2000) }, reads: {} });
    expect(big.status).toBe(413);
    expect(JSON.parse(big.text).error).toMatch(/^w\/a\/world: the save is \d+ bytes; at most 1000 allowed$/);
  });

  it('forgets the least recently used world without a page once it keeps too many', async () => {
    await restart(5000, { limits: { maxWorlds: 2 } });
    await connectPage('p', undefined, undefined, 'open');
    await putWorld('open', { at: 1, world: world('o'), reads: {} });
    await putWorld('first', { at: 1, world: world('f'), reads: {} });
    await putWorld('second', { at: 1, world: world('s'), reads: {} });
    expect((await getJson('/__emulator/worlds')).body.worlds.map((w: { name: string }) => w.name)).toEqual([
      'open',
      'second',
    ]);
  });
});

describe('calls relayed to the page', () => {
  it.each([
    ['GET', 'state', undefined, 'state', []],
    ['GET', 'log', undefined, 'log', []],
    ['GET', 'violations', undefined, 'violations', []],
    ['POST', 'visitor-arrives', { nickname: 'Ann' }, 'visitorArrives', [{ nickname: 'Ann' }]],
    ['POST', 'visitor-arrives', undefined, 'visitorArrives', [{}]],
    ['POST', 'visitor-sends', { threadUid: '1', content: 'hi' }, 'visitorSends', ['1', 'hi']],
    ['POST', 'colleague-sends', { content: 'yo' }, 'colleagueSends', [{ content: 'yo' }]],
    ['POST', 'close', { threadUid: '1' }, 'closeThread', ['1', { auto: false }]],
    ['POST', 'close', { threadUid: '1', auto: true }, 'closeThread', ['1', { auto: true }]],
    ['POST', 'accept', { threadUid: '1' }, 'acceptThread', ['1']],
    ['POST', 'reset', { seed: 7, scenario: 'empty' }, 'reset', [{ seed: 7, scenario: 'empty' }]],
    ['POST', 'reset', {}, 'reset', [{}]],
  ])('%s %s %j calls %s with %j', async (method, name, body, call, args) => {
    const page = await connectPage('p', undefined, () => ({ ok: true, value: { echoed: true } }));
    const response = await fetch(`${base}/__emulator/${name}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ world: 'w1', page: 'p', value: { echoed: true } });
    expect(page.requests.map(({ method, args }) => ({ method, args }))).toEqual([{ method: call, args }]);
  });

  it('answers null for a method that returns nothing', async () => {
    await connectPage('p', undefined, () => ({ ok: true }));
    expect((await postJson('/__emulator/accept', { threadUid: '1' })).body).toEqual({
      world: 'w1',
      page: 'p',
      value: null,
    });
  });

  it('answers 422 with the page’s error message when the test API throws', async () => {
    await connectPage('p', undefined, () => ({ ok: false, error: 'acceptThread: thread 1 is CHATTING, not QUEUING' }));
    const { status, body } = await postJson('/__emulator/accept', { threadUid: '1' });
    expect(status).toBe(422);
    expect(body).toEqual({ world: 'w1', page: 'p', error: 'acceptThread: thread 1 is CHATTING, not QUEUING' });
  });

  it('answers 504 when the page does not reply in time, and 410 to its late reply', async () => {
    await restart(150);
    const page = await connectPage('slow', undefined, () => 'ignore');
    const started = Date.now();
    const { status, body } = await getJson('/__emulator/state');
    expect(status).toBe(504);
    expect(body.error).toBe('page slow did not answer state within 150 ms');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    const late = await postJson(`/__emulator/pages/slow/replies/${page.requests[0]?.id}`, {
      id: page.requests[0]?.id,
      ok: true,
    });
    expect(late.status).toBe(410);
  });
});

describe('bad input', () => {
  beforeEach(async () => {
    await connectPage('p');
  });

  it.each([
    ['visitor-sends', '{"threadUid": 1', /^visitor-sends: the body must be JSON; got "\{\\"threadUid\\": 1" \(/],
    [
      'visitor-sends',
      '[1]',
      /^visitor-sends: the body must be a JSON object \{ threadUid: string, content: string \}; got \[1\]$/,
    ],
    ['visitor-sends', '{"threadUid": 1, "content": "x"}', /^visitor-sends: threadUid must be a string; got 1$/],
    [
      'visitor-sends',
      '{"content": "x"}',
      /^visitor-sends: threadUid must be a string; got nothing \(the field is missing\)$/,
    ],
    [
      'visitor-sends',
      '{"threadUID": "1", "content": "x"}',
      /^visitor-sends: unknown field "threadUID"; expected only threadUid, content$/,
    ],
    ['visitor-arrives', '{"type": "ROBOT"}', /^visitor-arrives: type must be one of AGENT, WORKGROUP; got "ROBOT"$/],
    ['close', '{"threadUid": "1", "auto": "yes"}', /^close: auto must be true or false; got "yes"$/],
    ['reset', '{"seed": -1}', /^reset: seed must be an integer from 0 to 4294967295; got -1$/],
    ['reset', '{"scenario": "busy"}', /^reset: scenario must be one of demo, empty, busy-queue, flood; got "busy"$/],
    ['reset', '{"__proto__": {"seed": 1}}', /^reset: unknown field "__proto__"; expected only seed, scenario$/],
  ])('POST %s %s → 400', async (name, body, reason) => {
    const { status, body: answer } = await postJson(`/__emulator/${name}`, body);
    expect(status).toBe(400);
    expect(answer.error).toMatch(reason);
  });

  it('refuses a malformed reply with 400 naming the field', async () => {
    const page = await connectPage('q', undefined, () => 'ignore', 'w2');
    const waiting = getJson('/__emulator/w/w2/state');
    await expect.poll(() => page.requests.length).toBe(1);
    const callId = page.requests[0]?.id as string;
    const { status, body } = await postJson(`/__emulator/pages/q/replies/${callId}`, { id: callId, ok: 'yes' });
    expect(status).toBe(400);
    expect(body.error).toBe(`pages/q/replies/${callId}: reply.ok must be true or false; got "yes"`);
    page.disconnect();
    await waiting;
  });

  it('refuses a reply for a page that is not connected with 404', async () => {
    const { status, body } = await postJson('/__emulator/pages/ghost/replies/c1', { id: 'c1', ok: true });
    expect(status).toBe(404);
    expect(body.error).toBe('pages/ghost/replies/c1: no connected page "ghost"');
  });
});

/** A raw request whose body is declared but never sent: answered at once only if the server does not wait for it. */
function declareOnly(path: string, method: string, length: number, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'content-length': String(length), ...headers },
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body });
        req.destroy();
      });
    });
    req.on('error', reject);
    req.flushHeaders();
  });
}

describe('attacks (issue #12): each of these succeeded on the old code', () => {
  // Old: an EventSource or <img> from any site registered a page that became "the newest" and took CI's calls.
  it('refuses requests another site sends through a browser (Sec-Fetch-Site)', async () => {
    const { status, body } = await getJson('/__emulator/w/w1/state', { 'sec-fetch-site': 'cross-site' });
    expect(status).toBe(403);
    expect(body.error).toMatch(/Sec-Fetch-Site: cross-site/);
    const connect = await fetch(`${base}/__emulator/w/w1/pages/connect?id=evil`, {
      headers: { 'sec-fetch-site': 'same-site' },
    });
    expect(connect.status).toBe(403);
  });

  // Old: any framing site's page registered and became the default target.
  it('lets only pages framed by an allowed origin register: loopback by default, else --allow-origin', async () => {
    await expect(connectPage('evil', undefined, undefined, 'w1', 'https://evil.example')).rejects.toThrow(
      'connect answered 403',
    );
    await connectPage('local', undefined, undefined, 'w1', 'http://localhost:3000');
    await connectPage('sub', undefined, undefined, 'w1', 'http://app.localhost:8080');
    await restart(5000, { allowOrigin: ['https://crm.example.com'] });
    await expect(connectPage('l2', undefined, undefined, 'w1', 'http://localhost:3000')).rejects.toThrow('403');
    await connectPage('crm', undefined, undefined, 'w1', 'https://crm.example.com');
  });

  it('requires the control token on CI calls when one is set, but not on the pages’ own channel', async () => {
    await restart(5000, { token: 'sekret-token' });
    await connectPage('p', undefined, () => ({ ok: true, value: 1 }));
    const missing = await getJson('/__emulator/w/w1/state');
    expect(missing.status).toBe(401);
    expect(missing.body.error).toBe(
      'this server requires its control token (serve --control-token): send Authorization: Bearer <token>',
    );
    expect((await getJson('/__emulator/w/w1/state', { authorization: 'Bearer wrong-token!' })).status).toBe(401);
    expect((await getJson('/__emulator/pages', { authorization: 'Bearer sekret-token' })).status).toBe(200);
    expect((await getJson('/__emulator/w/w1/state', { authorization: 'Bearer sekret-token' })).status).toBe(200);
  });

  // Old: the replies endpoint read up to 32 MiB before looking the page up (24 requests: ~1 GB).
  it('answers a reply for an unknown page or call before reading its body', async () => {
    await connectPage('p');
    const unknownPage = await declareOnly('/__emulator/pages/ghost/replies/c1', 'POST', 30_000_000);
    expect(unknownPage.status).toBe(404);
    const unknownCall = await declareOnly('/__emulator/pages/p/replies/c999', 'POST', 30_000_000);
    expect(unknownCall.status).toBe(410);
  });

  it('refuses a CI body over its limit before reading it', async () => {
    await connectPage('p');
    const big = await declareOnly('/__emulator/w/w1/visitor-arrives', 'POST', 10_000_000);
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body).error).toBe('visitor-arrives: the body is 10000000 bytes; at most 65536 allowed');
  });

  // Old: page count and URL length were uncapped, and a 404 listed every page.
  it('caps pages per world and URL length, and truncates the lists in errors', async () => {
    await restart(5000, { limits: { pagesPerWorld: 3 } });
    for (const id of ['a', 'b', 'c']) await connectPage(id);
    await expect(connectPage('d')).rejects.toThrow('connect answered 429');
    const long = await getJson(`/__emulator/w/w1/state?pad=${'x'.repeat(9000)}`);
    expect(long.status).toBe(414);
    await restart(5000, { limits: { pagesPerWorld: 40 } });
    for (let i = 0; i < 25; i++) await connectPage(`p${i}`);
    const { body } = await getJson('/__emulator/state?page=nope');
    expect(body.error).toMatch(/ and 5 more$/);
    expect(body.pages).toHaveLength(20);
  });

  // Old: 40 unread answers grew the server to 5 GB. Now answers slow clients have not taken are counted, and past
  // the limit calls wait their turn (503) instead of piling up more.
  it('refuses calls while answers to clients that do not read them exceed the limit', async () => {
    await restart(5000, { limits: { unsentBytes: 1024 * 1024 } });
    const big = 'x'.repeat(6 * 1024 * 1024);
    await connectPage('p', undefined, () => ({ ok: true, value: big }));
    const stalled: ClientRequest[] = [];
    await new Promise<void>((resolve, reject) => {
      const req = request(`${base}/__emulator/w/w1/state`, (res) => {
        res.pause();
        resolve();
      });
      req.on('error', reject);
      req.end();
      stalled.push(req);
    });
    // The answer was written at once: past the limit, the next call is refused without asking the page.
    await expect.poll(async () => (await getJson('/__emulator/w/w1/state')).status).toBe(503);
    const refused = await fetch(`${base}/__emulator/w/w1/log`);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect((await refused.json()).error).toBe('answers to slow clients are still being sent; try again');
    for (const req of stalled) req.destroy();
    await expect.poll(async () => (await getJson('/__emulator/pages')).status).toBe(200);
  });

  // Old: a page that stopped reading its stream made the server buffer every request for it, without end.
  it('drops a page that does not read its stream instead of buffering for it', async () => {
    await restart(60_000, { limits: { streamBytes: 64 * 1024, pendingPerPage: 10_000 } });
    const page = await connectPage('stuck', undefined, () => 'ignore');
    page.pause();
    const big = { content: 'x'.repeat(60_000) };
    const calls: Promise<unknown>[] = [];
    // Enough to fill the kernel's socket buffers too; the page is dropped long before the last one.
    for (let i = 0; i < 1000 && (await getJson('/__emulator/pages')).body.pages.length > 0; i++) {
      calls.push(postJson('/__emulator/w/w1/colleague-sends', big));
    }
    await expect.poll(async () => (await getJson('/__emulator/pages')).body.pages).toEqual([]);
    const settled = (await Promise.all(calls)) as { status: number; body: { error: string } }[];
    expect(settled.every((r) => r.status === 503)).toBe(true);
    // The calls waiting when it was dropped are told why; later ones find no page.
    expect(settled.map((r) => r.body.error)).toContain(
      'page stuck of world w1 stopped reading its stream before answering colleagueSends',
    );
  });
});

interface RawAnswer {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

/**
 * A raw request: the path goes out exactly as written (no client-side normalization), and a body can be declared
 * with its headers and sent later (`finish`), or streamed without a declared length (`chunked`).
 */
function rawRequest(
  path: string,
  method: string,
  options: { body?: string; hold?: boolean; chunked?: boolean; headers?: Record<string, string> } = {},
) {
  const { body = '', hold = false, chunked = false, headers = {} } = options;
  // Host and path given apart: a URL string would be parsed, and its dot segments resolved, before sending.
  const { hostname, port } = new URL(base);
  const req = request({
    hostname,
    port,
    path,
    method,
    headers: { ...(chunked || body === '' ? {} : { 'content-length': String(Buffer.byteLength(body)) }), ...headers },
  });
  const answer = new Promise<RawAnswer>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
  });
  if (hold) req.flushHeaders();
  else if (chunked) req.write(body, () => req.end());
  else req.end(body);
  return { answer, finish: () => req.end(body) };
}

const errorOf = (answer: RawAnswer) => (JSON.parse(answer.body) as { error: string }).error;

/** A save body of exactly `bytes` bytes (the limits count declared bytes). */
function saveOfSize(bytes: number, at = 1): string {
  const empty = JSON.stringify({ at, world: { pad: '' }, reads: {} });
  return JSON.stringify({ at, world: { pad: 'x'.repeat(bytes - empty.length) }, reads: {} });
}

describe('which requests the control API takes, and how it names what it refuses', () => {
  it('leaves a long URL outside /__emulator/ to the caller instead of refusing it as too long', async () => {
    const response = await fetch(`${base}/agent/chat?pad=${'x'.repeat(9000)}`);
    expect(await response.text()).toBe('fell through');
  });

  it('leaves a path that only starts with /__emulator/ before its dot segments resolve to the caller', async () => {
    const { answer } = rawRequest('/__emulator/../agent/chat', 'GET');
    expect((await answer).body).toBe('fell through');
  });

  it('takes a URL exactly as long as the limit and refuses one character more with 414, naming the limit', async () => {
    await restart(5000, { limits: { urlLength: 40 } });
    const path = '/__emulator/w/nobody/state?pad=';
    const atLimit = await getJson(`${path}${'x'.repeat(40 - path.length)}`);
    expect(atLimit.status).toBe(404);
    const over = await getJson(`${path}${'x'.repeat(41 - path.length)}`);
    expect(over).toEqual({ status: 414, body: { error: 'the request URL is longer than 40 characters' } });
  });

  it('refuses a path part that is not valid percent-encoding with 400 naming which part', async () => {
    const world = await getJson('/__emulator/w/%ZZ/state');
    expect(world).toEqual({
      status: 400,
      body: { error: 'the world name in the path is not valid percent-encoding; got "%ZZ"' },
    });
    const page = await postJson('/__emulator/pages/%ZZ/replies/c1', { id: 'c1', ok: true });
    expect(page.status).toBe(400);
    expect(page.body.error).toBe('the page id in the path is not valid percent-encoding; got "%ZZ"');
    const call = await postJson('/__emulator/pages/p/replies/%ZZ', { id: 'c1', ok: true });
    expect(call.status).toBe(400);
    expect(call.body.error).toBe('the call id in the path is not valid percent-encoding; got "%ZZ"');
  });

  it('routes replies only at exactly pages/<id>/replies/<call>, nothing before or after', async () => {
    for (const path of ['/__emulator/x/pages/p/replies/c1', '/__emulator/pages/p/replies/c1/x']) {
      const { status, body } = await postJson(path, { id: 'c1', ok: true });
      expect(status).toBe(404);
      expect(body.error).toBe(`unknown endpoint POST ${path}`);
    }
  });

  it('refuses the world and connect routes without a world with 400 showing the path to use', async () => {
    expect(await getJson('/__emulator/world')).toEqual({
      status: 400,
      body: { error: 'world needs a world: /__emulator/w/<world>/world' },
    });
    expect(await getJson('/__emulator/pages/connect?id=p')).toEqual({
      status: 400,
      body: { error: 'pages/connect needs a world: /__emulator/w/<world>/pages/connect' },
    });
  });

  it('accepts a path and a ?world= that name the same world', async () => {
    await connectPage('p', undefined, () => ({ ok: true, value: 1 }), 'a');
    expect(await getJson('/__emulator/w/a/state?world=a')).toEqual({
      status: 200,
      body: { world: 'a', page: 'p', value: 1 },
    });
  });

  it('answers a wrong method on a route with two methods with 405 listing both', async () => {
    const response = await fetch(`${base}/__emulator/w/a/world`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, PUT');
    expect((await response.json()).error).toBe('POST /__emulator/w/a/world is not allowed; use GET, PUT');
  });

  it('ignores a body sent with a GET call instead of checking it as arguments', async () => {
    await connectPage('p', undefined, () => ({ ok: true, value: 'state' }));
    const { answer } = rawRequest('/__emulator/w/w1/state', 'GET', {
      body: '{"junk": 1}',
      headers: { 'content-type': 'application/json' },
    });
    const answered = await answer;
    expect(answered.status).toBe(200);
    expect(JSON.parse(answered.body)).toEqual({ world: 'w1', page: 'p', value: 'state' });
  });

  it('answers an unexpected failure with 500 naming it (a kept world that is not one, read as state)', async () => {
    expect((await putWorld('junk', { at: 1, world: {} })).status).toBe(204);
    expect(await getJson('/__emulator/w/junk/state')).toEqual({
      status: 500,
      body: { error: 'control API failure: Cannot convert undefined or null to object' },
    });
  });
});

describe('page connections: the stream, its limits and what ends it', () => {
  it('opens an unbuffered, uncached event stream', async () => {
    const headers = await new Promise<IncomingMessage['headers']>((resolve) => {
      get(`${base}/__emulator/w/w1/pages/connect?id=h`, (res) => {
        resolve(res.headers);
        res.destroy();
      });
    });
    expect(headers).toMatchObject({
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-content-type-options': 'nosniff',
      'x-accel-buffering': 'no',
    });
  });

  it('registers a page that gives no url or parent (opened directly), listing its url as empty', async () => {
    const { answer } = rawRequest('/__emulator/w/w1/pages/connect?id=bare', 'GET');
    await expect.poll(async () => (await getJson('/__emulator/pages')).body.pages.length).toBe(1);
    expect((await getJson('/__emulator/pages')).body.pages[0]).toMatchObject({ id: 'bare', url: '', parent: '' });
    control.close();
    expect((await answer).status).toBe(200);
  });

  it('refuses a connection without an id with 400, showing it got none', async () => {
    expect(await getJson('/__emulator/w/w1/pages/connect')).toEqual({
      status: 400,
      body: { error: 'pages/connect: id must match ^[A-Za-z0-9_-]{1,64}$; got ""' },
    });
  });

  it('keeps at most 2048 characters of a page’s url', async () => {
    await connectPage('long', `http://127.0.0.1/agent/chat?pad=${'x'.repeat(3000)}`);
    const [listed] = (await getJson('/__emulator/pages')).body.pages;
    expect(listed.url).toHaveLength(2048);
    expect(listed.url.startsWith('http://127.0.0.1/agent/chat?pad=xxx')).toBe(true);
  });

  it('sends a keep-alive comment on an idle stream every keepAliveMs', async () => {
    await restart(5000, { keepAliveMs: 20 });
    const page = await connectPage('idle');
    await expect.poll(() => page.raw()).toContain('\n: keep-alive\n\n');
    expect(page.events).toEqual([]);
  });

  it('names who may frame a registering page when it refuses one: loopback by default, else the allowlist', async () => {
    const framed = '/__emulator/w/w1/pages/connect?id=p&parent=https%3A%2F%2Fevil.example';
    expect(await getJson(framed)).toEqual({
      status: 403,
      body: {
        error:
          'pages/connect: a page framed by "https://evil.example" may not register; allowed: loopback origins (localhost, 127.0.0.1, [::1], *.localhost) (serve --allow-origin)',
      },
    });
    await restart(5000, { allowOrigin: ['https://a.example', 'https://b.example'] });
    expect((await getJson(framed)).body.error).toBe(
      'pages/connect: a page framed by "https://evil.example" may not register; allowed: https://a.example, https://b.example (serve --allow-origin)',
    );
  });

  it('lets a page reconnect into its own full world, but not move into another full world', async () => {
    await restart(5000, { limits: { pagesPerWorld: 1 } });
    await connectPage('a', undefined, undefined, 'x');
    await connectPage('a', undefined, undefined, 'x');
    await connectPage('b', undefined, undefined, 'y');
    const moved = await getJson('/__emulator/w/x/pages/connect?id=b');
    expect(moved).toEqual({ status: 429, body: { error: 'pages/connect: world x already has 1 pages open' } });
    expect((await getJson('/__emulator/pages')).body.pages.map((p: { id: string }) => p.id)).toEqual(['a', 'b']);
  });

  it('caps the pages of all worlds together with 503, counting the limit itself as full', async () => {
    await restart(5000, { limits: { pages: 2 } });
    await connectPage('a', undefined, undefined, 'x');
    await connectPage('b', undefined, undefined, 'y');
    expect(await getJson('/__emulator/w/z/pages/connect?id=c')).toEqual({
      status: 503,
      body: { error: 'pages/connect: 2 pages are open' },
    });
  });

  it('fails a call waiting on a page that is replaced, naming why', async () => {
    const first = await connectPage('same', undefined, () => 'ignore');
    const waiting = getJson('/__emulator/w/w1/state');
    await expect.poll(() => first.requests.length).toBe(1);
    await connectPage('same');
    expect(await waiting).toEqual({
      status: 503,
      body: {
        error: 'page same of world w1 was replaced by a newer connection with the same id before answering state',
      },
    });
  });

  it('fails a call waiting on a page when the server closes, naming why', async () => {
    const page = await connectPage('p', undefined, () => 'ignore');
    const waiting = getJson('/__emulator/w/w1/log');
    await expect.poll(() => page.requests.length).toBe(1);
    control.close();
    expect(await waiting).toEqual({
      status: 503,
      body: { error: 'page p of world w1 was closed with the server before answering log' },
    });
  });

  it('drops a page only for what its stream holds unread: one that reads keeps working at a zero allowance', async () => {
    await restart(5000, { limits: { streamBytes: 0 } });
    await connectPage('p', undefined, () => ({ ok: true, value: 'read' }));
    for (let i = 0; i < 3; i++) {
      expect((await getJson('/__emulator/w/w1/state')).body).toEqual({ world: 'w1', page: 'p', value: 'read' });
    }
  });
});

describe('calls waiting for a page’s reply', () => {
  it('numbers calls c1, c2, … in the order they are made', async () => {
    const page = await connectPage('p');
    await getJson('/__emulator/w/w1/state');
    await getJson('/__emulator/w/w1/log');
    expect(page.requests.map((r) => [r.id, r.method])).toEqual([
      ['c1', 'state'],
      ['c2', 'log'],
    ]);
  });

  it('refuses a call past the page’s waiting-call limit with 429, counting the limit itself as full', async () => {
    await restart(5000, { limits: { pendingPerPage: 1 } });
    const page = await connectPage('p', undefined, () => 'ignore');
    const waiting = getJson('/__emulator/w/w1/state');
    await expect.poll(() => page.requests.length).toBe(1);
    expect(await getJson('/__emulator/w/w1/log')).toEqual({
      status: 429,
      body: { error: 'page p already has 1 calls waiting' },
    });
    expect(page.requests).toHaveLength(1);
    page.disconnect();
    expect((await waiting).status).toBe(503);
  });

  it('answers a reply to a call nobody waits for with 410 saying why it may be gone', async () => {
    await connectPage('p');
    const { status, body } = await postJson('/__emulator/pages/p/replies/c999', { id: 'c999', ok: true });
    expect(status).toBe(410);
    expect(body.error).toBe('pages/p/replies/c999: call "c999" is not waiting (it timed out or never existed)');
  });

  it('refuses a reply whose body arrives after its call timed out with 410', async () => {
    await restart(200);
    const page = await connectPage('p', undefined, () => 'ignore');
    const waiting = getJson('/__emulator/w/w1/state');
    await expect.poll(() => page.requests.length).toBe(1);
    const late = rawRequest('/__emulator/pages/p/replies/c1', 'POST', {
      body: JSON.stringify({ id: 'c1', ok: true, value: 'late' }),
      hold: true,
    });
    expect((await waiting).status).toBe(504);
    late.finish();
    const answered = await late.answer;
    expect(answered.status).toBe(410);
    expect(errorOf(answered)).toBe('pages/p/replies/c1: call c1 is no longer waiting');
  });

  it('refuses replies that are not a reply to this call with 400 naming the field, and keeps waiting', async () => {
    const page = await connectPage('q', undefined, () => 'ignore');
    const waiting = getJson('/__emulator/w/w1/state');
    await expect.poll(() => page.requests.length).toBe(1);
    const path = '/__emulator/pages/q/replies/c1';
    const refusals = [
      [null, 'the reply must be a JSON object { id, ok, value | error }; got null'],
      [
        [{ id: 'c1', ok: true }],
        'the reply must be a JSON object { id, ok, value | error }; got [{"id":"c1","ok":true}]',
      ],
      [3, 'the reply must be a JSON object { id, ok, value | error }; got 3'],
      [{ id: 'c2', ok: true }, 'reply.id must be the call\'s id "c1"; got "c2"'],
      [{ id: 'c1', ok: false, error: 3 }, 'reply.error must be a string; got 3'],
    ] as const;
    for (const [reply, reason] of refusals) {
      expect(await postJson(path, reply)).toEqual({ status: 400, body: { error: `pages/q/replies/c1: ${reason}` } });
    }
    expect((await postJson(path, { id: 'c1', ok: false, error: 'nope' })).status).toBe(204);
    expect(await waiting).toEqual({ status: 422, body: { world: 'w1', page: 'q', error: 'nope' } });
  });
});

describe('loading and saving a world: headers and limits', () => {
  it('loads a world uncached, with its save’s page clock, and nothing kept as an uncached 204', async () => {
    const none = await fetch(`${base}/__emulator/w/a/world`);
    expect(none.status).toBe(204);
    expect(none.headers.get('cache-control')).toBe('no-store');
    await putWorld('a', { at: 5, world: { threads: {} }, reads: {} });
    const kept = await fetch(`${base}/__emulator/w/a/world`);
    expect(kept.status).toBe(200);
    expect(Object.fromEntries(kept.headers)).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-saved-at': '5',
    });
    await putWorld('b', { world: { threads: {} } });
    const clockless = await fetch(`${base}/__emulator/w/b/world`);
    expect(clockless.status).toBe(200);
    expect(clockless.headers.get('x-saved-at')).toBeNull();
  });

  it('refuses a save without a declared length with 411', async () => {
    const { answer } = rawRequest('/__emulator/w/a/world', 'PUT', { body: saveOfSize(60), chunked: true });
    const answered = await answer;
    expect(answered.status).toBe(411);
    expect(errorOf(answered)).toBe('w/a/world: a save must declare its Content-Length');
  });

  it('takes a save exactly as large as the limit', async () => {
    await restart(5000, { limits: { saveBytes: 100 } });
    expect((await rawRequest('/__emulator/w/a/world', 'PUT', { body: saveOfSize(100) }).answer).status).toBe(204);
    expect((await rawRequest('/__emulator/w/a/world', 'PUT', { body: saveOfSize(101) }).answer).status).toBe(413);
  });

  it('refuses saves past the bytes being read at once with 503 and Retry-After, and frees them when read', async () => {
    await restart(5000, { limits: { savingBytes: 100 } });
    const held = rawRequest('/__emulator/w/held/world', 'PUT', { body: saveOfSize(60), hold: true });
    // Once the held save's 60 bytes are counted, 41 more do not fit (before, they are simply kept).
    let refused: RawAnswer | undefined;
    await expect
      .poll(async () => {
        refused = await rawRequest('/__emulator/w/probe/world', 'PUT', { body: saveOfSize(41) }).answer;
        return refused.status;
      })
      .toBe(503);
    expect(refused?.headers['retry-after']).toBe('1');
    expect(errorOf(refused as RawAnswer)).toBe('w/probe/world: too many saves at once; try again');
    // 60 + 40 is exactly the limit.
    expect((await rawRequest('/__emulator/w/fits/world', 'PUT', { body: saveOfSize(40) }).answer).status).toBe(204);
    held.finish();
    expect((await held.answer).status).toBe(204);
    expect((await rawRequest('/__emulator/w/all/world', 'PUT', { body: saveOfSize(100) }).answer).status).toBe(204);
  });

  it('refuses a save that is not JSON with 400 naming the route once', async () => {
    const { answer } = rawRequest('/__emulator/w/a/world', 'PUT', { body: '{"at": 1,' });
    const answered = await answer;
    expect(answered.status).toBe(400);
    expect(errorOf(answered)).toMatch(/^w\/a\/world: the body must be JSON; got "\{\\"at\\": 1," \(/);
  });

  it('makes a load wait for the last save of the world even when an earlier save finishes first', async () => {
    // The probes (a world of their own) tell when each held save is counted: savingBytes is exactly both saves.
    await restart(5000, { limits: { savingBytes: 1900 } });
    const counted = async (probeBytes: number) =>
      expect
        .poll(
          async () =>
            (await rawRequest('/__emulator/w/probe/world', 'PUT', { body: saveOfSize(probeBytes) }).answer).status,
        )
        .toBe(503);
    const first = rawRequest('/__emulator/w/a/world', 'PUT', { body: saveOfSize(1000, 1), hold: true });
    await counted(901);
    const second = rawRequest('/__emulator/w/a/world', 'PUT', { body: saveOfSize(900, 2), hold: true });
    await counted(60);
    first.finish();
    expect((await first.answer).status).toBe(204);
    const load = fetch(`${base}/__emulator/w/a/world`).then((r) => r.json());
    // Give the load time to arrive before the second save's body does (it must wait either way).
    await new Promise((resolve) => setTimeout(resolve, 50));
    second.finish();
    expect((await second.answer).status).toBe(204);
    expect((await load).pad).toHaveLength(900 - JSON.stringify({ at: 2, world: { pad: '' }, reads: {} }).length);
    expect(await (await fetch(`${base}/__emulator/w/a/world`)).json()).toEqual(await load);
  });
});

describe('CI calls no single page answers', () => {
  it('answers a read the world’s save did not hand over with 503 naming the world, not with nothing', async () => {
    await putWorld('a', { at: 1, world: { threads: {} } });
    expect(await getJson('/__emulator/w/a/log')).toEqual({
      status: 503,
      body: { world: 'a', error: 'world a has no page open, and log needs one: open the console with ?world=a' },
    });
  });

  it('answers a call to an unknown world with 404 naming the world, and "none" when no world is known', async () => {
    expect(await getJson('/__emulator/w/nobody/state')).toEqual({
      status: 404,
      body: { world: 'nobody', error: 'no world nobody: no page of it has connected or saved; known: none' },
    });
  });

  it('lists the worlds by name, with their open pages and when each was last saved', async () => {
    await putWorld('zeta', { at: 1, world: { threads: {} } });
    await connectPage('p', undefined, undefined, 'alpha');
    await putWorld('mid', { at: 1, world: { threads: {} } });
    const { worlds } = (await getJson('/__emulator/worlds')).body;
    expect(worlds.map((w: { name: string; pages: number }) => [w.name, w.pages])).toEqual([
      ['alpha', 1],
      ['mid', 0],
      ['zeta', 0],
    ]);
    expect(worlds[0].savedAt).toBeNull();
    expect(Date.parse(worlds[2].savedAt)).not.toBeNaN();
  });

  it('lists at most 20 worlds in a 409, saying how many more there are', async () => {
    for (let i = 0; i < 21; i++) await putWorld(`w${String(i).padStart(2, '0')}`, { at: 1, world: {} });
    const { status, body } = await getJson('/__emulator/state');
    expect(status).toBe(409);
    expect(body.error).toMatch(/^21 worlds could answer; .* \(w00, w01, .*, w19 and 1 more\)$/);
    expect(body.worlds).toHaveLength(20);
  });

  it('lists at most 20 of a world’s pages in a 409, with the world, saying how many more there are', async () => {
    await restart(5000, { limits: { pagesPerWorld: 30 } });
    for (let i = 0; i < 21; i++) await connectPage(`p${i}`, `http://127.0.0.1/${i}`);
    const { status, body } = await postJson('/__emulator/w/w1/visitor-arrives', {});
    expect(status).toBe(409);
    expect(body.error).toMatch(/^world w1 has 21 pages open; name one with \?page=<id>: p0 .* and 1 more$/);
    expect(body.world).toBe('w1');
    expect(body.pages).toHaveLength(20);
    expect(body.pages[0]).toMatchObject({ id: 'p0', world: 'w1', url: 'http://127.0.0.1/0' });
  });

  it('refuses calls only while answers are actually unsent: nothing unsent passes even a zero allowance', async () => {
    await restart(5000, { limits: { unsentBytes: 0 } });
    await connectPage('p', undefined, () => ({ ok: true, value: 1 }));
    for (let i = 0; i < 3; i++) expect((await getJson('/__emulator/w/w1/state')).status).toBe(200);
  });
});

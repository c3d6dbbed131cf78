import { type ClientRequest, createServer, get, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ControlRequest } from '../common/control-wire';
import { type ControlHandler, createControlHandler } from './control-server';

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
}

type Answer = (request: ControlRequest) => { ok: true; value?: unknown } | { ok: false; error: string } | 'ignore';

let server: Server;
let control: ControlHandler;
let base: string;

async function listen(timeoutMs = 5000): Promise<void> {
  control = createControlHandler({ timeoutMs });
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

function connectPage(
  id: string,
  url = `http://127.0.0.1/agent/chat?page=${id}`,
  answer: Answer = () => ({ ok: true }),
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
      `${base}/__emulator/pages/connect?id=${id}&url=${encodeURIComponent(url)}`,
      (res: IncomingMessage) => {
        if (res.statusCode !== 200) {
          reject(new Error(`connect answered ${res.statusCode}`));
          return;
        }
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
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
            if (reply !== 'ignore') void postJson(`/__emulator/pages/${id}/replies`, { id: call.id, ...reply });
          }
        });
        res.on('close', () => closedResolve());
        // The server has registered the page once the stream's first bytes arrive.
        res.once('data', () => resolve({ id, requests, events, closed, disconnect: () => request.destroy() }));
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
    expect(body.endpoints).toContain('GET /__emulator/state');
    expect(body.endpoints).toContain('POST /__emulator/visitor-sends { threadUid: string, content: string }');
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

describe('pages', () => {
  it('answers 503 when no page is connected', async () => {
    const { status, body } = await getJson('/__emulator/state');
    expect(status).toBe(503);
    expect(body.error).toBe('no emulator page is connected');
  });

  it('lists connected pages newest first, the default being the newest', async () => {
    await connectPage('older', 'http://127.0.0.1/agent/chat?seed=1');
    await connectPage('newer', 'http://127.0.0.1/agent/chat?seed=2');
    const { status, body } = await getJson('/__emulator/pages');
    expect(status).toBe(200);
    expect(body.default).toBe('newer');
    expect(body.pages.map((p: { id: string; url: string }) => [p.id, p.url])).toEqual([
      ['newer', 'http://127.0.0.1/agent/chat?seed=2'],
      ['older', 'http://127.0.0.1/agent/chat?seed=1'],
    ]);
    expect(Date.parse(body.pages[0].connectedAt)).not.toBeNaN();
  });

  it('sends calls to the most recent page by default and to ?page=<id> when asked', async () => {
    const older = await connectPage('older', undefined, () => ({ ok: true, value: 'from older' }));
    const newer = await connectPage('newer', undefined, () => ({ ok: true, value: 'from newer' }));
    expect((await getJson('/__emulator/state')).body).toEqual({ page: 'newer', value: 'from newer' });
    expect((await getJson('/__emulator/state?page=older')).body).toEqual({ page: 'older', value: 'from older' });
    expect(older.requests).toHaveLength(1);
    expect(newer.requests).toHaveLength(1);
  });

  it('answers 404 naming the connected pages for an unknown ?page=', async () => {
    await connectPage('abc');
    const { status, body } = await getJson('/__emulator/state?page=zzz');
    expect(status).toBe(404);
    expect(body.error).toBe('no connected page "zzz"; connected: abc (http://127.0.0.1/agent/chat?page=abc)');
  });

  it('forgets a page whose stream closes, failing its waiting call with 503', async () => {
    const page = await connectPage('gone', undefined, () => 'ignore');
    const waiting = getJson('/__emulator/state');
    await expect.poll(() => page.requests.length).toBe(1);
    page.disconnect();
    const { status, body } = await waiting;
    expect(status).toBe(503);
    expect(body.error).toBe('page gone disconnected before answering state');
    expect((await getJson('/__emulator/pages')).body.pages).toEqual([]);
  });

  it('tells the old stream it was replaced when a page connects again with the same id', async () => {
    const first = await connectPage('same', 'http://127.0.0.1/first', () => ({ ok: true, value: 'first' }));
    await connectPage('same', 'http://127.0.0.1/second', () => ({ ok: true, value: 'second' }));
    await first.closed;
    expect(first.events.map((e) => e.event)).toEqual(['replaced']);
    expect((await getJson('/__emulator/state')).body).toEqual({ page: 'same', value: 'second' });
    expect((await getJson('/__emulator/pages')).body.pages).toHaveLength(1);
  });

  it('refuses a page id that would not fit a URL path', async () => {
    const response = await fetch(`${base}/__emulator/pages/connect?id=${encodeURIComponent('a b/c')}`);
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe('pages/connect: id must match ^[A-Za-z0-9_-]{1,64}$; got "a b/c"');
  });

  it('ends every stream on close()', async () => {
    const page = await connectPage('p');
    control.close();
    await page.closed;
    expect((await getJson('/__emulator/state')).status).toBe(503);
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
    expect(await response.json()).toEqual({ page: 'p', value: { echoed: true } });
    expect(page.requests.map(({ method, args }) => ({ method, args }))).toEqual([{ method: call, args }]);
  });

  it('answers null for a method that returns nothing', async () => {
    await connectPage('p', undefined, () => ({ ok: true }));
    expect((await postJson('/__emulator/accept', { threadUid: '1' })).body).toEqual({ page: 'p', value: null });
  });

  it('answers 422 with the page’s error message when the test API throws', async () => {
    await connectPage('p', undefined, () => ({ ok: false, error: 'acceptThread: thread 1 is CHATTING, not QUEUING' }));
    const { status, body } = await postJson('/__emulator/accept', { threadUid: '1' });
    expect(status).toBe(422);
    expect(body).toEqual({ page: 'p', error: 'acceptThread: thread 1 is CHATTING, not QUEUING' });
  });

  it('answers 504 when the page does not reply in time, and 410 to its late reply', async () => {
    control.close();
    await new Promise((resolve) => server.close(resolve));
    await listen(150);
    const page = await connectPage('slow', undefined, () => 'ignore');
    const started = Date.now();
    const { status, body } = await getJson('/__emulator/state');
    expect(status).toBe(504);
    expect(body.error).toBe('page slow did not answer state within 150 ms');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    const late = await postJson('/__emulator/pages/slow/replies', { id: page.requests[0]?.id, ok: true });
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
    const { status, body } = await postJson('/__emulator/pages/p/replies', { id: 'c1', ok: 'yes' });
    expect(status).toBe(400);
    expect(body.error).toBe('pages/p/replies: reply.ok must be true or false; got "yes"');
  });

  it('refuses a reply for a page that is not connected with 404', async () => {
    const { status, body } = await postJson('/__emulator/pages/ghost/replies', { id: 'c1', ok: true });
    expect(status).toBe(404);
    expect(body.error).toBe('pages/ghost/replies: no connected page "ghost"');
  });
});

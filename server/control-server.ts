import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  CONTROL_PREFIX,
  type ControlMethod,
  type ControlReply,
  type ControlRequest,
  PAGE_ID_PATTERN,
  REPLACED_EVENT,
  WORLD_NAME_PATTERN,
} from '../common/control-wire';
import { preview } from '../protocol/describe';
import { bodyShape, checkBody, ENDPOINTS, type Endpoint } from './control-endpoints';
import {
  HttpError,
  isLoopbackOrigin,
  listed,
  readJson,
  refuseForeignOrigin,
  requireToken,
  sendJson,
} from './control-http';
import { DEFAULT_KEEPER_LIMITS, type KeeperLimits, KeepRefused, WorldKeeper } from './world-keeper';

/**
 * The HTTP control API: CI in any language drives the live emulator pages through `/__emulator/…`, one named
 * world at a time (docs/emulator.md "One server, many worlds"). Pages connect with Server-Sent Events and receive
 * `{ id, method, args }`; they answer by POSTing the reply. The server keeps each world's save
 * (world-keeper.ts), so a reload restores it and reads answer after its pages closed.
 * Mounted by the Vite dev server (server/control-plugin.ts) and by the production server (server/serve.ts).
 *
 * A call names its world (`/__emulator/w/<name>/state` or `?world=<name>`) or its page (`?page=<id>`); one that
 * names neither while several worlds (or several pages, for a call that needs one) could answer is refused with
 * 409 listing them: never guessed, so parallel CI workers cannot land in each other's tests.
 */

export interface ControlHandler {
  /** Answers requests under `/__emulator/`; false for any other path, so the caller serves it. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** Ends every page stream and fails the calls still waiting. */
  close(): void;
}

interface ControlLimits extends KeeperLimits {
  pagesPerWorld: number;
  pages: number;
  /** Calls waiting for one page's replies. */
  pendingPerPage: number;
  /** A reply (a flood's whole protocol log fits); read only for a call that is waiting. */
  replyBytes: number;
  /** One world's save (a 10,000-thread world fits). */
  saveBytes: number;
  /** Save bodies being read at once, in all. */
  savingBytes: number;
  /** CI bodies. */
  callBytes: number;
  /** A page stream that buffers more than this is not being read: the page is dropped. */
  streamBytes: number;
  /** Answers written but not yet taken by slow clients; past it, calls get 503 until they drain. */
  unsentBytes: number;
  urlLength: number;
}

const DEFAULT_LIMITS: ControlLimits = {
  ...DEFAULT_KEEPER_LIMITS,
  pagesPerWorld: 16,
  pages: 512,
  pendingPerPage: 64,
  replyBytes: 32 * 1024 * 1024,
  saveBytes: 16 * 1024 * 1024,
  savingBytes: 64 * 1024 * 1024,
  callBytes: 64 * 1024,
  streamBytes: 1024 * 1024,
  unsentBytes: 64 * 1024 * 1024,
  urlLength: 8 * 1024,
};

export interface ControlOptions {
  /** How long a call waits for the page's reply before answering 504. */
  timeoutMs?: number;
  /** Comment lines on idle streams, so that proxies and sleeping laptops do not drop them. */
  keepAliveMs?: number;
  /** Required on every CI call (`Authorization: Bearer <token>`); the pages' own channel does not carry it. */
  token?: string;
  /** Origins whose frames may register pages; default (empty): loopback origins only. */
  allowOrigin?: readonly string[];
  limits?: Partial<ControlLimits>;
}

interface PageInfo {
  id: string;
  world: string;
  url: string;
  parent: string;
  connectedAt: string;
}

interface Pending {
  method: ControlMethod;
  resolve(reply: ControlReply): void;
  reject(error: HttpError): void;
  timer: ReturnType<typeof setTimeout>;
}

interface Page extends PageInfo {
  stream: ServerResponse;
  pending: Map<string, Pending>;
  keepAlive: ReturnType<typeof setInterval>;
}

const PAGE_ROUTES = [
  `GET ${CONTROL_PREFIX}worlds`,
  `GET ${CONTROL_PREFIX}w/<world>/pages`,
  `GET ${CONTROL_PREFIX}w/<world>/pages/connect?id=<pageId>&url=<href>&parent=<origin>`,
  `GET|PUT ${CONTROL_PREFIX}w/<world>/world`,
  `POST ${CONTROL_PREFIX}pages/<pageId>/replies/<callId>`,
];

const endpointList = () => [
  ...ENDPOINTS.map(
    (e) => `${e.method} ${CONTROL_PREFIX}w/<world>/${e.name}${e.method === 'POST' ? ` ${bodyShape(e)}` : ''}`,
  ),
  ...PAGE_ROUTES,
];

function decodePathPart(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new HttpError(400, `the ${what} in the path is not valid percent-encoding; got ${preview(text)}`);
  }
}

function worldName(text: string): string {
  if (!WORLD_NAME_PATTERN.test(text)) {
    throw new HttpError(400, `a world name must match ${WORLD_NAME_PATTERN.source}; got ${preview(text)}`);
  }
  return text;
}

function parseReply(body: unknown, callId: string): ControlReply | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return `the reply must be a JSON object { id, ok, value | error }; got ${preview(body)}`;
  }
  const reply = body as Record<string, unknown>;
  if (reply.id !== callId) return `reply.id must be the call's id ${preview(callId)}; got ${preview(reply.id)}`;
  if (reply.ok === true) return { id: callId, ok: true, value: reply.value };
  if (reply.ok === false) {
    if (typeof reply.error !== 'string') return `reply.error must be a string; got ${preview(reply.error)}`;
    return { id: callId, ok: false, error: reply.error };
  }
  return `reply.ok must be true or false; got ${preview(reply.ok)}`;
}

export function createControlHandler(options: ControlOptions = {}): ControlHandler {
  const timeoutMs = options.timeoutMs ?? 5000;
  const keepAliveMs = options.keepAliveMs ?? 15_000;
  const limits: ControlLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const allowOrigin = options.allowOrigin ?? [];
  const pages = new Map<string, Page>();
  const keeper = new WorldKeeper(limits, (name) => pagesOf(name).length > 0);
  /** Per world, the save being read: a reloading page's load waits for the save its old page sent on leaving. */
  const saving = new Map<string, Promise<void>>();
  let savingBytes = 0;
  let unsentBytes = 0;
  let calls = 0;

  const info = ({ id, world, url, parent, connectedAt }: Page): PageInfo => ({ id, world, url, parent, connectedAt });
  // A Map iterates in insertion order, and a page is inserted when it connects (a reconnection is deleted first):
  // the pages come out in connection order.
  const pagesOf = (world: string) => [...pages.values()].filter((p) => p.world === world);
  const worldNames = () => [...new Set([...keeper.names(), ...[...pages.values()].map((p) => p.world)])].sort();

  /** Fails what a page still owes and forgets it; the stream may already be gone. */
  function drop(page: Page, why: string): void {
    clearInterval(page.keepAlive);
    if (pages.get(page.id) === page) pages.delete(page.id);
    for (const [id, call] of page.pending) {
      clearTimeout(call.timer);
      call.reject(new HttpError(503, `page ${page.id} of world ${page.world} ${why} before answering ${call.method}`));
      page.pending.delete(id);
    }
  }

  /** Writes to a page's stream, dropping the page once it stops reading (its buffer would grow without end). */
  function push(page: Page, text: string): void {
    if (page.stream.writableLength > limits.streamBytes) {
      page.stream.destroy();
      drop(page, 'stopped reading its stream');
      return;
    }
    page.stream.write(text);
  }

  function parentAllowed(parent: string): boolean {
    if (parent === '') return true;
    return allowOrigin.length > 0 ? allowOrigin.includes(parent) : isLoopbackOrigin(parent);
  }

  function connect(req: IncomingMessage, res: ServerResponse, url: URL, world: string): void {
    const id = url.searchParams.get('id') ?? '';
    if (!PAGE_ID_PATTERN.test(id)) {
      throw new HttpError(400, `pages/connect: id must match ${PAGE_ID_PATTERN.source}; got ${preview(id)}`);
    }
    const parent = url.searchParams.get('parent') ?? '';
    if (!parentAllowed(parent)) {
      const allowed =
        allowOrigin.length > 0 ? allowOrigin.join(', ') : 'loopback origins (localhost, 127.0.0.1, [::1], *.localhost)';
      throw new HttpError(
        403,
        `pages/connect: a page framed by ${preview(parent)} may not register; allowed: ${allowed} (serve --allow-origin)`,
      );
    }
    const previous = pages.get(id);
    if (!previous || previous.world !== world) {
      if (pagesOf(world).length >= limits.pagesPerWorld)
        throw new HttpError(429, `pages/connect: world ${world} already has ${limits.pagesPerWorld} pages open`);
      if (pages.size >= limits.pages) throw new HttpError(503, `pages/connect: ${limits.pages} pages are open`);
    }
    if (previous) {
      // A reload reconnects with its kept id (the old stream is dead); a duplicated tab shares it (told to move).
      previous.stream.write(`event: ${REPLACED_EVENT}\ndata: {}\n\n`);
      previous.stream.end();
      drop(previous, 'was replaced by a newer connection with the same id');
    }
    req.socket.setNoDelay(true);
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-content-type-options': 'nosniff',
      // Proxies such as nginx would otherwise hold the stream back.
      'x-accel-buffering': 'no',
    });
    // A restarted server gets its pages back within a second.
    res.write(`retry: 1000\n: connected as ${id} in world ${world}\n\n`);
    const page: Page = {
      id,
      world,
      url: (url.searchParams.get('url') ?? '').slice(0, 2048),
      parent,
      connectedAt: new Date().toISOString(),
      stream: res,
      pending: new Map(),
      keepAlive: setInterval(() => push(page, ': keep-alive\n\n'), keepAliveMs),
    };
    page.keepAlive.unref?.();
    pages.set(id, page);
    res.on('close', () => drop(page, 'disconnected'));
  }

  function call(page: Page, method: ControlMethod, args: unknown[]): Promise<ControlReply> {
    if (page.pending.size >= limits.pendingPerPage) {
      throw new HttpError(429, `page ${page.id} already has ${limits.pendingPerPage} calls waiting`);
    }
    const id = `c${++calls}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        page.pending.delete(id);
        reject(new HttpError(504, `page ${page.id} did not answer ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      page.pending.set(id, { method, resolve, reject, timer });
      const request: ControlRequest = { id, method, args };
      // JSON.stringify escapes newlines, so the request is one `data:` line.
      push(page, `data: ${JSON.stringify(request)}\n\n`);
    });
  }

  async function reply(req: IncomingMessage, res: ServerResponse, pageId: string, callId: string): Promise<void> {
    const label = `pages/${pageId}/replies/${callId}`;
    // Nothing is read for a page or a call nobody waits for.
    const page = pages.get(pageId);
    if (!page) throw new HttpError(404, `${label}: no connected page ${preview(pageId)}`);
    const pending = page.pending.get(callId);
    if (!pending)
      throw new HttpError(410, `${label}: call ${preview(callId)} is not waiting (it timed out or never existed)`);
    const body = await readJson(req, limits.replyBytes, label, undefined);
    const parsed = parseReply(body, callId);
    if (typeof parsed === 'string') throw new HttpError(400, `${label}: ${parsed}`);
    if (page.pending.get(callId) !== pending) throw new HttpError(410, `${label}: call ${callId} is no longer waiting`);
    page.pending.delete(callId);
    clearTimeout(pending.timer);
    pending.resolve(parsed);
    res.writeHead(204).end();
  }

  async function loadWorld(res: ServerResponse, world: string): Promise<void> {
    await saving.get(world);
    const kept = keeper.load(world);
    // Nothing kept yet is the normal first load of every world, not an error: 204, which browsers do not log as a
    // failed resource in the integrator's console (a 404 would be, on every fresh world).
    if (kept === null) {
      res.writeHead(204, { 'cache-control': 'no-store' }).end();
      return;
    }
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      // The page compares it with its own cached copy (kept-world.ts) and resumes the newer one.
      ...(Number.isFinite(kept.at) ? { 'x-saved-at': String(kept.at) } : {}),
    });
    res.end(kept.text);
  }

  async function saveWorld(req: IncomingMessage, res: ServerResponse, world: string): Promise<void> {
    const label = `w/${world}/world`;
    const declared = Number(req.headers['content-length']);
    if (!Number.isInteger(declared)) throw new HttpError(411, `${label}: a save must declare its Content-Length`);
    if (declared > limits.saveBytes)
      throw new HttpError(413, `${label}: the save is ${declared} bytes; at most ${limits.saveBytes} allowed`);
    if (savingBytes + declared > limits.savingBytes)
      throw new HttpError(503, `${label}: too many saves at once; try again`, {}, { 'retry-after': '1' });
    savingBytes += declared;
    const previous = saving.get(world);
    const done = (async () => {
      try {
        await previous;
        const body = await readJson(req, declared, label, undefined);
        keeper.save(world, body);
      } finally {
        savingBytes -= declared;
      }
    })();
    const settled = done.then(
      () => {},
      () => {},
    );
    saving.set(world, settled);
    void settled.then(() => {
      if (saving.get(world) === settled) saving.delete(world);
    });
    try {
      await done;
    } catch (error) {
      if (error instanceof KeepRefused) throw new HttpError(400, `${label}: ${error.message}`);
      throw error;
    }
    res.writeHead(204).end();
  }

  /** The world a CI call is about: named, or the page's, or the only one there is (else 409 listing them). */
  function worldOf(named: string | undefined, url: URL): { world: string; page?: Page } {
    const wanted = url.searchParams.get('page');
    if (wanted !== null) {
      const page = pages.get(wanted);
      const scope = named === undefined ? [...pages.values()] : pagesOf(named);
      if (!page || (named !== undefined && page.world !== named)) {
        const where = named === undefined ? '' : ` in world ${named}`;
        throw new HttpError(
          404,
          `no connected page ${preview(wanted)}${where}; connected: ${listed(scope, (p) => `${p.id} (world ${p.world})`) || 'none'}`,
          { pages: scope.slice(0, 20).map(info) },
        );
      }
      return { world: page.world, page };
    }
    if (named !== undefined) return { world: named };
    const names = worldNames();
    if (names.length === 1) return { world: names[0] as string };
    if (names.length === 0) throw new HttpError(503, 'no world yet: no emulator page has connected or saved one');
    throw new HttpError(
      409,
      `${names.length} worlds could answer; name one: ${CONTROL_PREFIX}w/<world>/… or ?world=<world> (${listed(names, String)})`,
      { worlds: names.slice(0, 20) },
    );
  }

  async function relay(res: ServerResponse, world: string, page: Page, endpoint: Endpoint, args: unknown[]) {
    const answer = await call(page, endpoint.call, args);
    if (answer.ok) sendJson(res, 200, { world, page: page.id, value: answer.value ?? null });
    else sendJson(res, 422, { world, page: page.id, error: answer.error });
  }

  async function callEndpoint(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    endpoint: Endpoint,
    named: string | undefined,
  ): Promise<void> {
    // Route and target first: a body is read only for a call that has somewhere to go.
    const { world, page: chosen } = worldOf(named, url);
    const open = pagesOf(world);
    const page = chosen ?? (open.length === 1 ? open[0] : undefined);
    let body: Record<string, unknown> = {};
    if (endpoint.method === 'POST') {
      const checked = checkBody(endpoint, await readJson(req, limits.callBytes, endpoint.name, {}));
      if (!checked.ok) throw new HttpError(400, checked.reason);
      body = checked.value;
    }
    if (page) return relay(res, world, page, endpoint, endpoint.args(body));
    if (endpoint.kind === 'read' && keeper.has(world)) {
      const kept =
        endpoint.call === 'state'
          ? { found: true as const, value: keeper.state(world) }
          : keeper.read(world, endpoint.call);
      if (kept.found) return sendJson(res, 200, { world, page: null, value: kept.value ?? null });
    }
    const pagesList = listed(open, (p) => `${p.id} (${p.url})`);
    if (open.length > 1) {
      throw new HttpError(409, `world ${world} has ${open.length} pages open; name one with ?page=<id>: ${pagesList}`, {
        world,
        pages: open.slice(0, 20).map(info),
      });
    }
    // No page of the world is open here (one would have answered, several were refused above): it is known only if kept.
    if (!keeper.has(world)) {
      throw new HttpError(
        404,
        `no world ${world}: no page of it has connected or saved; known: ${listed(worldNames(), String) || 'none'}`,
        { world },
      );
    }
    throw new HttpError(
      503,
      `world ${world} has no page open, and ${endpoint.name} needs one: open the console with ?world=${world}`,
      { world },
    );
  }

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    refuseForeignOrigin(req);
    let rest = url.pathname.slice(CONTROL_PREFIX.length);
    let named: string | undefined;
    const scoped = /^w\/([^/]+)\/(.*)/.exec(rest);
    if (scoped) {
      named = worldName(decodePathPart(scoped[1] as string, 'world name'));
      rest = scoped[2] as string;
    }
    const query = url.searchParams.get('world');
    if (query !== null) {
      if (named !== undefined && query !== named)
        throw new HttpError(400, `the path names world ${named} and ?world= names ${preview(query)}; name one`);
      named = worldName(query);
    }
    const method = req.method ?? 'GET';
    const allow = (...allowed: string[]) => {
      if (!allowed.includes(method)) {
        const list = allowed.join(', ');
        throw new HttpError(405, `${method} ${url.pathname} is not allowed; use ${list}`, {}, { allow: list });
      }
    };
    const needWorld = (what: string) => {
      if (named === undefined) throw new HttpError(400, `${what} needs a world: ${CONTROL_PREFIX}w/<world>/${rest}`);
      return named;
    };

    // The pages' own channel: same-origin browser requests, no token (the page has none to give).
    if (rest === 'pages/connect') {
      allow('GET');
      return connect(req, res, url, needWorld('pages/connect'));
    }
    const replies = /^pages\/([^/]+)\/replies\/([^/]+)$/.exec(rest);
    if (replies) {
      allow('POST');
      return reply(
        req,
        res,
        decodePathPart(replies[1] as string, 'page id'),
        decodePathPart(replies[2] as string, 'call id'),
      );
    }
    if (rest === 'world') {
      allow('GET', 'PUT');
      const world = needWorld('world');
      return method === 'GET' ? loadWorld(res, world) : saveWorld(req, res, world);
    }

    requireToken(req, url, options.token);
    if (unsentBytes > limits.unsentBytes) {
      throw new HttpError(503, 'answers to slow clients are still being sent; try again', {}, { 'retry-after': '1' });
    }
    if (rest === 'worlds') {
      allow('GET');
      return sendJson(res, 200, {
        worlds: worldNames().map((name) => ({
          name,
          pages: pagesOf(name).length,
          savedAt: keeper.savedAt(name) ?? null,
        })),
      });
    }
    if (rest === 'pages') {
      allow('GET');
      const list = named === undefined ? [...pages.values()] : pagesOf(named);
      // Without a world named, `world` is undefined and JSON leaves it out.
      return sendJson(res, 200, { world: named, pages: list.map(info) });
    }
    const endpoint = ENDPOINTS.find((e) => e.name === rest);
    if (!endpoint) {
      throw new HttpError(404, `unknown endpoint ${method} ${url.pathname}`, { endpoints: endpointList() });
    }
    allow(endpoint.method);
    return callEndpoint(req, res, url, endpoint, named);
  }

  /** Counts what slow clients have not taken yet, so that unread answers cannot pile up without end. */
  function track(res: ServerResponse): void {
    const pending = res.writableLength;
    unsentBytes += pending;
    res.once('close', () => {
      unsentBytes -= pending;
    });
  }

  return {
    async handle(req, res) {
      // A server's request always has its URL (only a client's IncomingMessage has none).
      const target = req.url;
      if (!target?.startsWith(CONTROL_PREFIX)) return false;
      if (target.length > limits.urlLength) {
        sendJson(res, 414, { error: `the request URL is longer than ${limits.urlLength} characters` });
        return true;
      }
      const url = new URL(target, 'http://control.invalid');
      if (!url.pathname.startsWith(CONTROL_PREFIX)) return false;
      try {
        await route(req, res, url);
      } catch (error) {
        if (error instanceof HttpError) {
          sendJson(res, error.status, { error: error.message, ...error.extra }, error.headers);
        } else {
          sendJson(res, 500, {
            error: `control API failure: ${error instanceof Error ? error.message : String(error)}`,
          });
        }
      }
      // Every response, a page stream included: what of its first lines is still unsent (normally nothing) counts
      // until it closes.
      track(res);
      return true;
    },
    close() {
      for (const page of [...pages.values()]) {
        page.stream.end();
        drop(page, 'was closed with the server');
      }
    },
  };
}

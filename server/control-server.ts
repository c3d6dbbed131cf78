import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  CONTROL_PREFIX,
  type ControlMethod,
  type ControlReply,
  type ControlRequest,
  PAGE_ID_PATTERN,
  REPLACED_EVENT,
} from '../common/control-wire';
import { preview } from '../protocol/describe';
import { bodyShape, checkBody, ENDPOINTS, type Endpoint } from './control-endpoints';

/**
 * The HTTP control API: CI in any language drives the live emulator pages through `/__emulator/…`.
 * Pages connect with Server-Sent Events and receive `{ id, method, args }`; they answer by POSTing the reply.
 * Mounted by the Vite dev server (server/control-plugin.ts) and by the production server (server/serve.ts).
 */

export interface ControlHandler {
  /** Answers requests under `/__emulator/`; false for any other path, so the caller serves it. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** Ends every page stream and fails the calls still waiting. */
  close(): void;
}

export interface ControlOptions {
  /** How long a call waits for the page's reply before answering 504. */
  timeoutMs?: number;
  /** Comment lines on idle streams, so that proxies and sleeping laptops do not drop them. */
  keepAliveMs?: number;
}

interface PageInfo {
  id: string;
  url: string;
  connectedAt: string;
}

interface Pending {
  method: ControlMethod;
  resolve(reply: ControlReply): void;
  reject(error: HttpError): void;
  timer: ReturnType<typeof setTimeout>;
}

interface Page extends PageInfo {
  /** Connection order: "the most recent page" must not depend on clock resolution. */
  order: number;
  stream: ServerResponse;
  pending: Map<string, Pending>;
  keepAlive: ReturnType<typeof setInterval>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Generous for replies (a full protocol log), small for CI bodies. */
const MAX_REPLY_BYTES = 32 * 1024 * 1024;
const MAX_CALL_BYTES = 64 * 1024;

const PAGE_ENDPOINTS = [
  `GET ${CONTROL_PREFIX}pages`,
  `GET ${CONTROL_PREFIX}pages/connect?id=<pageId>&url=<href>`,
  `POST ${CONTROL_PREFIX}pages/<pageId>/replies`,
];

const endpointList = () => [
  ...ENDPOINTS.map((e) => `${e.method} ${CONTROL_PREFIX}${e.name}${e.method === 'POST' ? ` ${bodyShape(e)}` : ''}`),
  ...PAGE_ENDPOINTS,
];

function sendJson(
  res: ServerResponse,
  status: number,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(`${JSON.stringify(body)}\n`);
}

async function readBody(req: IncomingMessage, limit: number, label: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, `${label}: the body is larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function readJson(req: IncomingMessage, limit: number, label: string, emptyAs: unknown): Promise<unknown> {
  const text = await readBody(req, limit, label);
  if (text.trim() === '') return emptyAs;
  try {
    return JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new HttpError(400, `${label}: the body must be JSON; got ${preview(text)} (${why})`);
  }
}

/**
 * A browser on another site could otherwise drive the emulator with a form post (CSRF). CI clients and curl
 * send no Origin; the emulator page sends its own, which matches the Host it talks to.
 */
function refuseForeignOrigin(req: IncomingMessage): void {
  const origin = req.headers.origin;
  if (origin === undefined) return;
  let host: string | undefined;
  try {
    host = new URL(origin).host;
  } catch {
    host = undefined;
  }
  if (host === undefined || host !== req.headers.host) {
    throw new HttpError(
      403,
      `cross-origin requests to the control API are refused (Origin ${origin}); call it from CI, curl or the emulator page`,
    );
  }
}

function decodePathPart(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new HttpError(400, `the page id in the path is not valid percent-encoding; got ${preview(text)}`);
  }
}

function parseReply(body: unknown): ControlReply | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return `the reply must be a JSON object { id, ok, value | error }; got ${preview(body)}`;
  }
  const reply = body as Record<string, unknown>;
  if (typeof reply.id !== 'string') return `reply.id must be a string; got ${preview(reply.id)}`;
  if (reply.ok === true) return { id: reply.id, ok: true, value: reply.value };
  if (reply.ok === false) {
    if (typeof reply.error !== 'string') return `reply.error must be a string; got ${preview(reply.error)}`;
    return { id: reply.id, ok: false, error: reply.error };
  }
  return `reply.ok must be true or false; got ${preview(reply.ok)}`;
}

export function createControlHandler(options: ControlOptions = {}): ControlHandler {
  const timeoutMs = options.timeoutMs ?? 5000;
  const keepAliveMs = options.keepAliveMs ?? 15_000;
  const pages = new Map<string, Page>();
  let connections = 0;
  let calls = 0;

  const info = ({ id, url, connectedAt }: Page): PageInfo => ({ id, url, connectedAt });
  const newestFirst = () => [...pages.values()].sort((a, b) => b.order - a.order);

  /** Fails what a page still owes and forgets it; the stream may already be gone. */
  function drop(page: Page, why: string): void {
    clearInterval(page.keepAlive);
    if (pages.get(page.id) === page) pages.delete(page.id);
    for (const [id, call] of page.pending) {
      clearTimeout(call.timer);
      call.reject(new HttpError(503, `page ${page.id} ${why} before answering ${call.method}`));
      page.pending.delete(id);
    }
  }

  function connect(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const id = url.searchParams.get('id') ?? '';
    if (!PAGE_ID_PATTERN.test(id)) {
      throw new HttpError(400, `pages/connect: id must match ${PAGE_ID_PATTERN.source}; got ${preview(id)}`);
    }
    const previous = pages.get(id);
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
      // Proxies such as nginx would otherwise hold the stream back.
      'x-accel-buffering': 'no',
    });
    // A restarted server gets its pages back within a second.
    res.write(`retry: 1000\n: connected as ${id}\n\n`);
    const page: Page = {
      id,
      url: url.searchParams.get('url') ?? '',
      connectedAt: new Date().toISOString(),
      order: ++connections,
      stream: res,
      pending: new Map(),
      keepAlive: setInterval(() => res.write(': keep-alive\n\n'), keepAliveMs),
    };
    page.keepAlive.unref?.();
    pages.set(id, page);
    res.on('close', () => drop(page, 'disconnected'));
  }

  function target(url: URL): Page {
    const newest = newestFirst();
    if (newest.length === 0) throw new HttpError(503, 'no emulator page is connected');
    const wanted = url.searchParams.get('page');
    if (wanted === null) return newest[0] as Page;
    const page = pages.get(wanted);
    if (!page) {
      const connected = newest.map((p) => `${p.id} (${p.url})`).join(', ');
      throw new HttpError(404, `no connected page ${preview(wanted)}; connected: ${connected}`, {
        pages: newest.map(info),
      });
    }
    return page;
  }

  function call(page: Page, method: ControlMethod, args: unknown[]): Promise<ControlReply> {
    const id = `c${++calls}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        page.pending.delete(id);
        reject(new HttpError(504, `page ${page.id} did not answer ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      page.pending.set(id, { method, resolve, reject, timer });
      const request: ControlRequest = { id, method, args };
      // JSON.stringify escapes newlines, so the request is one `data:` line.
      page.stream.write(`data: ${JSON.stringify(request)}\n\n`);
    });
  }

  async function reply(req: IncomingMessage, res: ServerResponse, pageId: string): Promise<void> {
    const page = pages.get(pageId);
    const label = `pages/${pageId}/replies`;
    const body = await readJson(req, MAX_REPLY_BYTES, label, undefined);
    if (!page) throw new HttpError(404, `${label}: no connected page ${preview(pageId)}`);
    const parsed = parseReply(body);
    if (typeof parsed === 'string') throw new HttpError(400, `${label}: ${parsed}`);
    const pending = page.pending.get(parsed.id);
    if (!pending)
      throw new HttpError(410, `${label}: call ${preview(parsed.id)} is not waiting (it timed out or never existed)`);
    page.pending.delete(parsed.id);
    clearTimeout(pending.timer);
    pending.resolve(parsed);
    res.writeHead(204).end();
  }

  async function callEndpoint(req: IncomingMessage, res: ServerResponse, url: URL, endpoint: Endpoint): Promise<void> {
    let body: Record<string, unknown> = {};
    if (endpoint.method === 'POST') {
      const checked = checkBody(endpoint, await readJson(req, MAX_CALL_BYTES, endpoint.name, {}));
      if (!checked.ok) throw new HttpError(400, checked.reason);
      body = checked.value;
    }
    const page = target(url);
    const answer = await call(page, endpoint.call, endpoint.args(body));
    if (answer.ok) sendJson(res, 200, { page: page.id, value: answer.value ?? null });
    else sendJson(res, 422, { page: page.id, error: answer.error });
  }

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    refuseForeignOrigin(req);
    const rest = url.pathname.slice(CONTROL_PREFIX.length);
    const method = req.method ?? 'GET';
    const allow = (allowed: string) => {
      if (method !== allowed) {
        throw new HttpError(405, `${method} ${url.pathname} is not allowed; use ${allowed}`, {}, { allow: allowed });
      }
    };
    if (rest === 'pages/connect') {
      allow('GET');
      return connect(req, res, url);
    }
    const replies = /^pages\/([^/]+)\/replies$/.exec(rest);
    if (replies) {
      allow('POST');
      return reply(req, res, decodePathPart(replies[1] as string));
    }
    if (rest === 'pages') {
      allow('GET');
      const newest = newestFirst();
      return sendJson(res, 200, { default: newest[0]?.id ?? null, pages: newest.map(info) });
    }
    const endpoint = ENDPOINTS.find((e) => e.name === rest);
    if (!endpoint) {
      throw new HttpError(404, `unknown endpoint ${method} ${url.pathname}`, { endpoints: endpointList() });
    }
    allow(endpoint.method);
    return callEndpoint(req, res, url, endpoint);
  }

  return {
    async handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://control.invalid');
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

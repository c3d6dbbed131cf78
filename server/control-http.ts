import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { preview } from '../protocol/describe';

/** HTTP plumbing of the control API (control-server.ts): errors, JSON answers, bounded bodies, the gates. */

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Lists in error messages stop here: a 404 must not grow with the number of pages an attacker opened. */
const MAX_LISTED = 20;

/** At most MAX_LISTED items, then how many more there are. */
export function listed<T>(items: readonly T[], show: (item: T) => string): string {
  const shown = items.slice(0, MAX_LISTED).map(show).join(', ');
  return items.length > MAX_LISTED ? `${shown} and ${items.length - MAX_LISTED} more` : shown;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(`${JSON.stringify(body)}\n`);
}

/**
 * Reads a body of at most `limit` bytes. A declared length over the limit is refused before a byte is read;
 * an undeclared one is cut off as soon as it passes the limit.
 */
async function readBody(req: IncomingMessage, limit: number, label: string): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (declared > limit) throw new HttpError(413, `${label}: the body is ${declared} bytes; at most ${limit} allowed`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.destroy();
      throw new HttpError(413, `${label}: the body is larger than ${limit} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function readJson(req: IncomingMessage, limit: number, label: string, emptyAs: unknown): Promise<unknown> {
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
 * A browser on another site could otherwise drive the emulator (CSRF, a form post, an <img>, an EventSource that
 * registers a fake page). CI clients and curl send neither header; the emulator page is same-origin. Behind a
 * Host allowlist (serve.ts, Vite's allowedHosts) this also holds against DNS rebinding: the Host is checked
 * there, and the Origin must be that Host.
 */
export function refuseForeignOrigin(req: IncomingMessage): void {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    throw new HttpError(
      403,
      `requests from other sites to the control API are refused (Sec-Fetch-Site: ${site}); call it from CI, curl or the emulator page`,
    );
  }
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
      `cross-origin requests to the control API are refused (Origin ${origin.slice(0, 200)}); call it from CI, curl or the emulator page`,
    );
  }
}

/** `Authorization: Bearer <token>` or `?token=`; compared in constant time. */
export function requireToken(req: IncomingMessage, url: URL, token: string | undefined): void {
  if (token === undefined) return;
  const header = req.headers.authorization;
  const given = header?.startsWith('Bearer ') ? header.slice(7) : (url.searchParams.get('token') ?? '');
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  if (a.length === b.length && timingSafeEqual(a, b)) return;
  throw new HttpError(
    401,
    given === ''
      ? 'this server requires its control token (serve --control-token): send Authorization: Bearer <token>'
      : 'the control token is wrong (serve --control-token)',
    {},
    { 'www-authenticate': 'Bearer' },
  );
}

/** Loopback origins: what may frame and command the console when no --allow-origin is given (docs/protocol.md §6). */
export function isLoopbackOrigin(origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (!/^https?:$/.test(url.protocol)) return false;
  const host = url.hostname;
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || host.endsWith('.localhost');
}

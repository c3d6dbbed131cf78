/**
 * The production server behind `agent-console-emulator serve`: node:http over the built emulator
 * (`vite build --mode emulator` → dist/emulator), with no Vite at run time, so it is ready in milliseconds.
 *
 *  - The vendor paths (`/`, `/desktop`, `/agent`, `/agent/...`, and `/index.html`) answer the one page, with the
 *    server's defaults injected as `window.__EMULATOR_CONFIG__` (the page reads them in simulator/params.ts).
 *  - Every page carries `Content-Security-Policy: frame-ancestors`: the pinned origins (--allow-origin), else
 *    loopback origins only, so no public website can even frame the console.
 *  - Every request must name an allowed Host (loopback names, the bound host, --allowed-host), as Vite's
 *    `server.allowedHosts` does: a DNS-rebinding page on evil.example gets 403, not the page or the control API.
 *  - Encoded slashes and dot segments are refused outright: a file path is the URL path as it is, or nothing.
 *  - Built files are served as they are; hashed ones under /assets/ are cached for a year.
 *  - `/__emulator/` is reserved for tools (the control API): `extraHandler` gets those requests first.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import type { ServerDefaults } from '../common/config';
import { CONTROL_PREFIX } from '../common/control-wire';
import { decodeJwtSecret } from '../emulator/auth/jwt-secret';

/** What the page receives as `window.__EMULATOR_CONFIG__`. */
export interface EmulatorConfig extends ServerDefaults {
  /**
   * The vendor's JWT secret (Base64 of at least 32 bytes; emulator/auth/jwt-secret.ts) that `?accessToken=` JWTs
   * must be signed with; without it signatures are not checked.
   */
  jwtSecret?: string;
  /** The page should connect to the control API under /__emulator/. */
  control?: boolean;
}

export type ExtraHandler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

export interface EmulatorServerOptions extends Omit<EmulatorConfig, 'control'> {
  /** The built emulator; by default the first of dist/emulator (from server/) or ../emulator (from dist/cli/). */
  root?: string;
  /** Default 5174; 0 picks a free port (see `url`). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Tried first for every request under /__emulator/; returns false when it did not answer. */
  extraHandler?: ExtraHandler;
  /** Tell pages to connect to the control API; default: whether an extraHandler is mounted. */
  control?: boolean;
  /** Host names accepted besides loopback names and `host`; `.example.com` also accepts its subdomains. */
  allowedHosts?: readonly string[];
}

export interface EmulatorServer {
  /** The workbench, e.g. http://127.0.0.1:5174/agent/chat */
  url: string;
  /** e.g. http://127.0.0.1:5174 */
  origin: string;
  close(): Promise<void>;
}

const DEFAULT_PORT = 5174;
const DEFAULT_HOST = '127.0.0.1';

/** A start-up problem the CLI reports as is (no build, port taken). */
export class ServeError extends Error {
  override name = 'ServeError';
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The build next to a module (by default this one): `../dist/emulator/` from server/serve.ts in the repo,
 * `../emulator/` from dist/cli/cli.js when packed. Exported for tests.
 */
export function defaultRoot(from: string | URL = import.meta.url): string | undefined {
  const candidates = ['../dist/emulator/', '../emulator/'].map((p) => fileURLToPath(new URL(p, from)));
  // The source folder emulator/ also has an index.html; only a build has assets/.
  return candidates.find((dir) => existsSync(join(dir, 'index.html')) && existsSync(join(dir, 'assets')));
}

/** Longer request targets are refused (414) before anything else is done with them. */
const MAX_URL_LENGTH = 8 * 1024;

function isPagePath(pathname: string): boolean {
  return (
    pathname === '/' ||
    pathname === '/index.html' ||
    pathname === '/desktop' ||
    pathname === '/agent' ||
    pathname.startsWith('/agent/')
  );
}

/** The config as a script that runs before the app's module; `<` escaped so no value can close the tag. */
export function configScript(config: EmulatorConfig): string {
  const json = JSON.stringify(config)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return `<script>window.__EMULATOR_CONFIG__ = ${json}</script>`;
}

/** Inserts the config script before the first script of the page (so it runs first), else before </head>. */
export function injectConfig(html: string, config: EmulatorConfig): string {
  const script = configScript(config);
  const at = html.search(/<script\b/i);
  if (at >= 0) return `${html.slice(0, at)}${script}\n    ${html.slice(at)}`;
  const head = html.search(/<\/head>/i);
  if (head >= 0) return `${html.slice(0, head)}${script}\n${html.slice(head)}`;
  return `${script}\n${html}`;
}

/**
 * Loopback pages, any port (docs/protocol.md §6). An IPv6 literal is not CSP host syntax (Chromium logs an error for
 * `http://[::1]:*` and ignores it), so a page on [::1] cannot frame the console: use localhost.
 */
const LOOPBACK_ANCESTORS = [
  "'self'",
  'http://localhost:*',
  'https://localhost:*',
  'http://127.0.0.1:*',
  'https://127.0.0.1:*',
  'http://*.localhost:*',
  'https://*.localhost:*',
];

/** Who may frame the console: the pinned origins, else loopback pages only. */
export function frameAncestors(allowOrigin: readonly string[]): string {
  return `frame-ancestors ${(allowOrigin.length > 0 ? allowOrigin : LOOPBACK_ANCESTORS).join(' ')}`;
}

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/**
 * The Host header's name without its port, lower case; IPv6 keeps its brackets (`[::1]:5174` → `[::1]`: the last
 * colon is followed by a port only after the bracket). Anything after `]` that is not a port stays, so a malformed
 * `[::1]x` is not mistaken for `[::1]`.
 */
function hostName(host: string): string {
  return host.toLowerCase().replace(/:\d*$/, '');
}

/**
 * Whether a Host header names this server: loopback names, the bound host (not a wildcard one: `0.0.0.0` names no
 * host, and a page at http://0.0.0.0:port/ is a rebinding trick), or one the operator allowed. Exported for tests.
 */
export function hostAllowed(header: string | undefined, bound: string, allowed?: readonly string[]): boolean {
  if (!header) return false;
  const name = hostName(header);
  if (LOOPBACK_HOSTS.includes(name) || name.endsWith('.localhost')) return true;
  const boundName = bound.includes(':') ? `[${bound.toLowerCase()}]` : bound.toLowerCase();
  if (name === boundName && bound !== '0.0.0.0' && bound !== '::') return true;
  return (
    allowed?.some((entry) => {
      const wanted = entry.toLowerCase();
      return wanted.startsWith('.') ? name === wanted.slice(1) || name.endsWith(wanted) : name === wanted;
    }) ?? false
  );
}

/** Whether an address is a loopback one (binding anything else exposes the control API to the network). */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * The raw request path, refused when it would mean something else once decoded: an encoded slash or backslash
 * (`/assets/..%2findex.html`), a dot segment, encoded or not, a NUL. Returns the decoded path.
 */
function plainPath(rawUrl: string): string | { status: number; reason: string } {
  const raw = rawUrl.split(/[?#]/, 1)[0] ?? '';
  if (!raw.startsWith('/')) return { status: 400, reason: `the path ${JSON.stringify(raw)} must start with /` };
  if (/%(2f|5c|00)|\\/i.test(raw))
    return {
      status: 400,
      reason: `encoded slashes, backslashes and NUL are refused in paths; got ${JSON.stringify(raw)}`,
    };
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return { status: 400, reason: `the path ${JSON.stringify(raw)} is not a valid URL path` };
  }
  if (decoded.split('/').some((segment) => segment === '.' || segment === '..'))
    return { status: 400, reason: `dot segments are refused in paths; got ${JSON.stringify(raw)}` };
  return decoded;
}

function text(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(body);
}

/** A configured page as the server will send it; exported for tests. */
function pageFor(root: string, options: EmulatorServerOptions): { html: string; headers: Record<string, string> } {
  const { root: _root, port: _port, host: _host, extraHandler, control, allowedHosts: _hosts, ...defaults } = options;
  const config: EmulatorConfig = { ...defaults, control: control ?? Boolean(extraHandler) };
  const html = injectConfig(readFileSync(join(root, 'index.html'), 'utf8'), config);
  const csp = frameAncestors(options.allowOrigin ?? []);
  return {
    html,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      // The config differs per server run; never let a browser keep a page from another run.
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': csp,
    },
  };
}

function bracketed(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export async function createEmulatorServer(options: EmulatorServerOptions = {}): Promise<EmulatorServer> {
  // A secret the vendor's server would not start with would refuse every token: refuse it at start instead.
  if (options.jwtSecret !== undefined) {
    const key = decodeJwtSecret(options.jwtSecret, 'jwtSecret');
    if (!key.ok) throw new ServeError(key.message);
  }
  const found = options.root ?? defaultRoot();
  const root = found === undefined ? undefined : resolve(found);
  if (!root || !existsSync(join(root, 'index.html'))) {
    throw new ServeError(
      `No production build of the emulator at ${root ?? 'dist/emulator'}: expected index.html and assets/ ` +
        'from `vite build --mode emulator` (run `npm run build`).',
    );
  }
  const page = pageFor(root, options);
  const pageBody = Buffer.from(page.html);
  const { extraHandler } = options;

  const host = options.host ?? DEFAULT_HOST;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req.headers.host, host, options.allowedHosts)) {
      const name = hostName(req.headers.host ?? '');
      return text(
        res,
        403,
        `Blocked request: the host ${JSON.stringify(name)} is not allowed (a DNS-rebinding page would look like this). ` +
          `To allow it, start serve with --allowed-host ${name || '<name>'}.\n`,
      );
    }
    // Always set on a server's request (only a client's response lacks it).
    const url = req.url ?? '/';
    if (url.length > MAX_URL_LENGTH) {
      return text(res, 414, `The request URL is longer than ${MAX_URL_LENGTH} characters.\n`);
    }
    const pathname = plainPath(url);
    if (typeof pathname !== 'string') return text(res, pathname.status, `Bad request: ${pathname.reason}.\n`);

    if (pathname.startsWith(CONTROL_PREFIX)) {
      if (extraHandler && (await extraHandler(req, res))) return;
      return text(res, 404, `Not found: ${pathname} (no control endpoint answers this path on this server).\n`);
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return text(res, 405, `Method ${req.method} not allowed: this server only serves files (GET, HEAD).\n`, {
        Allow: 'GET, HEAD',
      });
    }

    if (isPagePath(pathname)) {
      res.writeHead(200, { ...page.headers, 'Content-Length': pageBody.length });
      // Node sends no body in answer to HEAD.
      res.end(pageBody);
      return;
    }

    // The page is served only at its routes, with its CSP and config: never as a file (`/index.html/`, `//index.html`).
    // join keeps a trailing slash and resolve drops it, so `/app.js/` is not app.js.
    const file = resolve(root as string, `.${pathname}`);
    const exact = file === join(root as string, pathname) && file.startsWith(root + sep);
    const isPage = file === join(root as string, 'index.html');
    const stat = exact && !isPage ? statSync(file, { throwIfNoEntry: false }) : undefined;
    if (!stat?.isFile()) {
      return text(
        res,
        404,
        `Not found: ${pathname}. The console is at /agent/chat (also /desktop, /agent/auth/login, /agent/...).\n`,
      );
    }
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': stat.size,
      // Vite names what it emits under assets/ by content hash: such a file never changes under its name.
      'Cache-Control': pathname.startsWith('/assets/') ? IMMUTABLE : 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
    // A HEAD answer has no body: it needs the file's size, not the file.
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    // pipeline, not pipe: a read error cuts the response (the catch below), and a client that hangs up mid-file
    // closes the file instead of leaving its descriptor open.
    await pipeline(createReadStream(file), res);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const reason = error instanceof Error ? error.message : String(error);
      text(res, 500, `Internal error: ${reason}\n`);
    });
  });

  await new Promise<void>((done, fail) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const port = options.port ?? DEFAULT_PORT;
      if (error.code === 'EADDRINUSE')
        fail(new ServeError(`Port ${port} on ${host} is already in use; pick another with --port.`));
      // A name that does not resolve: ENOTFOUND, or EAI_AGAIN where no resolver answers at all (an offline CI box).
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN')
        fail(new ServeError(`Cannot listen on host ${host} (${error.code}); use an address of this machine.`));
      else if (error.code === 'EACCES')
        fail(new ServeError(`Not allowed to listen on port ${port} (EACCES); use a port above 1023.`));
      else fail(error);
    });
    server.listen(options.port ?? DEFAULT_PORT, host, () => done());
  });

  const { port } = server.address() as AddressInfo;
  // A wildcard bind listens everywhere; the loopback address is the one that surely answers.
  const shownHost = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const origin = `http://${bracketed(shownHost)}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url: `${origin}/agent/chat`,
    origin,
    close() {
      closing ??= new Promise<void>((done) => {
        server.close(() => done());
        // Keep-alive sockets and event streams would hold close() open indefinitely.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

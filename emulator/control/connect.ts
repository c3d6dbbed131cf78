import {
  CONTROL_METHODS,
  CONTROL_PREFIX,
  type ControlReply,
  connectPath,
  isControlMethod,
  PAGE_ID_PATTERN,
  REPLACED_EVENT,
  repliesPath,
} from '../../common/control-wire';
import { preview } from '../../protocol/describe';
import type { EmulatorTestApi } from '../simulator/testApi';

/**
 * The page's end of the HTTP control API (server/control-server.ts): it listens for requests on a
 * Server-Sent Events stream, runs each on the test API and posts the reply back.
 */

/** The part of EventSource used here, so that tests can pass a fake. */
export interface EventSourceLike {
  readonly readyState: number;
  onmessage: ((event: MessageEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
}

export interface ConnectControlOptions {
  /** The page's address as the control API lists it (GET /__emulator/pages). */
  url: string;
  /** The world this page belongs to (`world=<name>`): CI's calls for that world reach it, no other. */
  world: string;
  /** The origin of the page framing this one, '' when unframed: the server registers only allowed parents. */
  parent?: string;
  /** Where the control API lives; default: this page's own origin. */
  base?: string;
  EventSource?: new (url: string) => EventSourceLike;
  fetch?: (url: string, init: RequestInit) => Promise<unknown>;
  /** Keeps the page id across reloads; default: sessionStorage (per tab), when the browser allows it. */
  storage?: Pick<Storage, 'getItem' | 'setItem'> | null;
  randomId?: () => string;
  warn?: (message: string) => void;
}

export interface ControlConnection {
  /** The id CI passes as `?page=<id>`; it changes only if another page claimed it. */
  readonly id: string;
  close(): void;
}

export const PAGE_ID_KEY = 'agent-console-emulator:control-page-id';

/** Under the browsers' 64 KB limit for requests that outlive their page, counting UTF-16 units generously. */
const KEEPALIVE_MAX = 16_000;

/** EventSource.CLOSED: the browser gave up (404, wrong content type) and will not retry. */
const CLOSED = 2;

function sessionStore(): Pick<Storage, 'getItem' | 'setItem'> | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    // Storage blocked for a third-party frame (Playwright's and Chrome's defaults): keep the id in the frame's name.
    return frameNameStore(globalThis as unknown as { name: string });
  }
}

const NAME_PREFIX = 'agent-console-emulator:page=';

/**
 * The frame's own `window.name` survives a reload of the frame and is not storage, so no storage policy denies it.
 * Used only while the host left the name empty (or it is already ours): a host that names its iframe keeps its name,
 * and the id then lasts one page load.
 */
export function frameNameStore(win: { name: string }): Pick<Storage, 'getItem' | 'setItem'> | null {
  if (win.name !== '' && !win.name.startsWith(NAME_PREFIX)) return null;
  return {
    getItem: () => (win.name.startsWith(NAME_PREFIX) ? win.name.slice(NAME_PREFIX.length) : null),
    setItem: (_key, value) => {
      win.name = NAME_PREFIX + value;
    },
  };
}

function randomShortId(): string {
  const bytes = new Uint8Array(6);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => (b % 36).toString(36)).join('');
}

function keptId(storage: ConnectControlOptions['storage'], fresh: () => string): string {
  try {
    const kept = storage?.getItem(PAGE_ID_KEY);
    if (kept && PAGE_ID_PATTERN.test(kept)) return kept;
    const id = fresh();
    storage?.setItem(PAGE_ID_KEY, id);
    return id;
  } catch {
    return fresh();
  }
}

/** Runs one request on the test API; whatever goes wrong becomes an error reply, never an exception. */
async function run(api: EmulatorTestApi, id: string, method: unknown, args: unknown): Promise<ControlReply> {
  try {
    if (!isControlMethod(method)) {
      throw new Error(`unknown control method ${preview(method)}; expected one of ${CONTROL_METHODS.join(', ')}`);
    }
    if (!Array.isArray(args)) throw new Error(`${method}: args must be an array; got ${preview(args)}`);
    const value = await (api[method] as (...args: unknown[]) => unknown)(...args);
    return { id, ok: true, value };
  } catch (error) {
    return { id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Connects this page to the control API. Returns null where EventSource does not exist. Reconnecting is left to
 * EventSource (a restarted server is found again); once the browser gives up for good (404: no control API on
 * this server) the page stops and says so once.
 */
export function connectControl(api: EmulatorTestApi, options: ConnectControlOptions): ControlConnection | null {
  const Source = options.EventSource ?? globalThis.EventSource;
  if (typeof Source !== 'function') return null;
  const base = options.base ?? '';
  const post = options.fetch ?? ((url: string, init: RequestInit) => fetch(url, init));
  const fresh = options.randomId ?? randomShortId;
  const warn = options.warn ?? ((message: string) => console.warn(message));

  let id = keptId(options.storage === undefined ? sessionStore() : options.storage, fresh);
  let source: EventSourceLike | null = null;

  const reply = async (pageId: string, data: unknown) => {
    let request: Record<string, unknown>;
    try {
      request = JSON.parse(String(data));
    } catch {
      warn(`control: ignored a request that is not JSON: ${preview(data)}`);
      return;
    }
    if (typeof request?.id !== 'string') {
      warn(`control: ignored a request without an id: ${preview(request)}`);
      return;
    }
    let body: string;
    const answer = await run(api, request.id, request.method, request.args);
    try {
      body = JSON.stringify(answer);
    } catch (error) {
      body = JSON.stringify({ id: request.id, ok: false, error: `the result is not JSON: ${String(error)}` });
    }
    try {
      await post(`${base}${repliesPath(pageId, request.id)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        // A reply to `reload` must outlive the page it came from; browsers allow that to small bodies only (64 KB).
        ...(body.length < KEEPALIVE_MAX ? { keepalive: true } : {}),
      });
    } catch (error) {
      warn(`control: could not post the reply to ${request.method}: ${String(error)}`);
    }
  };

  const open = () => {
    const pageId = id;
    const stream = new Source(`${base}${connectPath(options.world, pageId, options.url, options.parent ?? '')}`);
    source = stream;
    stream.onmessage = (event) => void reply(pageId, event.data);
    stream.onerror = () => {
      if (stream.readyState !== CLOSED || source !== stream) return;
      source = null;
      warn(
        `control: ${base || 'this server'}${CONTROL_PREFIX}pages/connect refused the stream (no control API there, or a page framed by this parent may not register: see ` +
          'the answer in the network panel); ' +
          'this page cannot be driven over HTTP',
      );
    };
    stream.addEventListener(REPLACED_EVENT, () => {
      if (source !== stream) return;
      stream.close();
      // Another page (a duplicated tab, a second frame in this tab) holds the kept id: step aside, unsaved, so
      // that the newest page keeps it.
      id = fresh();
      open();
    });
  };
  open();

  return {
    get id() {
      return id;
    },
    close() {
      source?.close();
      source = null;
    },
  };
}

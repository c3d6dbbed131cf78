/**
 * The accessToken login (docs/protocol.md §8), against small injectable stand-ins for `location`, `history` and
 * `localStorage` so it runs without a DOM.
 *
 * - `?accessToken=<JWT>` on `/agent/...` or `/desktop` logs in; the token is kept in localStorage
 *   `ACCESS_TOKEN`, the parameter leaves the address bar (other parameters and the hash stay), and
 *   `/agent/auth/login` goes on to `/agent/chat`.
 * - Without the parameter, a valid stored token logs in; an invalid one is removed (demo agent, with a notice).
 * - Without any token: the demo agent.
 * - A bad token in the address is an error (for the error screen), is never stored, and still leaves the
 *   address bar. Outcome messages never contain the token.
 *
 * Nothing here throws: a broken storage or an odd address degrades to the demo agent or a notice.
 */
import type { TokenProblem, TokenResult, VerifyOptions } from './token';

/** jose is loaded only when there is a token to check, so the demo console starts without it. */
const verifyAccessToken = async (token: string, options: VerifyOptions): Promise<TokenResult> =>
  (await import('./token')).verifyAccessToken(token, options);

export const ACCESS_TOKEN_KEY = 'ACCESS_TOKEN';
const ACCESS_TOKEN_PARAM = 'accessToken';
/** The agent the console shows when nobody logged in (the vendor's sample user). */
export const DEMO_USERNAME = 'admin@email.com';
const WORKBENCH_PATH = '/agent/chat';
const LOGIN_PATH = '/agent/auth/login';

interface LocationLike {
  pathname: string;
  search: string;
  hash?: string;
  href?: string;
}

export interface HistoryLike {
  state?: unknown;
  replaceState(data: unknown, unused: string, url?: string | null): void;
}

export type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export type LoginOutcome =
  | {
      kind: 'ok';
      username: string;
      source: 'url' | 'storage' | 'demo';
      /** Where to `history.replaceState` to; absent when the address is already right. */
      cleanUrl?: string;
      /** Something the user should know that did not stop the login (e.g. a stale stored token was removed). */
      notice?: string;
      /** When the token expires (ms); absent for the demo agent. */
      expiresAt?: number;
    }
  | {
      kind: 'error';
      problem: TokenProblem;
      message: string;
      /** The same address without the token (always set: the token must leave the address bar). */
      cleanUrl?: string;
      /** For an expired token: when it expired (ms). */
      expiredAt?: number;
      /** The workbench as the demo agent, keeping the other parameters: the error screen's way on. */
      demoUrl: string;
    };

export interface LoginInput {
  /** `window.location` or a URL/path string. */
  url: LocationLike | string;
  /** `localStorage`, or null where it is unavailable. */
  storage: StorageLike | null;
  /** Current time, ms since the epoch. */
  now: number;
  /** The vendor's JWT secret (Base64; token.ts); without one signatures are not checked. */
  secret?: string;
}

const trimSlash = (path: string) => (path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path);

/** The vendor paths where `?accessToken=` logs in. */
export function isConsolePath(pathname: string): boolean {
  const path = trimSlash(pathname);
  return path === '/desktop' || path === '/agent' || path.startsWith('/agent/');
}

function toLocation(url: LocationLike | string): LocationLike {
  if (typeof url !== 'string') return url;
  try {
    const parsed = new URL(url, 'http://localhost');
    return { pathname: parsed.pathname, search: parsed.search, hash: parsed.hash, href: parsed.href };
  } catch {
    return { pathname: '/', search: '', hash: '' };
  }
}

/** Splits the query into the accessToken values and the other parameters, kept byte for byte. */
function splitQuery(search: string): { tokens: string[]; kept: string[] } {
  const tokens: string[] = [];
  const kept: string[] = [];
  for (const piece of search.replace(/^\?/, '').split('&')) {
    if (piece === '') continue;
    const [entry] = new URLSearchParams(piece);
    if (entry && entry[0] === ACCESS_TOKEN_PARAM) tokens.push(entry[1]);
    else kept.push(piece);
  }
  return { tokens, kept };
}

const safe = {
  get(storage: StorageLike | null): string | null {
    try {
      return storage?.getItem(ACCESS_TOKEN_KEY) ?? null;
    } catch {
      return null;
    }
  },
  set(storage: StorageLike | null, token: string): boolean {
    try {
      if (!storage) return false;
      storage.setItem(ACCESS_TOKEN_KEY, token);
      return true;
    } catch {
      return false;
    }
  },
  remove(storage: StorageLike | null): void {
    try {
      storage?.removeItem(ACCESS_TOKEN_KEY);
    } catch {
      // Nothing more to do: the token is refused either way.
    }
  },
};

const quotePath = (path: string) => JSON.stringify(path.length > 80 ? `${path.slice(0, 77)}...` : path);

export async function resolveLogin({ url, storage, now, secret }: LoginInput): Promise<LoginOutcome> {
  const location = toLocation(url);
  const pathname = typeof location.pathname === 'string' && location.pathname !== '' ? location.pathname : '/';
  const hash = typeof location.hash === 'string' ? location.hash : '';
  const { tokens, kept } = splitQuery(typeof location.search === 'string' ? location.search : '');
  const address = (path: string) => `${path}${kept.length > 0 ? `?${kept.join('&')}` : ''}${hash}`;

  const stripped = tokens.length > 0;
  const onLoginPage = trimSlash(pathname) === LOGIN_PATH;
  // Logged in, the login page goes on to the workbench.
  const target = onLoginPage ? WORKBENCH_PATH : pathname;
  const okUrl = stripped || target !== pathname ? address(target) : undefined;
  const notices: string[] = [];

  if (stripped && isConsolePath(pathname)) {
    const error = (problem: TokenProblem, message: string, expiredAt?: number): LoginOutcome => ({
      kind: 'error',
      problem,
      message,
      cleanUrl: address(pathname),
      demoUrl: address(WORKBENCH_PATH),
      ...(expiredAt === undefined ? {} : { expiredAt }),
    });
    if (tokens.length > 1)
      return error(
        'malformed',
        `The address has ${tokens.length} ${ACCESS_TOKEN_PARAM} parameters; expected exactly one. None was used.`,
      );
    const token = tokens[0] ?? '';
    const result = await verifyAccessToken(token, { now, ...(secret === undefined ? {} : { secret }) });
    if (!result.ok) return error(result.problem, result.message, result.expiredAt);
    const outcome: LoginOutcome = {
      kind: 'ok',
      username: result.username,
      source: 'url',
      expiresAt: result.expiresAt,
      ...(okUrl === undefined ? {} : { cleanUrl: okUrl }),
    };
    if (!safe.set(storage, token))
      outcome.notice = `Logged in, but the token could not be saved in localStorage ${ACCESS_TOKEN_KEY} (storage unavailable); a reload will need the ${ACCESS_TOKEN_PARAM} link again.`;
    return outcome;
  }

  if (stripped)
    notices.push(
      `${ACCESS_TOKEN_PARAM} logs in only on /agent/... and /desktop; it was ignored on ${quotePath(pathname)} and removed from the address.`,
    );

  const stored = safe.get(storage);
  if (stored !== null) {
    const result = await verifyAccessToken(stored, { now, ...(secret === undefined ? {} : { secret }) });
    if (result.ok)
      return {
        kind: 'ok',
        username: result.username,
        source: 'storage',
        expiresAt: result.expiresAt,
        ...(okUrl === undefined ? {} : { cleanUrl: okUrl }),
        ...(notices.length > 0 ? { notice: notices.join(' ') } : {}),
      };
    safe.remove(storage);
    notices.push(
      `The saved login (localStorage ${ACCESS_TOKEN_KEY}) was refused and removed: ${result.message} Continuing as the demo agent.`,
    );
  }

  return {
    kind: 'ok',
    username: DEMO_USERNAME,
    source: 'demo',
    ...(okUrl === undefined ? {} : { cleanUrl: okUrl }),
    ...(notices.length > 0 ? { notice: notices.join(' ') } : {}),
  };
}

export interface PerformLoginInput extends Omit<LoginInput, 'url'> {
  location: LocationLike;
  history: HistoryLike;
}

/**
 * `resolveLogin` plus its one side effect on the address bar: `history.replaceState` to the clean URL
 * (errors included, so a refused token leaves the address bar too). Boot code: render the workbench for
 * `kind: 'ok'` (showing `notice`), `<LoginErrorScreen>` for `kind: 'error'`.
 */
export async function performLogin({ location, history, ...rest }: PerformLoginInput): Promise<LoginOutcome> {
  const outcome = await resolveLogin({ url: location, ...rest });
  const cleanUrl = outcome.cleanUrl;
  if (cleanUrl !== undefined) {
    try {
      history.replaceState(history.state ?? null, '', cleanUrl);
    } catch {
      // A sandboxed document may refuse; the login itself stands.
    }
  }
  return outcome;
}

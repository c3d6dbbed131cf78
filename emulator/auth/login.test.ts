import { describe, expect, it, vi } from 'vitest';
import {
  ACCESS_TOKEN_KEY,
  DEMO_USERNAME,
  type HistoryLike,
  isConsolePath,
  type LoginOutcome,
  performLogin,
  resolveLogin,
  type StorageLike,
} from './login';
import { signAccessToken, VENDOR_DEFAULT_JWT_SECRET } from './token';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const SEED_TOKEN =
  'eyJhbGciOiJIUzM4NCJ9.eyJzdWIiOiJ7XCJwbGF0Zm9ybVwiOlwiYnl0ZWRlc2tcIixcInVzZXJuYW1lXCI6XCJhZG1pbkBlbWFpbC5jb21cIn0iLCJpYXQiOjE3NTI3MjQ4MzIsImV4cCI6MTc1NTMxNjgzMn0.3Q5ZXyNHImEGCErPkRXWG6rnFK1F_z77kTE6iRlpKmzUAtRpJZinjM_O0J0GebtM';

class MemoryStorage implements StorageLike {
  readonly map = new Map<string, string>();
  constructor(initial: Record<string, string> = {}) {
    for (const [k, v] of Object.entries(initial)) this.map.set(k, v);
  }
  getItem(key: string) {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.map.set(key, value);
  }
  removeItem(key: string) {
    this.map.delete(key);
  }
}

const loc = (path: string) => {
  const url = new URL(path, 'http://127.0.0.1:5174');
  return { pathname: url.pathname, search: url.search, hash: url.hash, href: url.href };
};
const token = (username = 'agent7@example.com', now = NOW) => signAccessToken({ username, now });
/** Two deployments' secrets as the vendor configures them: Base64 of 48 bytes (HS384). */
const PROD_SECRET = Buffer.alloc(48, 1).toString('base64');
const OTHER_SECRET = Buffer.alloc(48, 2).toString('base64');

/** The outcome must never carry the token in any text. */
function clean(outcome: LoginOutcome, ...secrets: string[]) {
  const text = JSON.stringify(outcome);
  for (const secret of secrets) expect(text).not.toContain(secret);
  return outcome;
}

describe('isConsolePath', () => {
  it('knows the vendor paths', () => {
    for (const p of ['/agent/chat', '/agent/auth/login', '/agent/x/y', '/agent', '/agent/', '/desktop', '/desktop/'])
      expect(isConsolePath(p)).toBe(true);
    for (const p of ['/', '/agents', '/desktop/x', '/index.html', '/x/agent/chat'])
      expect(isConsolePath(p)).toBe(false);
  });
});

describe('resolveLogin: ?accessToken= in the address', () => {
  it('logs in on /agent/chat, stores the token and strips only that parameter (others raw, hash kept)', async () => {
    const t = await token();
    const storage = new MemoryStorage();
    const outcome = await resolveLogin({
      url: loc(`/agent/chat?seed=7&accessToken=${t}&lang=en&allowOrigin=http%3A%2F%2Flocalhost%3A5173&q=a+b#thread-1`),
      storage,
      now: NOW,
    });
    expect(clean(outcome, t)).toEqual({
      kind: 'ok',
      username: 'agent7@example.com',
      source: 'url',
      expiresAt: expect.any(Number),
      cleanUrl: '/agent/chat?seed=7&lang=en&allowOrigin=http%3A%2F%2Flocalhost%3A5173&q=a+b#thread-1',
    });
    expect(storage.getItem(ACCESS_TOKEN_KEY)).toBe(t);
  });

  it('goes on from /agent/auth/login to /agent/chat, keeping other parameters', async () => {
    const t = await token();
    const outcome = await resolveLogin({
      url: loc(`/agent/auth/login?accessToken=${t}&lang=en`),
      storage: new MemoryStorage(),
      now: NOW,
    });
    expect(outcome).toMatchObject({ kind: 'ok', source: 'url', cleanUrl: '/agent/chat?lang=en' });
  });

  it('treats /agent/auth/login/ like /agent/auth/login', async () => {
    const outcome = await resolveLogin({
      url: loc(`/agent/auth/login/?accessToken=${await token()}`),
      storage: null,
      now: NOW,
    });
    expect(outcome).toMatchObject({ kind: 'ok', cleanUrl: '/agent/chat' });
  });

  it('works on /desktop and deeper /agent/... paths, leaving the path alone', async () => {
    const t = await token();
    expect(await resolveLogin({ url: loc(`/desktop?accessToken=${t}`), storage: null, now: NOW })).toMatchObject({
      kind: 'ok',
      source: 'url',
      cleanUrl: '/desktop',
    });
    expect(
      await resolveLogin({ url: loc(`/agent/settings/profile?accessToken=${t}#x`), storage: null, now: NOW }),
    ).toMatchObject({ kind: 'ok', cleanUrl: '/agent/settings/profile#x' });
  });

  it('accepts the vendor sample token during its lifetime (signature not checked without a secret)', async () => {
    const storage = new MemoryStorage();
    const outcome = await resolveLogin({
      url: loc(`/agent/auth/login?accessToken=${SEED_TOKEN}`),
      storage,
      now: Date.UTC(2025, 7, 1),
    });
    expect(outcome).toMatchObject({ kind: 'ok', username: 'admin@email.com', source: 'url', cleanUrl: '/agent/chat' });
    expect(storage.getItem(ACCESS_TOKEN_KEY)).toBe(SEED_TOKEN);
  });

  it("logs in with a token the vendor's default server would issue, under its default secret", async () => {
    const t = await signAccessToken({ username: 'Integrator@Example.com', now: NOW });
    const outcome = await resolveLogin({
      url: loc(`/agent/auth/login?accessToken=${t}`),
      storage: null,
      now: NOW + 60_000,
      secret: VENDOR_DEFAULT_JWT_SECRET,
    });
    expect(outcome).toMatchObject({ kind: 'ok', username: 'integrator@example.com', cleanUrl: '/agent/chat' });
  });

  it('replaces a previously stored token', async () => {
    const storage = new MemoryStorage({ [ACCESS_TOKEN_KEY]: await token('old@example.com') });
    const t = await token('new@example.com');
    const outcome = await resolveLogin({ url: loc(`/agent/chat?accessToken=${t}`), storage, now: NOW });
    expect(outcome).toMatchObject({ kind: 'ok', username: 'new@example.com', source: 'url' });
    expect(storage.getItem(ACCESS_TOKEN_KEY)).toBe(t);
  });

  it('reads a percent-encoded token and accepts a string URL', async () => {
    const t = await token();
    const encoded = t.replace(/\./g, '%2E');
    const outcome = await resolveLogin({
      url: `http://127.0.0.1:5174/agent/chat?accessToken=${encoded}&x=1`,
      storage: null,
      now: NOW,
    });
    expect(outcome).toMatchObject({ kind: 'ok', source: 'url', cleanUrl: '/agent/chat?x=1' });
  });

  it('still logs in when storage refuses the token, and says so', async () => {
    const storage: StorageLike = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('quota', 'QuotaExceededError');
      },
      removeItem: () => {},
    };
    const t = await token();
    const outcome = await resolveLogin({ url: loc(`/agent/chat?accessToken=${t}`), storage, now: NOW });
    expect(clean(outcome, t)).toMatchObject({
      kind: 'ok',
      source: 'url',
      notice: expect.stringMatching(/not be saved/),
    });
  });

  it('checks signatures when a secret is configured', async () => {
    const good = await signAccessToken({ username: 'a@b.c', secret: PROD_SECRET, now: NOW });
    const bad = await signAccessToken({ username: 'a@b.c', secret: OTHER_SECRET, now: NOW });
    expect(
      await resolveLogin({
        url: loc(`/agent/chat?accessToken=${good}`),
        storage: null,
        now: NOW,
        secret: PROD_SECRET,
      }),
    ).toMatchObject({ kind: 'ok', username: 'a@b.c' });
    const storage = new MemoryStorage();
    const outcome = await resolveLogin({
      url: loc(`/agent/chat?accessToken=${bad}`),
      storage,
      now: NOW,
      secret: PROD_SECRET,
    });
    expect(clean(outcome, bad)).toMatchObject({ kind: 'error', problem: 'signature', cleanUrl: '/agent/chat' });
    expect(storage.map.size).toBe(0);
  });
});

describe('resolveLogin: a bad token in the address', () => {
  it('is an error, stripped from the address, never stored (expired seed token, with when)', async () => {
    const storage = new MemoryStorage();
    const outcome = await resolveLogin({
      url: loc(`/agent/chat?lang=en&accessToken=${SEED_TOKEN}&seed=3#h`),
      storage,
      now: NOW,
    });
    expect(clean(outcome, SEED_TOKEN, SEED_TOKEN.split('.')[2] ?? '')).toEqual({
      kind: 'error',
      problem: 'expired',
      message: expect.stringContaining('2025-08-16T04:00:32Z'),
      expiredAt: 1755316832000,
      cleanUrl: '/agent/chat?lang=en&seed=3#h',
      demoUrl: '/agent/chat?lang=en&seed=3#h',
    });
    expect(storage.map.size).toBe(0);
  });

  it("calls the seed token genuine but expired under the vendor's default secret, not wrongly signed", async () => {
    const outcome = await resolveLogin({
      url: loc(`/agent/auth/login?accessToken=${SEED_TOKEN}`),
      storage: null,
      now: NOW,
      secret: VENDOR_DEFAULT_JWT_SECRET,
    });
    expect(outcome).toMatchObject({ kind: 'error', problem: 'expired', expiredAt: 1755316832000 });
  });

  it('stays on /agent/auth/login (token stripped) and offers /agent/chat as the way on', async () => {
    const outcome = await resolveLogin({
      url: loc('/agent/auth/login?accessToken=abc.def&lang=en'),
      storage: null,
      now: NOW,
    });
    expect(outcome).toMatchObject({
      kind: 'error',
      problem: 'malformed',
      cleanUrl: '/agent/auth/login?lang=en',
      demoUrl: '/agent/chat?lang=en',
    });
    expect(outcome.kind === 'error' && outcome.message).toMatch(/got 2 parts/);
  });

  it('reports alg none as unsupported', async () => {
    const none = `${btoa('{"alg":"none"}').replace(/=/g, '')}.${btoa('{"sub":"x","iat":1,"exp":9999999999}').replace(/=/g, '')}.`;
    const outcome = await resolveLogin({ url: loc(`/desktop?accessToken=${none}`), storage: null, now: NOW });
    expect(clean(outcome, none)).toMatchObject({ kind: 'error', problem: 'unsupported', cleanUrl: '/desktop' });
  });

  it('leaves a valid stored token alone and does not store the bad one', async () => {
    const stored = await token('stored@example.com');
    const storage = new MemoryStorage({ [ACCESS_TOKEN_KEY]: stored });
    const outcome = await resolveLogin({ url: loc('/agent/chat?accessToken=garbage'), storage, now: NOW });
    expect(outcome.kind).toBe('error');
    expect(storage.getItem(ACCESS_TOKEN_KEY)).toBe(stored);
  });

  it('refuses an empty parameter and a repeated one', async () => {
    expect(await resolveLogin({ url: loc('/agent/chat?accessToken=&a=1'), storage: null, now: NOW })).toMatchObject({
      kind: 'error',
      problem: 'malformed',
      message: expect.stringMatching(/empty/),
      cleanUrl: '/agent/chat?a=1',
    });
    expect(await resolveLogin({ url: loc('/agent/chat?accessToken'), storage: null, now: NOW })).toMatchObject({
      kind: 'error',
      cleanUrl: '/agent/chat',
    });
    const t = await token();
    const twice = await resolveLogin({
      url: loc(`/agent/chat?accessToken=${t}&accessToken=${t}`),
      storage: new MemoryStorage(),
      now: NOW,
    });
    expect(clean(twice, t)).toMatchObject({
      kind: 'error',
      problem: 'malformed',
      message: expect.stringMatching(/2 accessToken parameters/),
      cleanUrl: '/agent/chat',
    });
  });

  it('refuses an oversized token without echoing it', async () => {
    const huge = 'a'.repeat(10_000);
    const outcome = await resolveLogin({ url: loc(`/agent/chat?accessToken=${huge}`), storage: null, now: NOW });
    expect(clean(outcome, huge.slice(0, 100))).toMatchObject({
      kind: 'error',
      problem: 'malformed',
      message: expect.stringContaining('token is 10000 bytes; at most 8192 accepted'),
    });
  });
});

describe('resolveLogin: without a token in the address', () => {
  it('logs in with a valid stored token', async () => {
    const storage = new MemoryStorage({ [ACCESS_TOKEN_KEY]: await token('kept@example.com') });
    const outcome = await resolveLogin({ url: loc('/agent/chat?lang=en'), storage, now: NOW });
    expect(outcome).toEqual({
      kind: 'ok',
      username: 'kept@example.com',
      source: 'storage',
      expiresAt: expect.any(Number),
    });
  });

  it('moves /agent/auth/login on to /agent/chat for a stored login and for the demo agent', async () => {
    const storage = new MemoryStorage({ [ACCESS_TOKEN_KEY]: await token() });
    expect(await resolveLogin({ url: loc('/agent/auth/login?lang=en'), storage, now: NOW })).toMatchObject({
      source: 'storage',
      cleanUrl: '/agent/chat?lang=en',
    });
    expect(await resolveLogin({ url: loc('/agent/auth/login'), storage: null, now: NOW })).toMatchObject({
      source: 'demo',
      cleanUrl: '/agent/chat',
    });
  });

  it('removes an expired stored token and falls back to the demo agent, with a notice and no error', async () => {
    const expired = await token('old@example.com', NOW - 31 * 86400_000);
    const storage = new MemoryStorage({ [ACCESS_TOKEN_KEY]: expired, other: 'x' });
    const outcome = await resolveLogin({ url: loc('/agent/chat'), storage, now: NOW });
    expect(clean(outcome, expired)).toEqual({
      kind: 'ok',
      username: DEMO_USERNAME,
      source: 'demo',
      notice: expect.stringMatching(/saved login .*ACCESS_TOKEN.* removed.*expired.*demo agent/),
    });
    expect(storage.getItem(ACCESS_TOKEN_KEY)).toBeNull();
    expect(storage.getItem('other')).toBe('x');
  });

  it('removes a garbage or wrongly signed stored token', async () => {
    const storage = new MemoryStorage({ [ACCESS_TOKEN_KEY]: 'not a token' });
    expect(await resolveLogin({ url: loc('/agent/chat'), storage, now: NOW })).toMatchObject({ source: 'demo' });
    expect(storage.map.size).toBe(0);
    storage.setItem(ACCESS_TOKEN_KEY, await token());
    expect(await resolveLogin({ url: loc('/agent/chat'), storage, now: NOW, secret: PROD_SECRET })).toMatchObject({
      source: 'demo',
      notice: expect.stringMatching(/signature/),
    });
    expect(storage.map.size).toBe(0);
  });

  it('is the demo agent without any token, storage or even a usable address', async () => {
    expect(await resolveLogin({ url: loc('/agent/chat'), storage: new MemoryStorage(), now: NOW })).toEqual({
      kind: 'ok',
      username: 'admin@email.com',
      source: 'demo',
    });
    expect(await resolveLogin({ url: '/desktop', storage: null, now: NOW })).toEqual({
      kind: 'ok',
      username: 'admin@email.com',
      source: 'demo',
    });
    const throwing: StorageLike = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new Error('no');
      },
      removeItem: () => {
        throw new Error('no');
      },
    };
    expect(await resolveLogin({ url: loc('/agent/chat'), storage: throwing, now: NOW })).toMatchObject({
      source: 'demo',
    });
    expect(await resolveLogin({ url: 'http://[bad', storage: null, now: NOW })).toMatchObject({ source: 'demo' });
  });

  it('ignores and strips accessToken outside the console paths, saying so', async () => {
    const t = await token();
    const storage = new MemoryStorage();
    const outcome = await resolveLogin({ url: loc(`/?accessToken=${t}&lang=en`), storage, now: NOW });
    expect(clean(outcome, t)).toMatchObject({
      kind: 'ok',
      source: 'demo',
      cleanUrl: '/?lang=en',
      notice: expect.stringMatching(/only on \/agent\/\.\.\. and \/desktop/),
    });
    expect(storage.map.size).toBe(0);
  });
});

describe('performLogin', () => {
  const history = () => {
    const h: HistoryLike & { calls: unknown[][] } = {
      state: { keep: 1 },
      calls: [],
      replaceState(...args: unknown[]) {
        h.calls.push(args);
      },
    };
    return h;
  };

  it('replaces the address with the clean URL, keeping history state', async () => {
    const h = history();
    const outcome = await performLogin({
      location: loc(`/agent/auth/login?accessToken=${await token()}&lang=en`),
      history: h,
      storage: new MemoryStorage(),
      now: NOW,
    });
    expect(outcome.kind).toBe('ok');
    expect(h.calls).toEqual([[{ keep: 1 }, '', '/agent/chat?lang=en']]);
  });

  it('strips a refused token from the address too', async () => {
    const h = history();
    const outcome = await performLogin({
      location: loc(`/agent/chat?accessToken=${SEED_TOKEN}`),
      history: h,
      storage: null,
      now: NOW,
    });
    expect(outcome.kind).toBe('error');
    expect(h.calls).toEqual([[{ keep: 1 }, '', '/agent/chat']]);
  });

  it('leaves a clean address alone and survives a refusing history', async () => {
    const h = history();
    await performLogin({ location: loc('/agent/chat?lang=en'), history: h, storage: null, now: NOW });
    expect(h.calls).toEqual([]);
    const refusing: HistoryLike = {
      replaceState: vi.fn(() => {
        throw new DOMException('nope', 'SecurityError');
      }),
    };
    const outcome = await performLogin({
      location: loc(`/agent/chat?accessToken=${await token()}`),
      history: refusing,
      storage: null,
      now: NOW,
    });
    expect(outcome).toMatchObject({ kind: 'ok', source: 'url' });
    expect(refusing.replaceState).toHaveBeenCalledWith(null, '', '/agent/chat');
  });
});

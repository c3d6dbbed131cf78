import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VENDOR_DEFAULT_JWT_SECRET, verifyAccessToken } from '../emulator/auth/token';
import { cli, type Io } from './cli';
import {
  MAIN_HELP,
  MAX_EXPIRES_IN_SECONDS,
  parseDuration,
  parseServeFlags,
  parseTokenFlags,
  SERVE_HELP,
  TOKEN_HELP,
  UsageError,
} from './cli-options';

/** Deployments' secrets as the vendor configures them: Base64, here of 48 bytes (HS384). */
const SECRET = Buffer.alloc(48, 3).toString('base64');
const OTHER_SECRET = Buffer.alloc(48, 4).toString('base64');
/** The doc's sample token, issued under the vendor's default secret (vendor-evidence §3.1). */
const SEED_TOKEN =
  'eyJhbGciOiJIUzM4NCJ9.eyJzdWIiOiJ7XCJwbGF0Zm9ybVwiOlwiYnl0ZWRlc2tcIixcInVzZXJuYW1lXCI6XCJhZG1pbkBlbWFpbC5jb21cIn0iLCJpYXQiOjE3NTI3MjQ4MzIsImV4cCI6MTc1NTMxNjgzMn0.3Q5ZXyNHImEGCErPkRXWG6rnFK1F_z77kTE6iRlpKmzUAtRpJZinjM_O0J0GebtM';

/** The message of the UsageError that `parse` throws. */
function usageError(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError; parsing succeeded');
}

describe('serve flags', () => {
  it('defaults to 127.0.0.1:5174 with nothing pinned', () => {
    expect(parseServeFlags([])).toEqual({ help: false, port: 5174, host: '127.0.0.1', allowOrigin: [] });
  });

  it('reads every flag', () => {
    const flags = parseServeFlags([
      '--port',
      '5300',
      '--host=0.0.0.0',
      '--allow-origin',
      'http://localhost:3000',
      '--seed',
      '4294967295',
      '--scenario',
      'flood',
      '--latency',
      '999999',
      '--boot-delay',
      '2000',
      '--fail',
      'status,close',
      '--payload',
      'minimal',
      '--lang',
      'en',
      '--jwt-secret',
      VENDOR_DEFAULT_JWT_SECRET,
      '--post-origin',
      '*',
      '--allowed-host',
      'ci.internal,.corp.example',
      '--control-token',
      'a-long-token',
    ]);
    expect(flags).toEqual({
      help: false,
      port: 5300,
      host: '0.0.0.0',
      allowOrigin: ['http://localhost:3000'],
      seed: 4294967295,
      scenario: 'flood',
      latency: 999999,
      bootDelay: 2000,
      fail: ['status', 'close'],
      payload: 'minimal',
      lang: 'en',
      jwtSecret: VENDOR_DEFAULT_JWT_SECRET,
      postOrigin: '*',
      allowedHosts: ['ci.internal', '.corp.example'],
      controlToken: 'a-long-token',
    });
  });

  it.each([
    [['--jwt-secret='], 'got "", which is empty.'],
    [['--jwt-secret', 'e2e-only-secret'], 'got "e2e-only-secret", which has "-" at position 4 (that is base64url'],
    [['--jwt-secret', 's3cret'], 'got "s3cret", which decodes to only 4 bytes (32 bits): too weak'],
    [['--jwt-secret', Buffer.alloc(31).toString('base64')], 'which decodes to only 31 bytes'],
  ])('refuses --jwt-secret %j as the vendor server would, naming what it expected and what arrived', (argv, why) => {
    const message = usageError(() => parseServeFlags(argv));
    expect(message).toMatch(
      /^serve: --jwt-secret must be Base64 \(letters, digits, \+ and \/, optionally = padded\) of at least 32 bytes/,
    );
    expect(message).toContain(why);
    expect(message).toMatch(/\.\nSee `agent-console-emulator serve --help`\.$/);
  });

  it('takes any Base64 --jwt-secret of 32 bytes or more, padded or not', () => {
    for (const bytes of [32, 33, 48, 64, 100]) {
      const secret = Buffer.alloc(bytes, 1).toString('base64');
      expect(parseServeFlags(['--jwt-secret', secret]).jwtSecret).toBe(secret);
    }
  });

  it('refuses an --allowed-host with a port or a scheme, and a --control-token under 8 characters', () => {
    expect(() => parseServeFlags(['--allowed-host', 'evil.example:80'])).toThrow(
      'serve: --allowed-host must be a host name without port, like ci.internal, .example.com or [fd00::1]; got "evil.example:80".',
    );
    expect(() => parseServeFlags(['--allowed-host', 'http://x'])).toThrow(/--allowed-host must be/);
    expect(() => parseServeFlags(['--control-token', 'short'])).toThrow(
      'serve: --control-token must be a token of at least 8 characters; got "short".',
    );
  });

  it('takes --allow-origin repeated and as comma lists, normalised and without duplicates', () => {
    const flags = parseServeFlags([
      '--allow-origin',
      'http://a.example,HTTPS://B.example:443/',
      '--allow-origin=http://a.example',
      '--allow-origin',
      'http://localhost:3000',
    ]);
    expect(flags.allowOrigin).toEqual(['http://a.example', 'https://b.example', 'http://localhost:3000']);
  });

  it('takes --fail repeated, and an empty --fail as none', () => {
    expect(parseServeFlags(['--fail', 'status', '--fail', 'refresh,status']).fail).toEqual(['status', 'refresh']);
    expect(parseServeFlags(['--fail=']).fail).toEqual([]);
  });

  it('accepts port 0 (any free port) and an IPv6 host', () => {
    expect(parseServeFlags(['--port', '0', '--host', '[::1]'])).toMatchObject({ port: 0, host: '::1' });
  });

  it('answers --help or -h whatever else is on the line', () => {
    expect(parseServeFlags(['--bogus', '-h']).help).toBe(true);
    expect(parseServeFlags(['--help']).help).toBe(true);
  });

  it.each([
    [['--port', '99999'], 'serve: --port must be an integer from 0 to 65535; got "99999".'],
    [['--port', '-1'], 'serve: --port must be an integer from 0 to 65535; got "-1".'],
    [['--port', '80.5'], 'serve: --port must be an integer from 0 to 65535; got "80.5".'],
    [['--port=abc'], 'serve: --port must be an integer from 0 to 65535; got "abc".'],
    [['--seed', '4294967296'], 'serve: --seed must be an integer from 0 to 4294967295; got "4294967296".'],
    [['--seed', 'x'], 'serve: --seed must be an integer from 0 to 4294967295; got "x".'],
    [['--scenario', 'busy'], 'serve: --scenario must be one of demo, empty, busy-queue, flood; got "busy".'],
    [['--latency', '1e3'], 'serve: --latency must be milliseconds, an integer from 0 to 999999; got "1e3".'],
    [
      ['--boot-delay', '600001'],
      'serve: --boot-delay must be milliseconds, an integer from 0 to 600000; got "600001".',
    ],
    [
      ['--fail', 'status,login'],
      'serve: --fail must be a comma list of status, refresh, accept, close, transfer; got "login".',
    ],
    [['--lang', 'fr'], 'serve: --lang must be one of zh, en; got "fr".'],
    [['--payload', 'thin'], 'serve: --payload must be one of vendor, minimal, full; got "thin".'],
    [
      ['--host', 'local host'],
      'serve: --host must be a host name or IP address like 127.0.0.1, localhost, 0.0.0.0 or ::1; got "local host".',
    ],
    [
      ['--allow-origin', '*'],
      'serve: --allow-origin must be an http(s) origin like http://localhost:3000 (scheme, host and port; no path); * is accepted only by --post-origin; got "*".',
    ],
    [
      ['--allow-origin', 'localhost:3000'],
      'serve: --allow-origin must be an http(s) origin like http://localhost:3000 (scheme, host and port; no path); got "localhost:3000".',
    ],
    [
      ['--allow-origin', 'http://localhost:3000/app'],
      'serve: --allow-origin must be an http(s) origin like http://localhost:3000 (scheme, host and port; no path); got "http://localhost:3000/app".',
    ],
    [
      ['--allow-origin', 'ftp://files.example'],
      'serve: --allow-origin must be an http(s) origin like http://localhost:3000 (scheme, host and port; no path); got "ftp://files.example".',
    ],
    [
      ['--allow-origin', 'http://ok.example,null'],
      'serve: --allow-origin must be an http(s) origin like http://localhost:3000 (scheme, host and port; no path); got "null".',
    ],
    [
      ['--post-origin', 'http://x.example?q=1'],
      'serve: --post-origin must be an http(s) origin like http://localhost:3000 (scheme, host and port; no path), or *; got "http://x.example?q=1".',
    ],
  ])('%j → %s', (argv, message) => {
    expect(usageError(() => parseServeFlags(argv))).toBe(`${message}\nSee \`agent-console-emulator serve --help\`.`);
  });

  it.each([
    [['--prot', '5174'], 'unknown flag --prot; expected one of --port, --host, --allow-origin, --seed'],
    [['-p', '5174'], 'unknown flag -p; expected one of --port'],
    [['--port'], '--port needs a value, e.g. --port=VALUE.'],
    [
      ['--port', '--seed', '3'],
      '--port needs a value; got the flag --seed instead (write --port=VALUE if you mean it).',
    ],
    [['--port', '1', '--port', '2'], '--port was given twice ("1" and "2"); give it once.'],
    [['5174'], 'unexpected argument "5174"; expected only flags.'],
    [['--', '--port'], 'unexpected "--"; expected only flags.'],
  ])('%j is a usage error: %s', (argv, message) => {
    const text = usageError(() => parseServeFlags(argv));
    expect(text.startsWith('serve: ')).toBe(true);
    expect(text).toContain(message);
    expect(text).toContain('See `agent-console-emulator serve --help` for the flags.');
  });
});

describe('token flags', () => {
  it('needs only --username; tokens live 30 days by default', () => {
    expect(parseTokenFlags(['--username', 'alice@example.com'])).toEqual({
      help: false,
      username: 'alice@example.com',
      expiresInSeconds: 30 * 86400,
    });
  });

  it('reads --expires-in and --jwt-secret', () => {
    expect(parseTokenFlags(['--username=a', '--expires-in', '12h', '--jwt-secret', SECRET])).toEqual({
      help: false,
      username: 'a',
      expiresInSeconds: 12 * 3600,
      jwtSecret: SECRET,
    });
  });

  it.each([
    [[], 'token: --username is required, e.g. --username alice@example.com.'],
    [['--username', '  '], 'token: --username must be a non-empty name of at most 256 characters; got "  ".'],
    [
      ['--username', 'a', '--expires-in', '30 days'],
      'token: --expires-in must be a positive duration like 30d, 12h, 90m, 3600s or 3600 (seconds), at most 36500d; got "30 days".',
    ],
    [['--username', 'a', '--jwt-secret='], 'token: --jwt-secret must be Base64'],
    [['--username', 'a', '--jwt-secret=not base64'], 'got "not base64", which has white space at position 4.'],
  ])('%j → %s', (argv, message) => {
    expect(usageError(() => parseTokenFlags(argv))).toContain(message);
  });

  it('refuses serve-only flags by name', () => {
    expect(usageError(() => parseTokenFlags(['--username', 'a', '--port', '1']))).toContain(
      'token: unknown flag --port; expected one of --username, --expires-in, --jwt-secret, --help.',
    );
  });
});

describe('parseDuration', () => {
  it.each([
    ['30d', 30 * 86400],
    ['12h', 12 * 3600],
    ['90m', 90 * 60],
    ['3600s', 3600],
    ['3600', 3600],
    ['36500d', MAX_EXPIRES_IN_SECONDS],
  ])('%s is %d seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(['0', '0d', '-1', '1.5h', '30D', '1w', 'd', '', ' 30d', '36501d'])('%j is not a duration', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

/** An Io that keeps what the CLI writes. */
function capture(): Io & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text;
    },
    stdout: () => out,
    stderr: () => err,
  };
}

describe('cli: commands, help and exit codes', () => {
  it.each([
    [['--help'], MAIN_HELP],
    [['-h'], MAIN_HELP],
    [['help'], MAIN_HELP],
    [['help', 'serve'], SERVE_HELP],
    [['serve', '--help'], SERVE_HELP],
    [['token', '--help'], TOKEN_HELP],
    [['token', '-h'], TOKEN_HELP],
  ])('%j prints its help on stdout and exits 0', async (argv, help) => {
    const io = capture();
    expect(await cli(argv, io)).toBe(0);
    expect(io.stdout()).toBe(help);
    expect(io.stderr()).toBe('');
  });

  it('the help texts name every flag the parsers accept', () => {
    for (const flag of ['--port', '--host', '--allow-origin', '--seed', '--scenario', '--latency', '--fail']) {
      expect(SERVE_HELP).toContain(flag);
    }
    for (const flag of ['--lang', '--payload', '--jwt-secret', '--post-origin', '--boot-delay'])
      expect(SERVE_HELP).toContain(flag);
    for (const flag of ['--username', '--expires-in', '--jwt-secret']) expect(TOKEN_HELP).toContain(flag);
  });

  it('prints the version', async () => {
    const io = capture();
    expect(await cli(['--version'], io)).toBe(0);
    expect(io.stdout()).toMatch(/^\d+\.\d+\.\d+\S*\n$/);
  });

  it('exits 2 without a command, showing the help on stderr', async () => {
    const io = capture();
    expect(await cli([], io)).toBe(2);
    expect(io.stderr()).toContain('agent-console-emulator: missing command; expected serve or token.');
    expect(io.stderr()).toContain(MAIN_HELP);
    expect(io.stdout()).toBe('');
  });

  it('exits 2 on an unknown command, naming it', async () => {
    const io = capture();
    expect(await cli(['srve'], io)).toBe(2);
    expect(io.stderr()).toBe(
      'agent-console-emulator: unknown command "srve"; expected serve or token.\nSee `agent-console-emulator --help`.\n',
    );
  });

  it('exits 2 on a bad flag, with the message on stderr and nothing on stdout', async () => {
    const io = capture();
    expect(await cli(['serve', '--port', '70000'], io)).toBe(2);
    expect(io.stderr()).toBe(
      'agent-console-emulator serve: --port must be an integer from 0 to 65535; got "70000".\nSee `agent-console-emulator serve --help`.\n',
    );
    expect(io.stdout()).toBe('');
  });
});

describe('cli token', () => {
  it('prints only the token on stdout; a console with the same secret accepts it as that user', async () => {
    const io = capture();
    const before = Date.now();
    expect(
      await cli(['token', '--username', 'alice@example.com', '--jwt-secret', SECRET, '--expires-in', '2h'], io),
    ).toBe(0);
    expect(io.stdout()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(io.stderr()).toBe('');
    const result = await verifyAccessToken(io.stdout().trim(), { now: Date.now(), secret: SECRET });
    expect(result).toMatchObject({ ok: true, username: 'alice@example.com', platform: 'bytedesk' });
    if (!result.ok) return;
    expect(result.expiresAt - result.issuedAt).toBe(2 * 3600 * 1000);
    expect(result.issuedAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
  });

  it('is refused by a console configured with another secret', async () => {
    const io = capture();
    await cli(['token', '--username', 'a', '--jwt-secret', SECRET], io);
    const result = await verifyAccessToken(io.stdout().trim(), { now: Date.now(), secret: OTHER_SECRET });
    expect(result).toMatchObject({ ok: false, problem: 'signature' });
  });

  it("without --jwt-secret signs with the vendor's default secret, lower-casing the username, and says so", async () => {
    const io = capture();
    expect(await cli(['token', '--username', 'Bob@Example.com'], io)).toBe(0);
    const [header] = io.stdout().split('.');
    expect(Buffer.from(header ?? '', 'base64url').toString()).toBe('{"alg":"HS384"}');
    const result = await verifyAccessToken(io.stdout().trim(), { now: Date.now(), secret: VENDOR_DEFAULT_JWT_SECRET });
    expect(result).toMatchObject({ ok: true, username: 'bob@example.com' });
    expect(io.stderr()).toContain("note: signed with the vendor's public default secret");
  });

  it('signs HS512 with a 64-byte secret, as the vendor server would with that key', async () => {
    const io = capture();
    const secret = Buffer.alloc(64, 5).toString('base64');
    expect(await cli(['token', '--username', 'a', '--jwt-secret', secret], io)).toBe(0);
    expect(Buffer.from(io.stdout().split('.')[0] ?? '', 'base64url').toString()).toBe('{"alg":"HS512"}');
    expect(await verifyAccessToken(io.stdout().trim(), { now: Date.now(), secret })).toMatchObject({ ok: true });
  });

  it('exits 2 on a secret that is not Base64, saying what was expected and what arrived', async () => {
    const io = capture();
    expect(await cli(['token', '--username', 'a', '--jwt-secret', 'e2e-only-secret'], io)).toBe(2);
    expect(io.stderr()).toMatch(
      /^agent-console-emulator token: --jwt-secret must be Base64 .* of at least 32 bytes.*; got "e2e-only-secret", which has "-" at position 4/,
    );
    expect(io.stdout()).toBe('');
  });

  it('exits 2 without --username', async () => {
    const io = capture();
    expect(await cli(['token'], io)).toBe(2);
    expect(io.stderr()).toContain('agent-console-emulator token: --username is required');
    expect(io.stdout()).toBe('');
  });
});

describe('cli serve', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'cli-test-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(
      join(root, 'index.html'),
      '<html><head><script type="module" src="/assets/a.js"></script></head></html>',
    );
    writeFileSync(join(root, 'assets/a.js'), '');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** Starts `serve` through the CLI; resolves once it has printed its URL. */
  async function serve(argv: string[], control?: false) {
    const io = capture();
    const stop = new AbortController();
    const exit = cli(['serve', '--port', '0', ...argv], io, { stop: stop.signal, root, control });
    await expect.poll(() => io.stdout() || io.stderr(), { timeout: 5000 }).not.toBe('');
    const url = /ready in \d+ ms: (http:\/\/\S+)/.exec(io.stdout())?.[1];
    if (!url) throw new Error(`serve did not print its URL:\n${io.stdout()}${io.stderr()}`);
    const stopServe = () => {
      stop.abort();
      return exit;
    };
    return { io, url, origin: new URL(url).origin, stop: stopServe };
  }

  it('prints the workbench URL, serves the flags as page defaults, and exits 0 when stopped', async () => {
    const server = await serve(['--seed', '3', '--allow-origin', 'http://localhost:3000'], false);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/agent\/chat$/);
    expect(server.io.stdout()).toContain('framing and commands only from: http://localhost:3000');
    const page = await fetch(server.url);
    expect(page.headers.get('content-security-policy')).toBe('frame-ancestors http://localhost:3000');
    expect(await page.text()).toContain(
      '<script>window.__EMULATOR_CONFIG__ = {"allowOrigin":["http://localhost:3000"],"seed":3,"control":false}</script>',
    );
    expect(await server.stop()).toBe(0);
    await expect(fetch(server.url)).rejects.toThrow();
  });

  it('mounts the control API under /__emulator/ by default and tells the page', async () => {
    const server = await serve([]);
    expect(server.io.stdout()).toContain(`control API: ${server.origin}/__emulator/`);
    expect(await (await fetch(server.url)).text()).toContain('"control":true');
    const pages = await fetch(`${server.origin}/__emulator/pages`);
    expect(pages.status).toBe(200);
    expect(pages.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await server.stop()).toBe(0);
  });

  it("with the vendor's default secret says so, and the page gets the secret to check tokens the vendor way", async () => {
    const server = await serve(['--jwt-secret', VENDOR_DEFAULT_JWT_SECRET], false);
    expect(server.io.stdout()).toContain(
      "accessToken: HS384 signatures checked with the vendor's default secret (Base64-decoded, 48-byte key",
    );
    expect(await (await fetch(server.url)).text()).toContain(`"jwtSecret":"${VENDOR_DEFAULT_JWT_SECRET}"`);
    // What the page then does with the doc's own token: genuine, but expired.
    const seed = await verifyAccessToken(SEED_TOKEN, { now: Date.now(), secret: VENDOR_DEFAULT_JWT_SECRET });
    expect(seed).toMatchObject({ ok: false, problem: 'expired', expiredAt: 1755316832000 });
    expect(await server.stop()).toBe(0);
  });

  it('exits 2 before listening on a --jwt-secret that is not Base64', async () => {
    const io = capture();
    const code = await cli(['serve', '--port', '0', '--jwt-secret', 'e2e-only-secret'], io, { root, control: false });
    expect(code).toBe(2);
    expect(io.stderr()).toContain('agent-console-emulator serve: --jwt-secret must be Base64');
    expect(io.stdout()).toBe('');
  });

  it('with --control-token, refuses CI calls without it', async () => {
    const server = await serve(['--control-token', 'ci-secret-token']);
    expect(server.io.stdout()).toContain('control API calls: need Authorization: Bearer <--control-token>');
    expect((await fetch(`${server.origin}/__emulator/pages`)).status).toBe(401);
    const allowed = await fetch(`${server.origin}/__emulator/pages`, {
      headers: { authorization: 'Bearer ci-secret-token' },
    });
    expect(allowed.status).toBe(200);
    expect(await server.stop()).toBe(0);
  });

  it('warns loudly when bound to a non-loopback address', async () => {
    const server = await serve(['--host', '0.0.0.0'], false);
    expect(server.io.stderr()).toContain(
      'WARNING: serve listens on 0.0.0.0, not a loopback address: the page and the control API under /__emulator/ ' +
        'are reachable from the network. Consider --control-token.',
    );
    expect(await server.stop()).toBe(0);
    const quiet = await serve([], false);
    expect(quiet.io.stderr()).toBe('');
    expect(await quiet.stop()).toBe(0);
  });

  it('exits 1 with a clear message when there is no build to serve', async () => {
    const io = capture();
    const code = await cli(['serve', '--port', '0'], io, { root: join(root, 'missing'), control: false });
    expect(code).toBe(1);
    expect(io.stderr()).toMatch(/^agent-console-emulator serve: No production build of the emulator at .*missing/);
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createControlHandler } from './control-server';
import {
  configScript,
  createEmulatorServer,
  defaultRoot,
  type EmulatorServer,
  type EmulatorServerOptions,
  hostAllowed,
  injectConfig,
  isLoopbackHost,
  ServeError,
} from './serve';

/** A stand-in for dist/emulator: the shape `vite build --mode emulator` produces, with a secret beside it. */
let dir: string;
let root: string;
const INDEX = `<!doctype html>
<html><head><meta charset="UTF-8" /><title>t</title>
    <script type="module" crossorigin src="/assets/index-AbC123.js"></script>
    <link rel="stylesheet" crossorigin href="/assets/index-XyZ789.css">
</head><body><div id="app"></div></body></html>`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'serve-test-'));
  root = join(dir, 'emulator');
  mkdirSync(join(root, 'assets'), { recursive: true });
  mkdirSync(join(root, 'avatars'));
  writeFileSync(join(root, 'index.html'), INDEX);
  writeFileSync(join(root, 'assets/index-AbC123.js'), 'console.log(1);');
  writeFileSync(join(root, 'assets/index-XyZ789.css'), 'body{}');
  writeFileSync(join(root, 'avatars/agent.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(root, 'avatars/agent.blob'), 'bytes');
  writeFileSync(join(dir, 'secret.txt'), 'TOP SECRET');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const servers: EmulatorServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(options: EmulatorServerOptions = {}): Promise<EmulatorServer> {
  const server = await createEmulatorServer({ root, port: 0, ...options });
  servers.push(server);
  return server;
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request: fetch would normalise paths like /../ before they reach the server. */
function get(origin: string, path: string, method = 'GET', headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((done, fail) => {
    const req = request(`${origin}/`, { method, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

/** A request as raw bytes (e.g. HTTP/1.0 without a Host header, which no client here would send); the whole answer. */
function raw(origin: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(origin);
  return new Promise((done, fail) => {
    let answer = '';
    const socket = connect(Number(port), hostname, () => socket.end(bytes));
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      answer += chunk;
    });
    socket.on('end', () => done(answer));
    socket.on('error', fail);
  });
}

/** The injected config, read back the way the browser would (JSON with \u003c escapes is still JSON). */
function injectedConfig(html: string): unknown {
  const match = /<script>window\.__EMULATOR_CONFIG__ = (.*?)<\/script>/.exec(html);
  if (!match?.[1]) throw new Error(`no config script in ${html.slice(0, 300)}`);
  return JSON.parse(match[1]);
}

describe('createEmulatorServer: the vendor paths', () => {
  it.each(['/', '/index.html', '/desktop', '/agent', '/agent/chat', '/agent/auth/login', '/agent/x/y?seed=5'])(
    '%s answers the page with the server defaults injected',
    async (path) => {
      const server = await start({ seed: 3, scenario: 'busy-queue', latency: 200, fail: ['status'], lang: 'en' });
      const reply = await get(server.origin, path);
      expect(reply.status).toBe(200);
      expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(reply.headers['cache-control']).toBe('no-store');
      expect(injectedConfig(reply.body)).toEqual({
        seed: 3,
        scenario: 'busy-queue',
        latency: 200,
        fail: ['status'],
        lang: 'en',
        control: false,
      });
    },
  );

  it('puts the config before the app module, so it is set when the app reads it', async () => {
    const { body } = await get((await start()).origin, '/agent/chat');
    expect(body.indexOf('__EMULATOR_CONFIG__')).toBeGreaterThan(-1);
    expect(body.indexOf('__EMULATOR_CONFIG__')).toBeLessThan(body.indexOf('/assets/index-AbC123.js'));
  });

  it('says control: true when a control handler is mounted', async () => {
    const server = await start({ extraHandler: () => false });
    expect(injectedConfig((await get(server.origin, '/agent/chat')).body)).toEqual({ control: true });
  });

  it('reports its URLs, with the port it actually got', async () => {
    const server = await start();
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.origin).not.toMatch(/:0$/);
    expect(server.url).toBe(`${server.origin}/agent/chat`);
  });

  it('answers HEAD with the headers only', async () => {
    const reply = await get((await start()).origin, '/agent/chat', 'HEAD');
    expect(reply.status).toBe(200);
    expect(Number(reply.headers['content-length'])).toBeGreaterThan(INDEX.length);
    expect(reply.body).toBe('');
  });

  it('refuses other methods outside /__emulator/ with 405', async () => {
    const reply = await get((await start()).origin, '/agent/chat', 'POST');
    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe('GET, HEAD');
  });
});

describe('createEmulatorServer: frame-ancestors', () => {
  it('sends Content-Security-Policy: frame-ancestors with the pinned origins on pages', async () => {
    const server = await start({ allowOrigin: ['http://localhost:3000', 'https://app.example'] });
    const reply = await get(server.origin, '/agent/chat');
    expect(reply.headers['content-security-policy']).toBe('frame-ancestors http://localhost:3000 https://app.example');
    expect(injectedConfig(reply.body)).toMatchObject({ allowOrigin: ['http://localhost:3000', 'https://app.example'] });
  });

  // Fails on the old code: without --allow-origin it sent no CSP, so any website could frame the console.
  it('without an allowlist lets only loopback pages frame the console', async () => {
    const reply = await get((await start()).origin, '/desktop');
    expect(reply.headers['content-security-policy']).toBe(
      "frame-ancestors 'self' http://localhost:* https://localhost:* http://127.0.0.1:* https://127.0.0.1:* " +
        'http://*.localhost:* https://*.localhost:*',
    );
  });

  it('does not put the CSP on assets', async () => {
    const server = await start({ allowOrigin: ['http://localhost:3000'] });
    expect((await get(server.origin, '/assets/index-AbC123.js')).headers['content-security-policy']).toBeUndefined();
  });
});

describe('createEmulatorServer: files', () => {
  it.each([
    ['/assets/index-AbC123.js', 'text/javascript; charset=utf-8', 'console.log(1);'],
    ['/assets/index-XyZ789.css', 'text/css; charset=utf-8', 'body{}'],
    ['/avatars/agent.svg', 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg"/>'],
  ])('%s is served as %s', async (path, type, content) => {
    const reply = await get((await start()).origin, path);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe(type);
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(reply.body).toBe(content);
  });

  it('caches hashed assets for a year and revalidates the rest', async () => {
    const { origin } = await start();
    expect((await get(origin, '/assets/index-AbC123.js')).headers['cache-control']).toBe(
      'public, max-age=31536000, immutable',
    );
    expect((await get(origin, '/avatars/agent.svg')).headers['cache-control']).toBe('no-cache');
  });

  it.each(['/nope', '/agentx', '/desktop/x', '/assets/missing.js', '/assets', '/avatars/'])(
    '%s is a 404 with a short text',
    async (path) => {
      const reply = await get((await start()).origin, path);
      expect(reply.status).toBe(404);
      expect(reply.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(reply.body).toContain(`Not found: ${path}`);
      expect(reply.body.length).toBeLessThan(200);
    },
  );

  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/avatars/%2e%2e%2f%2e%2e%2fsecret.txt',
  ])('%s cannot reach a file outside the build', async (path) => {
    const reply = await get((await start()).origin, path);
    expect(reply.status).toBe(400);
    expect(reply.body).not.toContain('TOP SECRET');
  });

  it('answers a malformed percent-encoding with 400', async () => {
    const reply = await get((await start()).origin, '/assets/%E0%A4%A');
    expect(reply.status).toBe(400);
  });
});

describe('createEmulatorServer: the injected config is inert', () => {
  it('escapes < so no value can close the script tag, and the value survives intact', async () => {
    // postOrigin: createEmulatorServer passes it on unchecked (the jwtSecret it would now refuse as not Base64).
    const hostile = '</script><script>alert(1)</script><!--';
    const server = await start({ postOrigin: hostile });
    const { body } = await get(server.origin, '/agent/chat');
    expect(body).not.toContain('</script><script>alert(1)');
    expect(body).not.toContain('<!--');
    expect(injectedConfig(body)).toEqual({ postOrigin: hostile, control: false });
  });

  it('configScript escapes every <, and the line separators JSON allows but old parsers do not', () => {
    const script = configScript({ jwtSecret: '<<\u2028\u2029' });
    expect(script).toBe('<script>window.__EMULATOR_CONFIG__ = {"jwtSecret":"\\u003c\\u003c\\u2028\\u2029"}</script>');
  });
});

describe('createEmulatorServer: /__emulator/ is reserved for the control API', () => {
  it('gives those requests to extraHandler first, whatever the method', async () => {
    const seen: string[] = [];
    const server = await start({
      extraHandler: (req, res) => {
        seen.push(`${req.method} ${req.url}`);
        res.writeHead(202, { 'Content-Type': 'application/json' }).end('{"ok":true}');
        return true;
      },
    });
    const reply = await get(server.origin, '/__emulator/visitor-arrives?page=a', 'POST');
    expect(reply).toMatchObject({ status: 202, body: '{"ok":true}' });
    expect(seen).toEqual(['POST /__emulator/visitor-arrives?page=a']);
  });

  it('never asks extraHandler about other paths', async () => {
    const seen: string[] = [];
    const server = await start({
      extraHandler: (req) => {
        seen.push(req.url ?? '');
        return true;
      },
    });
    await get(server.origin, '/agent/chat');
    await get(server.origin, '/assets/index-AbC123.js');
    await get(server.origin, '/__emulatorx');
    expect(seen).toEqual([]);
  });

  it('answers 404 when the handler declines, or when none is mounted', async () => {
    const declining = await start({ extraHandler: async () => false });
    expect((await get(declining.origin, '/__emulator/nothing')).status).toBe(404);
    expect((await get((await start()).origin, '/__emulator/state')).status).toBe(404);
  });

  it('turns a handler that throws into a 500 naming the error, and keeps serving', async () => {
    const server = await start({
      extraHandler: () => {
        throw new Error('boom');
      },
    });
    const reply = await get(server.origin, '/__emulator/state');
    expect(reply).toMatchObject({ status: 500, body: 'Internal error: boom\n' });
    expect((await get(server.origin, '/agent/chat')).status).toBe(200);
  });
});

describe('createEmulatorServer: start and stop', () => {
  it('refuses a folder without a build, saying what it expected', async () => {
    const error = await createEmulatorServer({ root: join(dir, 'nothing-here'), port: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServeError);
    expect((error as Error).message).toMatch(
      /No production build of the emulator at .*nothing-here: expected index\.html/,
    );
  });

  it('refuses a jwtSecret that is not Base64 of at least 32 bytes, saying what it expected and what arrived', async () => {
    const error = await createEmulatorServer({ root, port: 0, jwtSecret: 's3cret!' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServeError);
    expect((error as Error).message).toMatch(
      /^jwtSecret must be Base64 .* at least 32 bytes.*; got "s3cret!", which has "!" at position 7\.$/,
    );
  });

  it('hands the page a vendor secret as given (the page derives the key the vendor way)', async () => {
    const jwtSecret = '1dfaf8d004207b628a9a6b859c429f49a9a7ead9fd8161c1e60847aeef06dbd2';
    const { body } = await get((await start({ jwtSecret })).origin, '/agent/chat');
    expect(injectedConfig(body)).toEqual({ jwtSecret, control: false });
  });

  it('names a port that is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    const { port } = blocker.address() as AddressInfo;
    try {
      const error = await createEmulatorServer({ root, port }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ServeError);
      expect((error as Error).message).toBe(`Port ${port} on 127.0.0.1 is already in use; pick another with --port.`);
    } finally {
      blocker.close();
    }
  });

  it('close() ends open event streams instead of waiting for them, and frees the port', async () => {
    const server = await createEmulatorServer({
      root,
      port: 0,
      // Like the control API's page stream: headers sent, body never ended.
      extraHandler: (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/event-stream' }).write(': open\n\n');
        return true;
      },
    });
    const port = Number(new URL(server.origin).port);
    const stream = await new Promise<{ closed: Promise<void> }>((done, fail) => {
      request(`${server.origin}/__emulator/pages/connect`, (res) => {
        done({ closed: new Promise((ended) => res.on('close', () => ended())) });
      })
        .on('error', fail)
        .end();
    });
    const started = Date.now();
    await server.close();
    await stream.closed;
    expect(Date.now() - started).toBeLessThan(1000);
    const again = await createEmulatorServer({ root, port });
    await again.close();
  });
});

describe('createEmulatorServer: attacks (issue #12), each answered 200 by the old code', () => {
  // DNS rebinding: the attacker's name resolves to 127.0.0.1, so the browser sends its Host and Origin.
  it.each(['/agent/chat', '/__emulator/pages', '/__emulator/state', '/assets/index-AbC123.js'])(
    'refuses a foreign Host on %s with 403 saying how to allow it',
    async (path) => {
      const server = await start({ extraHandler: createControlHandler().handle });
      const port = new URL(server.origin).port;
      const reply = await get(server.origin, path, 'GET', {
        host: `evil.example:${port}`,
        origin: `http://evil.example:${port}`,
      });
      expect(reply.status).toBe(403);
      expect(reply.body).toBe(
        'Blocked request: the host "evil.example" is not allowed (a DNS-rebinding page would look like this). ' +
          'To allow it, start serve with --allowed-host evil.example.\n',
      );
      expect(reply.body).not.toContain('__EMULATOR_CONFIG__');
    },
  );

  it('accepts loopback names, *.localhost, the bound host and --allowed-host names', async () => {
    const server = await start({ allowedHosts: ['ci.internal', '.corp.example'] });
    const port = new URL(server.origin).port;
    for (const host of ['localhost', '127.0.0.1', '[::1]', 'app.localhost', 'ci.internal', 'a.corp.example']) {
      expect((await get(server.origin, '/agent/chat', 'GET', { host: `${host}:${port}` })).status).toBe(200);
    }
    expect((await get(server.origin, '/agent/chat', 'GET', { host: `corp.example.evil:${port}` })).status).toBe(403);
  });

  // The framing pin was bypassed: these served index.html as a file, without the CSP and without the config.
  it.each(['/index.html/', '/avatars/..%2findex.html', '/assets/..%2findex.html', '/assets/%2e%2e/index.html'])(
    '%s does not serve the page without its CSP',
    async (path) => {
      const reply = await get((await start()).origin, path);
      expect(reply.status).toBeGreaterThanOrEqual(400);
      expect(reply.body).not.toContain('<div id="app">');
    },
  );

  it('serves every HTML response with the same CSP and config, /index.html included', async () => {
    const server = await start({ allowOrigin: ['http://localhost:3000'] });
    for (const path of ['/', '/index.html', '/desktop', '/agent/chat']) {
      const reply = await get(server.origin, path);
      expect(reply.headers['content-security-policy']).toBe('frame-ancestors http://localhost:3000');
      expect(injectedConfig(reply.body)).toMatchObject({ allowOrigin: ['http://localhost:3000'] });
    }
  });

  it('refuses a URL longer than 8 KiB with 414 before routing it', async () => {
    const reply = await get((await start()).origin, `/agent/chat?x=${'a'.repeat(9000)}`);
    expect(reply.status).toBe(414);
  });

  it('marks control API JSON answers nosniff', async () => {
    const server = await start({ extraHandler: createControlHandler().handle });
    const reply = await get(server.origin, '/__emulator/nope');
    expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('injectConfig: the config runs before any script of the page', () => {
  const script = configScript({ seed: 1 });

  it('goes right before the first script, even one that opens the page', () => {
    expect(
      injectConfig('<head><title>t</title><SCRIPT src="/a.js"></SCRIPT><script></script></head>', { seed: 1 }),
    ).toBe(`<head><title>t</title>${script}\n    <SCRIPT src="/a.js"></SCRIPT><script></script></head>`);
    expect(injectConfig('<script src="/a.js"></script><p>x</p>', { seed: 1 })).toBe(
      `${script}\n    <script src="/a.js"></script><p>x</p>`,
    );
  });

  it('goes before </head> when the page has no script', () => {
    expect(injectConfig('<html><head><title>t</title></HEAD><body></body></html>', { seed: 1 })).toBe(
      `<html><head><title>t</title>${script}\n</HEAD><body></body></html>`,
    );
  });

  it('opens a page that has neither', () => {
    expect(injectConfig('<p>bare</p>', { seed: 1 })).toBe(`${script}\n<p>bare</p>`);
  });
});

describe('hostAllowed: which Host headers name this server', () => {
  it('refuses a request without a Host header, naming none in the 403', async () => {
    expect(hostAllowed(undefined, '127.0.0.1')).toBe(false);
    expect(hostAllowed('', '127.0.0.1')).toBe(false);
    const answer = await raw((await start()).origin, 'GET /agent/chat HTTP/1.0\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 403 /);
    expect(answer).toContain('the host "" is not allowed');
    expect(answer).toContain('--allowed-host <name>.\n');
  });

  it('accepts IPv6 loopback with or without a port, but not with junk after the bracket', () => {
    expect(hostAllowed('[::1]:5174', '127.0.0.1')).toBe(true);
    expect(hostAllowed('[::1]', '127.0.0.1')).toBe(true);
    expect(hostAllowed('[::1].evil.example', '127.0.0.1')).toBe(false);
  });

  it('accepts the bound host by name, in any case, IPv4 or bracketed IPv6', () => {
    expect(hostAllowed('127.0.0.2:5174', '127.0.0.2')).toBe(true);
    expect(hostAllowed('127.0.0.2:5174', '127.0.0.1')).toBe(false);
    expect(hostAllowed('mybox:5174', 'MyBox')).toBe(true);
    expect(hostAllowed('[FE80::1]:5174', 'fe80::1')).toBe(true);
    expect(hostAllowed('[fe80::1]:5174', 'FE80::1')).toBe(true);
    expect(hostAllowed('fe80::1', 'fe80::1')).toBe(false);
  });

  // http://0.0.0.0:port/ reaches a local server from a public page in some browsers ("0.0.0.0 day").
  it('does not take a wildcard bind as a name', () => {
    expect(hostAllowed('0.0.0.0:5174', '0.0.0.0')).toBe(false);
    expect(hostAllowed('[::]:5174', '::')).toBe(false);
  });

  it('matches an --allowed-host name exactly, and a .name as the domain and its subdomains', () => {
    expect(hostAllowed('ci.internal:80', '127.0.0.1')).toBe(false);
    const allowed = ['CI.Internal', '.corp.example'];
    expect(hostAllowed('ci.internal:80', '127.0.0.1', allowed)).toBe(true);
    expect(hostAllowed('a.ci.internal:80', '127.0.0.1', allowed)).toBe(false);
    expect(hostAllowed('xci.internal:80', '127.0.0.1', allowed)).toBe(false);
    expect(hostAllowed('corp.example:80', '127.0.0.1', allowed)).toBe(true);
    expect(hostAllowed('a.b.corp.example', '127.0.0.1', allowed)).toBe(true);
    expect(hostAllowed('xcorp.example', '127.0.0.1', allowed)).toBe(false);
  });
});

describe('isLoopbackHost: which bind addresses stay on this machine', () => {
  it.each(['localhost', '::1', '127.0.0.1', '127.1.22.255'])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each(['0.0.0.0', '::', '', '10.127.0.0.1', '127.0.0.1.evil.example', '127.0.0.1000', 'localhost.example'])(
    '%j is not',
    (host) => {
      expect(isLoopbackHost(host)).toBe(false);
    },
  );
});

describe('createEmulatorServer: what a refused request is told', () => {
  it('refuses a request target that is not a path ("*") with 400, naming it', async () => {
    const reply = await get((await start()).origin, '*');
    expect(reply).toMatchObject({ status: 400, body: 'Bad request: the path "*" must start with /.\n' });
  });

  it.each(['/assets%2findex-AbC123.js', '/assets%2Findex-AbC123.js', '/assets%5cindex-AbC123.js', '/a%00', '/a\\b'])(
    'refuses %s with 400 even where the decoded path names a file',
    async (path) => {
      const reply = await get((await start()).origin, path);
      expect(reply.status).toBe(400);
      expect(reply.body).toBe(
        `Bad request: encoded slashes, backslashes and NUL are refused in paths; got ${JSON.stringify(path)}.\n`,
      );
    },
  );

  it.each(['/assets/./index-AbC123.js', '/./agent/chat', '/assets/%2E/index-AbC123.js'])(
    'refuses the dot segment in %s with 400',
    async (path) => {
      const reply = await get((await start()).origin, path);
      expect(reply.status).toBe(400);
      expect(reply.body).toBe(`Bad request: dot segments are refused in paths; got ${JSON.stringify(path)}.\n`);
    },
  );

  it('names a malformed percent-encoding', async () => {
    const reply = await get((await start()).origin, '/assets/%E0%A4%A');
    expect(reply.body).toBe('Bad request: the path "/assets/%E0%A4%A" is not a valid URL path.\n');
  });

  it('accepts a URL of exactly 8 KiB and refuses one character more with 414, saying the limit', async () => {
    const { origin } = await start();
    const path = (length: number) => `/agent/chat?x=${'a'.repeat(length - '/agent/chat?x='.length)}`;
    expect((await get(origin, path(8192))).status).toBe(200);
    const reply = await get(origin, path(8193));
    expect(reply).toMatchObject({ status: 414, body: 'The request URL is longer than 8192 characters.\n' });
  });

  it('sends every text answer uncached and nosniff', async () => {
    const { origin } = await start();
    for (const path of ['/nope', '/%2f', '/__emulator/state']) {
      const reply = await get(origin, path);
      expect(reply.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(reply.headers['cache-control']).toBe('no-store');
      expect(reply.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('says why a control path or a method is refused', async () => {
    const { origin } = await start();
    expect((await get(origin, '/__emulator/state')).body).toBe(
      'Not found: /__emulator/state (no control endpoint answers this path on this server).\n',
    );
    expect((await get(origin, '/agent/chat', 'DELETE')).body).toBe(
      'Method DELETE not allowed: this server only serves files (GET, HEAD).\n',
    );
  });
});

describe('createEmulatorServer: a file is served only under its own name', () => {
  it.each(['//index.html', '///index.html'])('%s does not serve the page as a file', async (path) => {
    const reply = await get((await start()).origin, path);
    expect(reply.status).toBe(404);
    expect(reply.body).not.toContain('<div id="app">');
  });

  it.each(['/assets/index-AbC123.js/', '/avatars/agent.svg/'])('%s (a trailing slash) is a 404', async (path) => {
    const reply = await get((await start()).origin, path);
    expect(reply.status).toBe(404);
    expect(reply.body).toContain(`Not found: ${path}.`);
  });

  it('serves a file of an unknown type as application/octet-stream', async () => {
    const reply = await get((await start()).origin, '/avatars/agent.blob');
    expect(reply).toMatchObject({ status: 200, body: 'bytes' });
    expect(reply.headers['content-type']).toBe('application/octet-stream');
  });

  it('marks the page nosniff', async () => {
    expect((await get((await start()).origin, '/agent/chat')).headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers HEAD on a file with its headers only', async () => {
    const reply = await get((await start()).origin, '/assets/index-AbC123.js', 'HEAD');
    expect(reply).toMatchObject({ status: 200, body: '' });
    expect(reply.headers['content-length']).toBe(String('console.log(1);'.length));
  });

  it('cuts the connection when a handler fails after its answer began, instead of leaving it open', async () => {
    const server = await start({
      extraHandler: (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/plain' }).write('partial');
        throw new Error('late');
      },
    });
    const outcome = await new Promise<{ status: number; complete: boolean }>((done, fail) => {
      request(`${server.origin}/__emulator/state`, (res) => {
        res.on('error', () => undefined);
        res.resume();
        res.on('close', () => done({ status: res.statusCode ?? 0, complete: res.complete }));
      })
        .on('error', fail)
        .end();
    });
    expect(outcome).toEqual({ status: 200, complete: false });
    expect((await get(server.origin, '/agent/chat')).status).toBe(200);
  });
});

describe('defaultRoot: where the build is found when no root is given', () => {
  /** A project folder with the given files (a path ending in / is a folder). */
  function layout(paths: string[]): string {
    const base = mkdtempSync(join(dir, 'layout-'));
    for (const path of paths) {
      if (path.endsWith('/')) mkdirSync(join(base, path), { recursive: true });
      else {
        mkdirSync(join(base, path, '..'), { recursive: true });
        writeFileSync(join(base, path), '');
      }
    }
    return base;
  }
  const from = (base: string, module: string) => pathToFileURL(join(base, module)).href;

  it('finds dist/emulator from server/ in the repo', () => {
    const base = layout(['dist/emulator/index.html', 'dist/emulator/assets/', 'emulator/index.html']);
    expect(defaultRoot(from(base, 'server/serve.ts'))).toBe(`${join(base, 'dist/emulator')}/`);
  });

  it('finds ../emulator from dist/cli/ when packed', () => {
    const base = layout(['dist/emulator/index.html', 'dist/emulator/assets/']);
    expect(defaultRoot(from(base, 'dist/cli/cli.js'))).toBe(`${join(base, 'dist/emulator')}/`);
  });

  it('prefers dist/emulator when both candidates look like builds', () => {
    const base = layout([
      'dist/emulator/index.html',
      'dist/emulator/assets/',
      'emulator/index.html',
      'emulator/assets/',
    ]);
    expect(defaultRoot(from(base, 'server/serve.ts'))).toBe(`${join(base, 'dist/emulator')}/`);
  });

  it('takes neither the source folder (an index.html, no assets/) nor a folder without index.html', () => {
    const base = layout(['emulator/index.html', 'dist/emulator/assets/']);
    expect(defaultRoot(from(base, 'server/serve.ts'))).toBeUndefined();
  });
});

describe('createEmulatorServer: start-up problems are ServeErrors that say what to do', () => {
  it('names its kind', async () => {
    const error = await createEmulatorServer({ root: join(dir, 'nothing-here'), port: 0 }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('ServeError');
  });

  it('refuses an existing folder without index.html, saying how to build one', async () => {
    const error = await createEmulatorServer({ root: join(root, 'assets'), port: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServeError);
    expect((error as Error).message).toBe(
      `No production build of the emulator at ${join(root, 'assets')}: expected index.html and assets/ ` +
        'from `vite build --mode emulator` (run `npm run build`).',
    );
  });

  it('names a host that is not an address of this machine', async () => {
    const error = await createEmulatorServer({ root, port: 0, host: '192.0.2.1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServeError);
    expect((error as Error).message).toBe(
      'Cannot listen on host 192.0.2.1 (EADDRNOTAVAIL); use an address of this machine.',
    );
  });

  // .invalid never resolves (RFC 6761): ENOTFOUND, or EAI_AGAIN on a machine with no resolver at all.
  it('names a host name that does not resolve', async () => {
    const error = await createEmulatorServer({ root, port: 0, host: 'no-such-host.invalid' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServeError);
    expect((error as Error).message).toMatch(
      /^Cannot listen on host no-such-host\.invalid \((ENOTFOUND|EAI_AGAIN)\); use an address of this machine\.$/,
    );
  });

  // Linux refuses a link-local IPv6 address without its zone (fe80::1%eth0): EINVAL, or EAFNOSUPPORT without IPv6.
  it('passes any other listen error on as it is', async () => {
    const error = await createEmulatorServer({ root, port: 0, host: 'fe80::1' }).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(ServeError);
    expect(['EINVAL', 'EAFNOSUPPORT']).toContain((error as NodeJS.ErrnoException).code);
  });

  it.skipIf(process.getuid?.() === 0)('names a privileged port it may not take', async () => {
    const error = await createEmulatorServer({ root, port: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServeError);
    expect((error as Error).message).toBe('Not allowed to listen on port 1 (EACCES); use a port above 1023.');
  });
});

describe('createEmulatorServer: the URL it reports answers', () => {
  it.each([
    ['0.0.0.0', /^http:\/\/127\.0\.0\.1:\d+$/],
    ['::', /^http:\/\/\[::1\]:\d+$/],
    ['::1', /^http:\/\/\[::1\]:\d+$/],
    ['127.0.0.2', /^http:\/\/127\.0\.0\.2:\d+$/],
  ])('bound to %s, it reports a loopback URL that serves the page', async (host, origin) => {
    const server = await start({ host });
    expect(server.origin).toMatch(origin);
    expect((await get(server.origin, '/agent/chat')).status).toBe(200);
  });
});

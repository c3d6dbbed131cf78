import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createControlHandler } from './control-server';
import {
  configScript,
  createEmulatorServer,
  type EmulatorServer,
  type EmulatorServerOptions,
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

import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The dev server behind `npm start` (vite.config.ts, emulator mode) against another site's page (issue #12):
 * each of these reads worked on the old config, whose default CORS let any localhost page read modules.
 */

const SECRET = Buffer.alloc(48, 7).toString('base64');
let server: ViteDevServer;
let origin: string;

beforeAll(async () => {
  process.env.JWT_SECRET = SECRET;
  process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING = 'true';
  server = await createServer({
    configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)),
    mode: 'emulator',
    logLevel: 'silent',
    server: { port: 0, strictPort: false, hmr: false, watch: null },
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address !== 'object') throw new Error('no address');
  origin = `http://127.0.0.1:${address.port}`;
}, 60_000);
afterAll(async () => {
  delete process.env.JWT_SECRET;
  await server?.close();
});

const fromOtherSite = { origin: 'http://localhost:9999', 'sec-fetch-site': 'same-site' };

// Vite transforms modules on first request, slowly on a busy machine.
describe('the dev server and other sites', { timeout: 30_000 }, () => {
  it.each(['/@vite/env', `/@fs/${fileURLToPath(new URL('../package.json', import.meta.url))}`, '/main.tsx'])(
    'gives another localhost page no CORS grant to read %s',
    async (path) => {
      const response = await fetch(`${origin}${path}`, { headers: fromOtherSite });
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    },
  );

  it('answers a CORS preflight from another site without a grant', async () => {
    const response = await fetch(`${origin}/@vite/env`, {
      method: 'OPTIONS',
      headers: { ...fromOtherSite, 'access-control-request-method': 'GET' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('keeps the JWT secret out of every module: only the page itself carries it', async () => {
    const modules = await Promise.all(
      ['/@vite/env', '/main.tsx'].map(async (path) => (await fetch(`${origin}${path}`)).text()),
    );
    for (const code of modules) expect(code).not.toContain(SECRET);
    const page = await (await fetch(`${origin}/agent/chat`)).text();
    expect(page).toContain(`"jwtSecret":"${SECRET}"`);
  });

  it('frames only for loopback pages, like serve', async () => {
    const response = await fetch(`${origin}/agent/chat`, { headers: { 'sec-fetch-dest': 'iframe' } });
    expect(response.headers.get('content-security-policy')).toMatch(/^frame-ancestors 'self' http:\/\/localhost:\*/);
  });

  it('refuses a rebinding Host on the control API', async () => {
    // fetch would not send another Host: a raw request does.
    const status = await new Promise<number>((resolve, reject) => {
      request(`${origin}/__emulator/pages`, { headers: { host: 'evil.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
    expect(status).toBe(403);
  });
});

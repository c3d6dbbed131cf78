import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Site, serveSite } from './static-server';

let site: Site;

beforeAll(async () => {
  const pages = await mkdtemp(join(tmpdir(), 'bench-pages-'));
  const app = await mkdtemp(join(tmpdir(), 'bench-app-'));
  await writeFile(join(pages, 'host.html'), '<p>host</p>');
  await writeFile(join(app, 'index.html'), '<p>app</p>');
  await writeFile(join(app, 'secret.txt'), 'not under the mount');
  site = await serveSite({
    host: '127.0.0.1',
    port: 0,
    mounts: { '/bench/': pages },
    spa: { index: join(app, 'index.html'), paths: /^\/agent\// },
  });
});

afterAll(async () => {
  await site.close();
});

const get = async (path: string) => {
  const res = await fetch(`${site.origin}${path}`);
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
};

describe('the bench static server', () => {
  it('serves mounted files with their content type and no caching', async () => {
    const res = await fetch(`${site.origin}/bench/host.html`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.text()).toBe('<p>host</p>');
  });

  it('answers the app page on its fallback paths', async () => {
    expect(await get('/agent/chat?x=1')).toMatchObject({ status: 200, body: '<p>app</p>' });
  });

  it('answers 404 for anything else, and never climbs out of a mount', async () => {
    expect((await get('/nothing')).status).toBe(404);
    expect((await get('/bench/missing.html')).status).toBe(404);
    expect((await get('/bench/..%2F..%2Fetc%2Fpasswd')).status).toBe(404);
  });

  it('a taken port is named, with the way out', async () => {
    const port = Number(new URL(site.origin).port);
    await expect(serveSite({ host: '127.0.0.1', port, mounts: {} })).rejects.toThrow(
      `port ${port} on 127.0.0.1 is in use; set BENCH_PORT_BASE`,
    );
  });
});

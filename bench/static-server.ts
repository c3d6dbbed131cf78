import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
};

export interface SiteOptions {
  host: string;
  port: number;
  /** URL prefix (ending in `/`) → directory; the longest matching prefix wins. */
  mounts: Record<string, string>;
  /** Paths answered with this file when nothing else matches (the emulator's vendor routes). */
  spa?: { index: string; paths: RegExp };
}

export interface Site {
  origin: string;
  close(): Promise<void>;
}

/** A file under `dir` for `rest`, or null when the path climbs out of it. */
function inside(dir: string, rest: string): string | null {
  const file = normalize(join(dir, decodeURIComponent(rest)));
  return file === dir || file.startsWith(dir.endsWith(sep) ? dir : dir + sep) ? file : null;
}

async function readIfFile(file: string | null): Promise<Buffer | null> {
  if (!file) return null;
  try {
    return (await stat(file)).isFile() ? await readFile(file) : null;
  } catch {
    return null;
  }
}

/**
 * The smallest static server that serves the built emulator the way production would (one origin, vendor
 * paths falling back to index.html) plus the benchmark's own pages. No caching: each page load is measured
 * from the network as a first visit.
 */
export function serveSite(options: SiteOptions): Promise<Site> {
  const mounts = Object.entries(options.mounts).sort(([a], [b]) => b.length - a.length);
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      let body: Buffer | null = null;
      let file = '';
      for (const [prefix, dir] of mounts) {
        if (!path.startsWith(prefix)) continue;
        file = inside(dir, path.slice(prefix.length) || 'index.html') ?? '';
        body = await readIfFile(file || null);
        if (body) break;
      }
      if (!body && options.spa?.paths.test(path)) {
        file = options.spa.index;
        body = await readIfFile(file);
      }
      if (!body) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${path}`);
        return;
      }
      res
        .writeHead(200, {
          'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
          'cache-control': 'no-store',
        })
        .end(body);
    })().catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`bench: port ${options.port} on ${options.host} is in use; set BENCH_PORT_BASE to move the bench`)
          : error,
      ),
    );
    server.listen(options.port, options.host, () =>
      resolve({
        // The bound port: 0 asks the system for a free one.
        origin: `http://${options.host}:${(server.address() as AddressInfo).port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      }),
    );
  });
}

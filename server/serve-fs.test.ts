/**
 * What createEmulatorServer does with the file system, watched through a spy on node:fs: whether it opens files,
 * and what it says when no build exists anywhere (which the real tree cannot show: it may hold a build).
 */
import * as fs from 'node:fs';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEmulatorServer, ServeError } from './serve';

vi.mock('node:fs', async (actual) => {
  const real = await actual<typeof import('node:fs')>();
  return { ...real, existsSync: vi.fn(real.existsSync), createReadStream: vi.fn(real.createReadStream) };
});

let root: string;
beforeAll(() => {
  root = join(mkdtempSync(join(tmpdir(), 'serve-fs-test-')), 'emulator');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<html><head></head><body></body></html>');
  writeFileSync(join(root, 'assets/app-1.js'), 'console.log(1);');
});
afterAll(() => rmSync(join(root, '..'), { recursive: true, force: true }));
afterEach(() => vi.mocked(fs.createReadStream).mockClear());

function send(origin: string, path: string, method: string): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    request(`${origin}${path}`, { method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => done({ status: res.statusCode ?? 0, body }));
    })
      .on('error', fail)
      .end();
  });
}

describe('createEmulatorServer: files are read only when their bytes are sent', () => {
  it('answers HEAD on a file from its size, without opening it; GET reads it', async () => {
    const server = await createEmulatorServer({ root, port: 0 });
    try {
      expect(await send(server.origin, '/assets/app-1.js', 'HEAD')).toEqual({ status: 200, body: '' });
      expect(fs.createReadStream).not.toHaveBeenCalled();
      expect(await send(server.origin, '/assets/app-1.js', 'GET')).toEqual({ status: 200, body: 'console.log(1);' });
      expect(fs.createReadStream).toHaveBeenCalledWith(join(root, 'assets/app-1.js'));
    } finally {
      await server.close();
    }
  });
});

describe('createEmulatorServer: no build anywhere', () => {
  it('without a root, and no build beside the module, names dist/emulator and how to build it', async () => {
    vi.mocked(fs.existsSync).mockReturnValue(false);
    try {
      const error = await createEmulatorServer({ port: 0 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ServeError);
      expect((error as Error).message).toBe(
        'No production build of the emulator at dist/emulator: expected index.html and assets/ ' +
          'from `vite build --mode emulator` (run `npm run build`).',
      );
    } finally {
      vi.mocked(fs.existsSync).mockRestore();
    }
  });
});

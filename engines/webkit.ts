import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { callSource, type Engine, type EngineSession } from './driver';

/** Debian's webkit2gtk-driver and the MiniBrowser of libwebkit2gtk-4.1; env vars override them. */
const DRIVER = process.env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver';
const MINIBROWSER = process.env.WEBKIT_MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const XVFB_RUN = '/usr/bin/xvfb-run';

/** A free TCP port on 127.0.0.1, for the driver (it takes a port number, not 0). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * WebKitGTK driven by its own WebDriver (classic, over HTTP) with MiniBrowser under Xvfb: it has no headless
 * mode. The dozen lines of protocol it needs are spoken here directly, so no client library can try to
 * download a driver on a machine without network.
 */
export const webkit: Engine = {
  name: 'webkit',
  unavailable() {
    for (const [path, pkg] of [
      [DRIVER, 'webkit2gtk-driver'],
      [MINIBROWSER, 'libwebkit2gtk-4.1-0'],
      [XVFB_RUN, 'xvfb'],
    ] as const) {
      if (!existsSync(path)) return `${path} is missing (apt-get install ${pkg})`;
    }
    return null;
  },
  async start() {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    // Its own process group, so that ending it ends Xvfb and the browser with it.
    const driver: ChildProcess = spawn(XVFB_RUN, ['-a', DRIVER, `--port=${port}`], {
      stdio: ['ignore', 'ignore', 'inherit'],
      detached: true,
    });
    const stop = () => {
      if (driver.pid !== undefined && driver.exitCode === null) {
        try {
          process.kill(-driver.pid, 'SIGTERM');
        } catch {
          // Already gone.
        }
      }
    };
    const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const res = await fetch(base + path, {
        method,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = (await res.json()) as { value: T & { error?: string; message?: string } };
      if (!res.ok) throw new Error(`WebKitWebDriver ${method} ${path}: ${json.value.error}: ${json.value.message}`);
      return json.value;
    };
    try {
      for (let tries = 0; ; tries++) {
        try {
          await fetch(`${base}/status`);
          break;
        } catch (error) {
          if (driver.exitCode !== null || tries > 300) throw new Error(`WebKitWebDriver did not start: ${error}`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      const created = await call<{ sessionId: string; capabilities: { browserVersion?: string } }>('POST', '/session', {
        capabilities: {
          alwaysMatch: {
            browserName: 'MiniBrowser',
            'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
          },
        },
      });
      webkit.name = `webkitgtk ${created.capabilities.browserVersion ?? ''}`.trim();
      const s = `/session/${created.sessionId}`;
      const run = <T>(fn: string, arg: unknown) =>
        call<T>('POST', `${s}/execute/sync`, { script: `return ${callSource(fn, arg)};`, args: [] });
      const session: EngineSession = {
        async goto(url) {
          await call('POST', `${s}/url`, { url });
        },
        async top(fn, arg) {
          await call('POST', `${s}/frame`, { id: null });
          return run(fn, arg);
        },
        async frame(selector, fn, arg) {
          await call('POST', `${s}/frame`, { id: null });
          const element = await call<Record<string, string>>('POST', `${s}/element`, {
            using: 'css selector',
            value: selector,
          });
          // The element reference goes back as the driver gave it (a W3C web element object).
          await call('POST', `${s}/frame`, { id: element });
          return run(fn, arg);
        },
        async close() {
          try {
            await call('DELETE', s);
          } finally {
            stop();
          }
        },
      };
      return session;
    } catch (error) {
      stop();
      throw error;
    }
  },
};

import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEmulatorServer, type EmulatorServer } from '../server/serve';

/**
 * Two sites, as integrators have them: the production build of the emulator, served by the project's own
 * `serve` on 127.0.0.1, and a host site on localhost framing it. The host server answers on 127.0.0.1 too,
 * which is a third origin (same server, other host name) for the sibling frame of the origin test.
 */
export interface Sites {
  /** e.g. http://127.0.0.1:41234 */
  emulator: string;
  /** e.g. http://localhost:41235 */
  host: string;
  /** A page framing `src` as #console, recording what it hears in `window.received`. */
  hostPage(src: string, options?: { referrerPolicy?: string; sibling?: boolean }): string;
  /** The vendor's own example page (the seed), its domain replaced by the emulator's. */
  vendorPage(): string;
  close(): Promise<void>;
}

const VENDOR_PAGE = readFileSync(new URL('../e2e/fixtures/vendor-example.html', import.meta.url), 'utf8');

/**
 * Runs before the vendor's script: what it logs and alerts is recorded in `window.seen`, and alert() no longer
 * blocks (a WebDriver session stops at an open alert). The vendor's page itself is kept as it is.
 */
const RECORDER = `<script>
window.seen = [];
const log = console.log.bind(console);
console.log = (...args) => { window.seen.push(args.map(String).join(' ')); log(...args); };
window.alert = (message) => { window.seen.push(String(message)); };
</script>`;

function bareHost(src: string, emulator: string, referrerPolicy: string, sibling: string): string {
  const policy = referrerPolicy ? ` referrerpolicy="${referrerPolicy}"` : '';
  return `<!doctype html><html><head><meta charset="utf-8"><title>engines host</title></head><body>
<iframe id="console" src="${src}"${policy} width="1100" height="700"></iframe>
${sibling ? `<iframe id="sibling" src="${sibling}"></iframe>` : ''}
<script>
  window.received = [];
  addEventListener('message', (event) => {
    if (event.origin !== ${JSON.stringify(emulator)}) return;
    window.received.push(event.data);
  });
  // As the vendor's example does: to '*'.
  window.send = (message) => document.getElementById('console').contentWindow.postMessage(message, '*');
</script></body></html>`;
}

const SIBLING = `<!doctype html><script>
  window.attack = () => parent.frames[0].postMessage({ type: 'update_agent_status_offline' }, '*');
</script>`;

export async function startSites(): Promise<Sites> {
  const emulatorServer: EmulatorServer = await createEmulatorServer({ port: 0, host: '127.0.0.1' });
  const emulator = emulatorServer.origin;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (body: string) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(body);
    };
    if (url.pathname === '/host.html') {
      const q = url.searchParams;
      return send(bareHost(q.get('src') ?? '', emulator, q.get('referrerpolicy') ?? '', q.get('sibling') ?? ''));
    }
    if (url.pathname === '/sibling.html') return send(SIBLING);
    if (url.pathname === '/vendor-example.html') {
      return send(
        VENDOR_PAGE.replaceAll('https://your-domain.com', emulator).replace(/<head>/i, (head) => head + RECORDER),
      );
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const host = `http://localhost:${port}`;
  return {
    emulator,
    host,
    hostPage(src, options = {}) {
      const q = new URLSearchParams({ src });
      if (options.referrerPolicy) q.set('referrerpolicy', options.referrerPolicy);
      if (options.sibling) q.set('sibling', `http://127.0.0.1:${port}/sibling.html`);
      return `${host}/host.html?${q}`;
    },
    vendorPage: () => `${host}/vendor-example.html`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await emulatorServer.close();
    },
  };
}

/**
 * Soak (issue 6, item 6): 100,000 messages through a framed emulator, the JS heap of its renderer measured after a
 * full GC every 10,000, and a verdict on whether it stays flat after warm-up. Standalone:
 *
 *   npx tsx bench/soak.ts            SOAK_MESSAGES=100000 SOAK_HOST_PORT=5332 SOAK_EMULATOR_PORT=5333
 *
 * Four in five messages are host → console commands posted by the host page (valid ones, malformed ones,
 * unknown threadUids, extra fields, foreign traffic), one in five a visitor message inside the world. Exits 1
 * when the heap grew after warm-up, 2 when the run itself failed.
 */
import type { Frame, Page } from '@playwright/test';
import { startServers } from '../tools/start';
import { frameHeapBytes, launchChromium } from './browser';

const TOTAL = Number(process.env.SOAK_MESSAGES ?? 100_000);
const CHECKPOINT = 10_000;
const BATCH = 1000;
const HOST_SHARE = 0.8;
/** The first checkpoints fill the ring buffer (2000 entries), the JIT and the caches: not judged. */
const WARMUP = 20_000;
/** Growth after warm-up that still counts as flat: noise of a few hundred kB, or 5% of the heap. */
const FLAT_BYTES = 1_000_000;
const FLAT_SHARE = 0.05;
const HOST_PORT = Number(process.env.SOAK_HOST_PORT ?? 5332);
const EMULATOR_PORT = Number(process.env.SOAK_EMULATOR_PORT ?? 5333);

const hostOrigin = `http://localhost:${HOST_PORT}`;
const emulatorOrigin = `http://127.0.0.1:${EMULATOR_PORT}`;

/** A host page that counts what it hears instead of keeping it, so only the emulator can grow. */
const hostHtml = (src: string) => `<!doctype html><html><body>
<iframe id="console" src="${src}" width="1280" height="800"></iframe>
<script>
  const EMULATOR = ${JSON.stringify(emulatorOrigin)};
  window.heard = {};
  addEventListener('message', (event) => {
    if (event.origin !== EMULATOR) return;
    const type = event.data && event.data.type;
    window.heard[type] = (window.heard[type] || 0) + 1;
  });
  // Every kind of host traffic, in turn. Returns how many status updates it sent: each is acknowledged once.
  window.burst = (count, uids, offset) => {
    const target = document.getElementById('console').contentWindow;
    let acks = 0;
    for (let i = offset; i < offset + count; i++) {
      const uid = uids[i % uids.length];
      const kinds = [
        { type: 'refresh_threads' },
        { type: 'update_agent_status', data: { status: i % 3 === 0 ? 'BUSY' : 'AVAILABLE' } },
        { type: 'clear_unread_count', data: { threadUid: uid } },
        { type: 'update_agent_status', data: { status: 'ONLINE' } },
        { type: 'clear_unread_count', data: { threadUid: 42 } },
        { type: 'clear_unread_count', data: { threadUid: 'gone-' + i } },
        { type: 'update_agent_status_busy', requestId: i },
        { type: 'webpackHotUpdate', hash: String(i) },
        'not even an object ' + i,
        { type: 'update_agent_status' },
      ];
      const message = kinds[i % kinds.length];
      if (i % kinds.length === 1 || i % kinds.length === 6) acks++;
      target.postMessage(message, EMULATOR);
    }
    return acks;
  };
</script></body></html>`;

/** What the host page above puts on its window. */
type SoakHost = { burst(count: number, uids: string[], offset: number): number; heard: Record<string, number> };

const mb = (bytes: number) => `${(bytes / 1_000_000).toFixed(2)} MB`;

async function visitorMessages(frame: Frame, count: number, offset: number): Promise<void> {
  await frame.evaluate(
    ([n, from]) => {
      const talking = window.emulator
        .state()
        .threads.filter((t) => (t.type === 'AGENT' || t.type === 'WORKGROUP') && t.status === 'CHATTING');
      if (talking.length === 0) throw new Error('soak: no CHATTING visitor thread to talk in');
      for (let i = 0; i < n; i++) {
        const thread = talking[(from + i) % talking.length];
        if (thread) window.emulator.visitorSends(thread.uid, `soak message ${from + i}`);
      }
    },
    [count, offset] as const,
  );
}

async function main(): Promise<number> {
  // A file edited mid-run must not reload the frame.
  process.env.NO_HMR = '1';
  const servers = await startServers({ hostDemoPort: HOST_PORT, emulatorPort: EMULATOR_PORT, quiet: true });
  const browser = await launchChromium();
  try {
    // The host page is fulfilled by the router, so it counts as public: it may frame 127.0.0.1 only with this.
    const context = await browser.newContext({
      viewport: { width: 1400, height: 900 },
      permissions: ['local-network-access'],
    });
    const page: Page = await context.newPage();
    page.on('pageerror', (error) => console.error(`soak: page error: ${error.message}`));
    await page.route(`${hostOrigin}/__soak/host.html`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: hostHtml(`${emulatorOrigin}/agent/chat?autopilot=0&seed=21&scenario=demo`),
      }),
    );
    await page.goto(`${hostOrigin}/__soak/host.html`);
    const frame = page.frames().find((f) => f.url().startsWith(emulatorOrigin));
    if (!frame) throw new Error('soak: the emulator frame is not on the page');
    await frame.waitForFunction(() => typeof window.emulator === 'object');
    const uids = await frame.evaluate(() => window.emulator.state().threads.map((t) => t.uid));

    const rows: Array<{ sent: number; heap: number; nodes: number; seconds: number }> = [];
    const started = Date.now();
    let sent = 0;
    let acks = 0;
    const print = (r: { sent: number; heap: number; nodes: number; seconds: number }) =>
      console.log(
        `${String(r.sent).padStart(8)}   ${mb(r.heap).padStart(13)}   ${String(r.nodes).padStart(9)}   ${r.seconds.toFixed(0)} s`,
      );
    const checkpoint = async () => {
      const row = {
        sent,
        heap: await frameHeapBytes(context, frame),
        nodes: await frame.evaluate(() => document.getElementsByTagName('*').length),
        seconds: (Date.now() - started) / 1000,
      };
      rows.push(row);
      print(row);
    };
    console.log('messages   heap after GC   DOM nodes   elapsed');
    await checkpoint();
    while (sent < TOTAL) {
      const host = Math.round(BATCH * HOST_SHARE);
      acks += await page.evaluate(([n, u, o]) => (window as unknown as SoakHost).burst(n, u, o), [
        host,
        uids,
        sent,
      ] as const);
      await visitorMessages(frame, BATCH - host, sent);
      sent += BATCH;
      // Ordered channel: once every status update is acknowledged, the batch has been handled.
      await page.waitForFunction((n) => ((window as unknown as SoakHost).heard.agent_status_changed ?? 0) >= n, acks, {
        timeout: 120_000,
        polling: 20,
      });
      if (sent % CHECKPOINT === 0) await checkpoint();
    }

    const logSize = await frame.evaluate(() => window.emulator.log().length);
    const state = await frame.evaluate(() => window.emulator.state());
    const judged = rows.filter((r) => r.sent >= WARMUP);
    const base = judged[0]?.heap ?? 0;
    const peak = Math.max(...judged.map((r) => r.heap));
    const last = judged.at(-1)?.heap ?? 0;
    const allowed = Math.max(FLAT_BYTES, base * FLAT_SHARE);
    const flat = peak - base <= allowed;
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `\n${sent} messages in ${seconds.toFixed(0)} s (${((seconds * 1e6) / sent).toFixed(0)} µs each); ` +
        `protocol log ${logSize} entries; ${state.threads.length} threads; ` +
        `host heard ${JSON.stringify(await page.evaluate(() => (window as unknown as SoakHost).heard))}`,
    );
    console.log(
      `heap after warm-up (${WARMUP}): ${mb(base)} → last ${mb(last)}, peak ${mb(peak)} ` +
        `(growth ${mb(peak - base)}, allowed ${mb(allowed)}): ${flat ? 'FLAT' : 'GROWING'}`,
    );
    return flat ? 0 : 1;
  } finally {
    await browser.close();
    await servers.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`soak: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(2);
  },
);

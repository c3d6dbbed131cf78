import { expect, type Frame, type Page } from '@playwright/test';
import type { EmulatorTestApi } from '../../emulator/simulator/testApi';
import type { ConsoleEvent, EventType } from '../../protocol';
import { EMULATOR_ORIGIN, emulatorUrl, HOST_ORIGIN, type Params } from './urls';

declare global {
  interface Window {
    received: unknown[];
    send(message: unknown): void;
    emulator: EmulatorTestApi;
  }
}

/**
 * A bare host page on the host site that frames the emulator from the emulator site, records every message
 * from the frame and can post anything to it. Served through Playwright's router, so tests can shape it freely.
 */
function bareHostHtml(src: string, extraBody = '', origin = EMULATOR_ORIGIN): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>e2e host</title></head><body>
<iframe id="bytedesk-iframe" src="${src}" width="1100" height="720"></iframe>
${extraBody}
<script>
  window.received = [];
  window.addEventListener('message', (event) => {
    if (event.origin !== ${JSON.stringify(origin)}) return;
    window.received.push(event.data);
  });
  window.send = (message) =>
    document.getElementById('bytedesk-iframe').contentWindow.postMessage(message, ${JSON.stringify(origin)});
</script></body></html>`;
}

export interface Host {
  page: Page;
  /** The emulator's frame: `frame.evaluate(() => window.emulator.state())` reaches the test API. */
  frame: Frame;
  api<R>(fn: (emulator: EmulatorTestApi) => R | Promise<R>): Promise<R>;
  send(message: unknown): Promise<void>;
  events(type?: EventType): Promise<ConsoleEvent[]>;
  /** Waits until `count` events of `type` have arrived in total; returns the last. */
  nth(type: EventType, count: number): Promise<ConsoleEvent>;
}

export async function emulatorFrame(page: Page, origin = EMULATOR_ORIGIN): Promise<Frame> {
  await expect.poll(() => page.frames().some((f) => f.url().startsWith(origin))).toBe(true);
  const frame = page.frames().find((f) => f.url().startsWith(origin));
  if (!frame) throw new Error('no emulator frame');
  await frame.waitForFunction(() => typeof window.emulator === 'object');
  return frame;
}

/** `origin`: the console's server, the built one (`serve`) unless a test needs the dev server's (DEV_EMULATOR_ORIGIN). */
export async function openHost(
  page: Page,
  params: Params = {},
  path = '/agent/chat',
  extraBody = '',
  origin = EMULATOR_ORIGIN,
): Promise<Host> {
  const url = `${HOST_ORIGIN}/__e2e/host.html`;
  await page.route(url, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: bareHostHtml(emulatorUrl(params, path, origin), extraBody, origin),
    }),
  );
  await page.goto(url);
  const frame = await emulatorFrame(page, origin);
  const events = async (type?: EventType) =>
    (await page.evaluate(() => window.received)).filter(
      (e): e is ConsoleEvent => !type || (e as { type?: string }).type === type,
    ) as ConsoleEvent[];
  const host: Host = {
    page,
    frame,
    api: (fn) => frame.evaluate(`(${fn.toString()})(window.emulator)`),
    send: (message) => page.evaluate((m) => window.send(m), message),
    events,
    async nth(type, count) {
      await expect
        .poll(async () => (await events(type)).length, { message: `${count} × ${type}` })
        .toBeGreaterThanOrEqual(count);
      return (await events(type))[count - 1] as ConsoleEvent;
    },
  };
  // The console announces its unread state once the list has loaded (docs/protocol.md §3).
  await host.nth('unread_message_count', 1);
  return host;
}

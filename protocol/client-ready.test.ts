/**
 * The host client against a simulated slow console (docs/protocol.md §11): a frame that fires `load` long before its
 * app listens, drops what is posted before that, and speaks first with its initial unread sync. Fake windows,
 * fake timers: no DOM, no waiting.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connectAgentConsole, EVENT_SOURCE } from './index';

const CONSOLE = 'http://127.0.0.1:5174';
const LOAD_MS = 100;
const BOOT_MS = 2000;

/** A console that loads its document after LOAD_MS and is ready after BOOT_MS, then applies what it hears. */
function slowConsole() {
  const hostListeners = new Set<(event: MessageEvent) => void>();
  const frameListeners = new Set<() => void>();
  const host = {
    location: { href: 'http://localhost:5173/' },
    addEventListener: (type: string, fn: (event: MessageEvent) => void) => type === 'message' && hostListeners.add(fn),
    removeEventListener: (_type: string, fn: (event: MessageEvent) => void) => hostListeners.delete(fn),
  };
  let ready = false;
  const heard: string[] = [];
  const lost: string[] = [];
  let unread = 0;
  const contentWindow = {
    postMessage(message: { type: string }) {
      (ready ? heard : lost).push(message.type);
      if (ready && message.type === 'refresh_threads') emit();
    },
  };
  const iframe = {
    src: `${CONSOLE}/agent/chat`,
    contentWindow,
    ownerDocument: { defaultView: host },
    addEventListener: (type: string, fn: () => void) => type === 'load' && frameListeners.add(fn),
    removeEventListener: (_type: string, fn: () => void) => frameListeners.delete(fn),
  };
  function emit() {
    const data = { type: 'unread_message_count', data: { totalUnreadCount: unread, unreadThreads: [] } };
    const envelope = { ...data, timestamp: Date.now(), source: EVENT_SOURCE };
    for (const fn of [...hostListeners]) fn({ data: envelope, origin: CONSOLE, source: contentWindow } as never);
  }
  /** A (re)load: the document goes, loads after LOAD_MS, the app is ready after BOOT_MS and posts its sync. */
  function boot() {
    ready = false;
    setTimeout(() => {
      for (const fn of [...frameListeners]) fn();
    }, LOAD_MS);
    setTimeout(() => {
      ready = true;
      emit();
    }, BOOT_MS);
  }
  boot();
  return {
    iframe: iframe as unknown as HTMLIFrameElement,
    window: host as unknown as Window,
    heard,
    lost,
    reload: boot,
    setUnread: (n: number) => {
      unread = n;
    },
  };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the host client against a console that is slow to boot', () => {
  it('a command sent on the frame’s load is lost, as with the real console', () => {
    const slow = slowConsole();
    const client = connectAgentConsole(slow.iframe, { window: slow.window });
    vi.advanceTimersByTime(LOAD_MS);
    client.setBusy();
    vi.advanceTimersByTime(BOOT_MS);
    expect(slow.lost).toEqual(['update_agent_status_busy']);
    expect(slow.heard).toEqual([]);
  });

  it('ready() resolves at the console’s first event, not at the frame’s load', async () => {
    const slow = slowConsole();
    const client = connectAgentConsole(slow.iframe, { window: slow.window });
    let ready = false;
    void client.ready().then(() => {
      ready = true;
    });
    await vi.advanceTimersByTimeAsync(BOOT_MS - 1);
    expect(ready).toBe(false);
    expect(client.isReady).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(ready).toBe(true);
    expect(client.isReady).toBe(true);
    client.setBusy();
    expect(slow.heard).toEqual(['update_agent_status_busy']);
    await expect(client.ready()).resolves.toBeUndefined();
  });

  it('ready() rejects after its timeout, saying what to check', async () => {
    const slow = slowConsole();
    const client = connectAgentConsole(slow.iframe, { window: slow.window });
    const ready = client.ready({ timeout: 500 });
    const settled = expect(ready).rejects.toThrow('ready: the console sent no event within 500 ms');
    await vi.advanceTimersByTimeAsync(500);
    await settled;
  });

  it('queueUntilReady holds commands sent early and sends them in order at ready', () => {
    const slow = slowConsole();
    const client = connectAgentConsole(slow.iframe, { window: slow.window, queueUntilReady: true });
    client.setBusy();
    vi.advanceTimersByTime(LOAD_MS);
    client.clearUnread('t1');
    expect(slow.lost).toEqual([]);
    vi.advanceTimersByTime(BOOT_MS);
    expect(slow.heard).toEqual(['update_agent_status_busy', 'clear_unread_count']);
    client.refreshThreads();
    expect(slow.heard.at(-1)).toBe('refresh_threads');
  });

  it('after a reload: not ready from the frame’s load until the console speaks again; onReload fires then', () => {
    const slow = slowConsole();
    const client = connectAgentConsole(slow.iframe, { window: slow.window, queueUntilReady: true });
    const reloads = vi.fn();
    client.onReload(reloads);
    vi.advanceTimersByTime(BOOT_MS);
    expect(reloads).not.toHaveBeenCalled();

    slow.reload();
    vi.advanceTimersByTime(LOAD_MS);
    expect(client.isReady).toBe(false);
    client.setOffline();
    expect(slow.lost).toEqual([]);
    vi.advanceTimersByTime(BOOT_MS);
    expect(reloads).toHaveBeenCalledTimes(1);
    expect(slow.heard).toEqual(['update_agent_status_offline']);
  });

  it('an event that is not the first after a load is no reload', () => {
    const slow = slowConsole();
    const client = connectAgentConsole(slow.iframe, { window: slow.window });
    const reloads = vi.fn();
    client.onReload(reloads);
    vi.advanceTimersByTime(BOOT_MS);
    client.refreshThreads();
    client.refreshThreads();
    expect(reloads).not.toHaveBeenCalled();
  });

  it('close() discards held commands and stops listening to loads', () => {
    const slow = slowConsole();
    const client = connectAgentConsole(slow.iframe, { window: slow.window, queueUntilReady: true });
    client.setBusy();
    client.close();
    vi.advanceTimersByTime(BOOT_MS);
    expect(slow.heard).toEqual([]);
    expect(slow.lost).toEqual([]);
  });
});

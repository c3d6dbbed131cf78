import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Frame, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../tools/ensure-chromium';
import { repoRoot } from './build';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
}

/** JS heap in use by a frame's renderer after a full garbage collection (CDP, also on an out-of-process frame). */
export async function frameHeapBytes(context: BrowserContext, frame: Frame): Promise<number> {
  const cdp = await context.newCDPSession(frame);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return usedSize;
  } finally {
    await cdp.detach();
  }
}

export interface Origins {
  /** Where the built emulator and the frames' pages are served (127.0.0.1). */
  emulator: string;
  /** Where the host page is served (localhost): another site, so frames run out of process. */
  host: string;
}

/** What bench/pages/host-driver.js puts on the host page's window. */
interface HostDriver {
  open(name: string, src: string, ready: string): Promise<void>;
  openPort(name: string, echoName: string): Promise<void>;
  mirror(fromName: string, toNames: string[]): Promise<Record<string, number>>;
  roundTrips(name: string, count: number, warmup: number): Promise<number[]>;
  storm(name: string, count: number): Promise<{ ms: number; postingMs: number }>;
  record(name: string, type: string): void;
  recorded(name: string): Array<{ at: number; total: number | undefined }>;
  firstMessage(src: string, type: string): Promise<{ ms: number; insertedAt: number }>;
  removeTimed(): void;
}

/** What bench/pages/frame-probe.js puts on the emulator frame's window. */
export interface FrameProbe {
  firstRows?: number;
  firstRender?: number;
  flood(
    count: number,
    quietMs: number,
  ): Promise<{ t0: number; returned: number; lastMutation: number; settled: number; mutations: number }>;
}

declare global {
  interface Window {
    bench: HostDriver;
    __bench: FrameProbe;
  }
}

/** `port`: the raw echo frame again, over a MessageChannel (open `raw` first). */
export type FrameKind = 'emulator' | 'raw' | 'port' | 'penpal';

export class HostPage {
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly origins: Origins,
  ) {}

  /** A fresh context (empty storage and cache) with the host page loaded and the frame probe installed. */
  static async open(browser: Browser, origins: Origins): Promise<HostPage> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript({ path: join(repoRoot, 'bench/pages/frame-probe.js') });
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`bench: host page error: ${error.message}`));
    await page.goto(`${origins.host}/bench/host.html`);
    return new HostPage(context, page, origins);
  }

  /** Frames one target on the emulator's site and waits until it listens. */
  async frame(kind: FrameKind, name: string = kind, query = 'autopilot=0'): Promise<void> {
    if (kind === 'port') {
      await this.page.evaluate(([n]) => window.bench.openPort(n, 'raw'), [name] as const);
      return;
    }
    const { emulator } = this.origins;
    const [src, ready] =
      kind === 'emulator'
        ? [`${emulator}/agent/chat?${query}`, 'unread_message_count']
        : kind === 'raw'
          ? [`${emulator}/bench/echo.html`, 'bench-ready']
          : [`${emulator}/bench/penpal-child.html`, 'penpal'];
    await this.page.evaluate(([n, s, r]) => window.bench.open(n, s, r), [name, src, ready] as const);
  }

  /**
   * Teaches the echo frames `toNames` the emulator's own answer, so that the floor clones the same payload, and
   * checks it: every answer's JSON is as long as the emulator's. Returns that length.
   */
  async mirror(fromName: string, toNames: string[]): Promise<number> {
    const lengths = await this.page.evaluate(([f, t]) => window.bench.mirror(f, t), [fromName, toNames] as const);
    const own = lengths[fromName] as number;
    const unlike = toNames.filter((name) => lengths[name] !== own);
    if (unlike.length > 0) {
      const got = unlike.map((name) => `${name} ${lengths[name]}`).join(', ');
      throw new Error(`bench: the echoes must answer ${fromName}'s payload (${own} characters of JSON); got ${got}`);
    }
    return own;
  }

  roundTrips(name: string, count: number, warmup: number): Promise<number[]> {
    return this.page.evaluate(([n, c, w]) => window.bench.roundTrips(n, c, w), [name, count, warmup] as const);
  }

  storm(name: string, count: number): Promise<{ ms: number; postingMs: number }> {
    return this.page.evaluate(([n, c]) => window.bench.storm(n, c), [name, count] as const);
  }

  record(name: string, type: string): Promise<void> {
    return this.page.evaluate(([n, t]) => window.bench.record(n, t), [name, type] as const);
  }

  recorded(name: string): Promise<Array<{ at: number; total: number | undefined }>> {
    return this.page.evaluate((n) => window.bench.recorded(n), name);
  }

  /** The emulator's frame (cross-site: its own renderer process). */
  emulatorFrame(): Frame {
    const frame = this.page.frames().find((f) => f.url().startsWith(`${this.origins.emulator}/agent/`));
    if (!frame) throw new Error('bench: the emulator frame is not on the page');
    return frame;
  }

  /** JS heap in use by the emulator frame's renderer after a full garbage collection. */
  emulatorHeapBytes(): Promise<number> {
    return frameHeapBytes(this.context, this.emulatorFrame());
  }

  close(): Promise<void> {
    return this.context.close();
  }
}

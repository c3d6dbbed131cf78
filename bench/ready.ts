import type { Browser } from '@playwright/test';
import { HostPage, type Origins } from './browser';
import type { Metric } from './report';
import { median } from './stats';

/**
 * Ready fast (issue 13.7): the time from inserting the console's iframe to its first event (the initial unread
 * sync, the de facto ready signal), against a bare cross-site frame that posts as soon as it runs (the echo page's
 * inline script). Both on the emulator's site, so both pay for a new renderer process; alternating, in one page,
 * after one warm-up each (so both come from the HTTP cache, as on an integrator's second visit).
 */

const SAMPLES = 7;

/** The emulator's boot phases, from its own marks (main.tsx) and its navigation timing, in ms from the insertion. */
interface Phases {
  navigationStart: number;
  htmlReceived: number;
  bootStarted: number;
  worldBuilt: number;
  ready: number;
  /** The initial sync handed to the bridge (and posted, once validation is there). */
  started: number;
  rendered: number;
  firstEvent: number;
}

async function emulatorSample(host: HostPage, src: string): Promise<Phases> {
  const { ms, insertedAt } = await host.page.evaluate((s) => window.bench.firstMessage(s, 'unread_message_count'), src);
  const frame = host.page.frames().find((f) => f.url().startsWith(src.split('?')[0] as string));
  if (!frame) throw new Error('bench: the timed emulator frame is not on the page');
  // No helper functions inside: tsx would name them with a __name the page does not have.
  const marks = await frame.evaluate(() => ({
    timeOrigin: performance.timeOrigin,
    responseEnd: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)
      ?.responseEnd,
    marks: performance.getEntriesByType('mark').map((m) => [m.name, m.startTime] as const),
  }));
  const mark = (name: string) => marks.marks.find(([n]) => n === name)?.[1] ?? Number.NaN;
  const at = (t: number) => marks.timeOrigin + t - insertedAt;
  await host.page.evaluate(() => window.bench.removeTimed());
  return {
    navigationStart: at(0),
    htmlReceived: at(marks.responseEnd ?? Number.NaN),
    bootStarted: at(mark('emulator:boot')),
    worldBuilt: at(mark('emulator:world')),
    ready: at(mark('emulator:ready')),
    started: at(mark('emulator:started')),
    rendered: at(mark('emulator:render')),
    firstEvent: ms,
  };
}

async function bareSample(host: HostPage, src: string): Promise<number> {
  const { ms } = await host.page.evaluate((s) => window.bench.firstMessage(s, 'bench-ready'), src);
  await host.page.evaluate(() => window.bench.removeTimed());
  return ms;
}

export async function measureReady(browser: Browser, origins: Origins): Promise<Metric[]> {
  const host = await HostPage.open(browser, origins);
  const emulatorSrc = `${origins.emulator}/agent/chat?autopilot=0`;
  const bareSrc = `${origins.emulator}/bench/echo.html`;
  try {
    await emulatorSample(host, emulatorSrc);
    await bareSample(host, bareSrc);
    const emulator: Phases[] = [];
    const bare: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      bare.push(await bareSample(host, bareSrc));
      emulator.push(await emulatorSample(host, emulatorSrc));
    }
    const bareMs = median(bare);
    const phase = (key: keyof Phases) => median(emulator.map((p) => p[key]));
    const emulatorMs = phase('firstEvent');
    const phases: Metric[] = (
      [
        ['navigationStart', 'frame navigation starts'],
        ['htmlReceived', 'its HTML received'],
        ['bootStarted', 'boot starts (JS evaluated)'],
        ['worldBuilt', 'world built (login, runtime)'],
        ['ready', 'ready (bridge on, load passed)'],
        ['started', 'initial sync posted'],
        ['rendered', 'workbench rendered'],
      ] as const
    ).map(([key, text]) => ({
      id: `ready.phase.${key}`,
      label: `ready · phase · ${text}`,
      value: phase(key),
      unit: 'ms',
    }));
    return [
      {
        id: 'ready.bare',
        label: 'ready · bare cross-site frame posts',
        value: bareMs,
        unit: 'ms',
        detail: { samples: bare },
      },
      {
        id: 'ready.emulator',
        label: 'ready · emulator first event',
        value: emulatorMs,
        unit: 'ms',
        budget: { kind: 'max', limit: 1.3 * bareMs, basis: '1.3× bare frame' },
        ratio: { value: emulatorMs / bareMs, against: 'bare' },
        detail: { samples: emulator },
      },
      ...phases,
    ];
  } finally {
    await host.close();
  }
}

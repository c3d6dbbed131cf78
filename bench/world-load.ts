import type { Browser } from '@playwright/test';
import { HostPage, type Origins } from './browser';
import type { Metric } from './report';
import { median } from './stats';

/** Decimal, like kB: the stricter reading of "60 MB". */
const MB = 1_000_000;

interface FloodRun {
  ms: number;
  worldStepMs: number;
  lastMutationMs: number;
  lastEventMs: number;
  events: number;
  mutations: number;
  expectedTotal: number;
  finalTotal: number | undefined;
  stateTotal: number;
}

/**
 * `emulator.flood(count)` (one batch of visitor messages), timed on the wall clock shared by both processes from
 * the call until the UI has settled and the host has the last unread event.
 */
async function floodOnce(browser: Browser, origins: Origins, count: number, quietMs: number): Promise<FloodRun> {
  const host = await HostPage.open(browser, origins);
  try {
    await host.frame('emulator');
    const frame = host.emulatorFrame();
    const before = await frame.evaluate(() => window.emulator.state().totalUnreadCount);
    await host.record('emulator', 'unread_message_count');
    const run = await frame.evaluate(([c, q]) => window.__bench.flood(c, q), [count, quietMs] as const);
    const arrivals = await host.recorded('emulator');
    const stateTotal = await frame.evaluate(() => window.emulator.state().totalUnreadCount);
    const last = arrivals.at(-1);
    const lastEventMs = last ? last.at - run.t0 : Number.NaN;
    return {
      ms: Math.max(run.settled - run.t0, lastEventMs),
      worldStepMs: run.returned - run.t0,
      lastMutationMs: run.lastMutation - run.t0,
      lastEventMs,
      events: arrivals.length,
      mutations: run.mutations,
      expectedTotal: before + count,
      finalTotal: last?.total,
      stateTotal,
    };
  } finally {
    await host.close();
  }
}

export async function measureFlood(browser: Browser, origins: Origins, count = 10_000, runs = 3): Promise<Metric[]> {
  const results: FloodRun[] = [];
  for (let i = 0; i < runs; i++) results.push(await floodOnce(browser, origins, count, 1000));
  const n = count.toLocaleString('en-US');
  // A wrong total in any run is a wrong total.
  const worst = results.find((r) => r.finalTotal !== r.expectedTotal || r.stateTotal !== r.expectedTotal) ?? results[0];
  return [
    {
      id: 'flood.ms',
      label: `flood ${n} · until settled + last event`,
      value: median(results.map((r) => r.ms)),
      unit: 'ms',
      budget: { kind: 'max', limit: 300 },
      detail: { runs: results },
    },
    {
      id: 'flood.worldStep',
      label: `flood ${n} · world step alone`,
      value: median(results.map((r) => r.worldStepMs)),
      unit: 'ms',
    },
    {
      id: 'flood.events',
      label: `flood ${n} · unread_message_count events`,
      value: Math.max(...results.map((r) => r.events)),
      unit: 'count',
      budget: { kind: 'max', limit: 3 },
    },
    {
      id: 'flood.total',
      label: `flood ${n} · final totalUnreadCount`,
      value: worst?.finalTotal ?? Number.NaN,
      unit: 'count',
      budget: { kind: 'equals', target: worst?.expectedTotal ?? Number.NaN, basis: 'before + flood' },
    },
  ];
}

interface LoadRun {
  firstRenderMs: number;
  firstRowsMs: number;
  rows: number;
  threads: number;
  heapBytes: number;
  navigation: Record<string, number>;
  /** The emulator's own boot marks (main.tsx), from the frame's navigation start. */
  marks: Record<string, number>;
}

/** Frames the emulator with `query`, and times its first render from the frame's own navigation start. */
async function loadOnce(browser: Browser, origins: Origins, query: string): Promise<LoadRun> {
  const host = await HostPage.open(browser, origins);
  try {
    await host.frame('emulator', 'emulator', query);
    const frame = host.emulatorFrame();
    await frame.waitForFunction(() => window.__bench.firstRender !== undefined);
    const timing = await frame.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      return {
        firstRender: window.__bench.firstRender ?? Number.NaN,
        firstRows: window.__bench.firstRows ?? Number.NaN,
        rows: document.querySelectorAll('[data-testid="thread-item"]').length,
        threads: window.emulator.state().threads.length,
        marks: Object.fromEntries(
          performance.getEntriesByType('mark').map((mark) => [mark.name, Math.round(mark.startTime)]),
        ),
        navigation: {
          responseEnd: nav?.responseEnd ?? Number.NaN,
          domContentLoaded: nav?.domContentLoadedEventEnd ?? Number.NaN,
          load: nav?.loadEventEnd ?? Number.NaN,
          firstContentfulPaint: fcp?.startTime ?? Number.NaN,
        },
      };
    });
    // Past the first save (250 ms after start), so the heap holds the world and not a save in flight.
    await host.page.waitForTimeout(800);
    const heapBytes = await host.emulatorHeapBytes();
    return {
      firstRenderMs: timing.firstRender,
      firstRowsMs: timing.firstRows,
      rows: timing.rows,
      threads: timing.threads,
      heapBytes,
      navigation: timing.navigation,
      marks: timing.marks,
    };
  } finally {
    await host.close();
  }
}

export async function measureScale(browser: Browser, origins: Origins, threads = 10_000, runs = 3): Promise<Metric[]> {
  const big: LoadRun[] = [];
  const small: LoadRun[] = [];
  for (let i = 0; i < runs; i++) {
    small.push(await loadOnce(browser, origins, 'autopilot=0'));
    big.push(await loadOnce(browser, origins, `autopilot=0&threads=${threads}`));
  }
  const k = `${threads / 1000}k threads`;
  const firstRender = median(big.map((r) => r.firstRenderMs));
  // Where the first render's time goes, from the emulator's own marks (main.tsx).
  const phase = (from: string, to: string) =>
    median(big.map((r) => (r.marks[`emulator:${to}`] ?? Number.NaN) - (r.marks[`emulator:${from}`] ?? Number.NaN)));
  const smallRender = median(small.map((r) => r.firstRenderMs));
  return [
    {
      id: 'scale.firstRender',
      label: `scale ${k} · first render`,
      value: firstRender,
      unit: 'ms',
      budget: { kind: 'max', limit: 300 },
      detail: { runs: big },
    },
    {
      id: 'scale.phase.load',
      label: `scale ${k} · until the app starts (load, parse)`,
      value: median(big.map((r) => r.marks['emulator:boot'] ?? Number.NaN)),
      unit: 'ms',
    },
    { id: 'scale.phase.world', label: `scale ${k} · world created`, value: phase('boot', 'world'), unit: 'ms' },
    // The initial sync goes out between the two (main.tsx): it is the ready bench's, not the render's.
    {
      id: 'scale.phase.render',
      label: `scale ${k} · workbench rendered`,
      value: phase('started', 'render'),
      unit: 'ms',
    },
    {
      id: 'scale.rows',
      label: `scale ${k} · thread rows in the DOM`,
      value: Math.max(...big.map((r) => r.rows)),
      unit: 'count',
      budget: { kind: 'max', limit: 200 },
      detail: { listed: big[0]?.threads },
    },
    {
      id: 'scale.heap',
      label: `scale ${k} · JS heap`,
      value: median(big.map((r) => r.heapBytes)) / MB,
      unit: 'MB',
      budget: { kind: 'max', limit: 60 },
    },
    {
      id: 'scale.default.firstRender',
      label: 'default world · first render',
      value: smallRender,
      unit: 'ms',
      detail: { runs: small },
    },
    {
      id: 'scale.default.heap',
      label: 'default world · JS heap',
      value: median(small.map((r) => r.heapBytes)) / MB,
      unit: 'MB',
    },
  ];
}

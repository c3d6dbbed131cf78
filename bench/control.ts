import type { Browser } from '@playwright/test';
import { createControlHandler } from '../server/control-server';
import { createEmulatorServer } from '../server/serve';
import type { Metric } from './report';
import { summarize } from './stats';

/**
 * Control-call latency (issue #12.7): CI's HTTP call → the server → the page's event stream → the page runs it on
 * its test API → posts the reply → the answer. With 1 worker, then 8 at once, each in its own world with its own
 * page, as parallel Playwright workers sharing one `serve` would be.
 */

export interface ControlPlan {
  workers: readonly number[];
  /** Calls per worker (half `state` reads, half `visitor-sends` writes), after `warmup`. */
  calls: number;
  warmup: number;
}

export const CONTROL_PLAN: ControlPlan = { workers: [1, 8], calls: 100, warmup: 10 };

async function openWorld(browser: Browser, host: string, consoleOrigin: string, world: string) {
  // A host page fulfilled by the router counts as public: Local Network Access wants the permission (README).
  const context = await browser.newContext({ permissions: ['local-network-access'] });
  const page = await context.newPage();
  const src = `${consoleOrigin}/agent/chat?autopilot=0&scenario=empty&world=${world}`;
  await page.route(`${host}/control-bench.html`, (route) =>
    route.fulfill({ contentType: 'text/html', body: `<!doctype html><iframe src="${src}"></iframe>` }),
  );
  await page.goto(`${host}/control-bench.html`);
  return context;
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`bench control: ${what} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** One worker's calls in its world; the latencies in ms. */
async function drive(control: string, calls: number, warmup: number): Promise<number[]> {
  const arrived = await (await fetch(`${control}visitor-arrives`, { method: 'POST', body: '{}' })).json();
  const threadUid = arrived.value.uid as string;
  const samples: number[] = [];
  for (let i = 0; i < warmup + calls; i++) {
    const started = performance.now();
    const response =
      i % 2 === 0
        ? await fetch(`${control}state`)
        : await fetch(`${control}visitor-sends`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ threadUid, content: `bench ${i}` }),
          });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`bench control: call ${i} answered ${response.status}`);
    if (i >= warmup) samples.push(performance.now() - started);
  }
  return samples;
}

export async function measureControl(
  browser: Browser,
  where: { emulator: number; root: string },
  host: string,
  plan = CONTROL_PLAN,
): Promise<Metric[]> {
  const control = createControlHandler();
  const server = await createEmulatorServer({
    root: where.root,
    port: where.emulator,
    host: '127.0.0.1',
    extraHandler: control.handle,
  });
  const metrics: Metric[] = [];
  try {
    for (const workers of plan.workers) {
      const worlds = Array.from({ length: workers }, (_, i) => `bench-${workers}-${i}`);
      const contexts = await Promise.all(worlds.map((world) => openWorld(browser, host, server.origin, world)));
      try {
        const urls = worlds.map((world) => `${server.origin}/__emulator/w/${world}/`);
        await Promise.all(
          urls.map((url) =>
            until(
              async () => (await (await fetch(`${url}pages`)).json()).pages.length === 1,
              `a page connected to ${url}`,
            ),
          ),
        );
        const samples = (await Promise.all(urls.map((url) => drive(url, plan.calls, plan.warmup)))).flat();
        const summary = summarize(samples);
        for (const p of ['p50', 'p99'] as const) {
          metrics.push({
            id: `control.${workers}w.${p}`,
            label: `control call · ${workers} worker${workers > 1 ? 's' : ''} at once · ${p}`,
            value: summary[p],
            unit: 'ms',
            detail: p === 'p50' ? { summary, callsPerWorker: plan.calls } : undefined,
          });
        }
      } finally {
        await Promise.all(contexts.map((context) => context.close()));
      }
    }
  } finally {
    control.close();
    await server.close();
  }
  return metrics;
}

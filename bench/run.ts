/**
 * `npm run bench`: every budget of the benchmark measured in one run, against baselines in the same browser, then
 * one table on stdout and bench/results.json. Exits 1 when a budget fails.
 *
 *   npm run bench                      everything
 *   npm run bench -- --only=postmessage,flood   some groups: weight, ready, postmessage, big, flood, scale, control, start
 *
 * Ports BENCH_PORT_BASE … +6 (default 5320…5326). Builds go to bench/.out/ (dist/ is `npm run build`'s).
 */
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { createEmulatorServer } from '../server/serve';
import { launchChromium } from './browser';
import { buildCli, buildEmulator, emulatorWeight, hostClientWeight, repoRoot } from './build';
import { measureControl } from './control';
import { measureBigWorldPostMessage, measurePostMessage } from './postmessage';
import { measureReady } from './ready';
import { formatTable, type Judged, judge, type Metric } from './report';
import { measureStart } from './start';
import { serveSite } from './static-server';
import { measureFlood, measureScale } from './world-load';

const GROUPS = ['weight', 'ready', 'postmessage', 'big', 'flood', 'scale', 'control', 'start'] as const;
type Group = (typeof GROUPS)[number];

function chosenGroups(argv: string[]): Set<Group> {
  const only = argv.find((arg) => arg.startsWith('--only='));
  if (!only) return new Set(GROUPS);
  const names = only.slice('--only='.length).split(',').filter(Boolean);
  const unknown = names.filter((name) => !(GROUPS as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0) {
    throw new Error(`bench: --only takes a comma list of ${GROUPS.join(', ')}; got ${JSON.stringify(only.slice(7))}`);
  }
  return new Set(names as Group[]);
}

function portBase(): number {
  const text = process.env.BENCH_PORT_BASE ?? '5320';
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1024 || port > 65_530) {
    throw new Error(`bench: BENCH_PORT_BASE must be an integer from 1024 to 65530; got ${JSON.stringify(text)}`);
  }
  return port;
}

const out = (path: string) => join(repoRoot, 'bench/.out', path);

/** The raw-echo and penpal pages live on the emulator's origin: copied next to its build, which the server serves. */
async function addBenchPages(emulatorDir: string): Promise<void> {
  await mkdir(join(emulatorDir, 'bench/vendor'), { recursive: true });
  for (const page of ['echo.html', 'penpal-child.html']) {
    await copyFile(join(repoRoot, 'bench/pages', page), join(emulatorDir, 'bench', page));
  }
  await copyFile(
    join(repoRoot, 'node_modules/penpal/dist/penpal.min.js'),
    join(emulatorDir, 'bench/vendor/penpal.min.js'),
  );
}

async function main(): Promise<number> {
  const groups = chosenGroups(process.argv.slice(2));
  const base = portBase();
  const started = new Date();
  const loadBefore = loadavg();
  const metrics: Metric[] = [];
  const progress = (text: string) => process.stderr.write(`bench: ${text}\n`);

  progress('building the emulator and the host client…');
  const emulatorDir = out('emulator');
  const modules = await buildEmulator(emulatorDir);
  await addBenchPages(emulatorDir);
  if (groups.has('weight')) {
    const emulator = await emulatorWeight(emulatorDir, modules);
    const client = await hostClientWeight(out('client'));
    metrics.push(
      {
        id: 'weight.emulator',
        label: 'weight · emulator initial JS (gzip)',
        value: emulator.gzip / 1000,
        unit: 'kB',
        budget: { kind: 'max', limit: 40 },
        detail: { files: emulator.files, estimatedGzipBytesByGroup: emulator.breakdown },
      },
      {
        id: 'weight.hostClient',
        label: 'weight · host client (min + gzip)',
        value: client.gzip / 1000,
        unit: 'kB',
        budget: { kind: 'max', limit: 3 },
        detail: client,
      },
    );
  }

  const emulatorServer = await createEmulatorServer({ root: emulatorDir, port: base, host: '127.0.0.1' });
  const hostSite = await serveSite({
    host: 'localhost',
    port: base + 1,
    mounts: {
      '/bench/vendor/': join(repoRoot, 'node_modules/penpal/dist'),
      '/bench/': join(repoRoot, 'bench/pages'),
    },
  });
  const origins = { emulator: emulatorServer.origin, host: hostSite.origin };
  const browser = await launchChromium();
  const chromiumVersion = browser.version();
  try {
    if (groups.has('ready')) {
      progress('time to the first event (emulator, bare frame)…');
      metrics.push(...(await measureReady(browser, origins)));
    }
    if (groups.has('postmessage')) {
      progress('round trips and storms (emulator, raw echo, penpal)…');
      metrics.push(...(await measurePostMessage(browser, origins)));
    }
    if (groups.has('big')) {
      progress('round trips and a storm against a 10,000-thread world…');
      metrics.push(...(await measureBigWorldPostMessage(browser, origins, 10_000)));
    }
    if (groups.has('flood')) {
      progress('flood…');
      metrics.push(...(await measureFlood(browser, origins)));
    }
    if (groups.has('scale')) {
      progress('scale…');
      metrics.push(...(await measureScale(browser, origins)));
    }
    if (groups.has('control')) {
      progress('control-call latency, 1 and 8 workers each in its own world…');
      metrics.push(...(await measureControl(browser, { emulator: base + 6, root: emulatorDir }, hostSite.origin)));
    }
  } finally {
    await browser.close();
    await Promise.all([emulatorServer.close(), hostSite.close()]);
  }

  if (groups.has('start')) {
    progress('start times (serve, npm start)…');
    const cli = await buildCli(out('cli'));
    metrics.push(
      ...(await measureStart(cli, { serve: base + 2, floor: base + 3, hostDemo: base + 4, emulator: base + 5 })),
    );
  }

  const judged: Judged[] = metrics.map(judge);
  const failed = judged.filter((m) => m.pass === false).map((m) => m.id);
  const cpuList = cpus();
  const results = {
    date: started.toISOString(),
    durationMs: Date.now() - started.getTime(),
    machine: {
      cpus: cpuList.length,
      cpuModel: cpuList[0]?.model ?? 'unknown',
      memoryBytes: totalmem(),
      node: process.version,
      chromium: chromiumVersion,
      platform: `${process.platform} ${process.arch}`,
      // Other work on a shared machine moves every figure: the load says how much there was.
      loadAverage: { before: loadBefore, after: loadavg() },
    },
    groups: [...groups],
    failed,
    metrics: judged,
  };
  await writeFile(join(repoRoot, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(formatTable(judged));
  console.log(
    `\n${judged.length} metrics, ${failed.length} budget(s) failed · ${cpuList.length} CPUs · node ${process.version} · ` +
      `Chromium ${chromiumVersion} · load ${loadBefore.map((l) => l.toFixed(1)).join(' ')} · bench/results.json`,
  );
  return failed.length > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  },
);

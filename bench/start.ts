import { type ChildProcess, spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { repoRoot } from './build';
import type { Metric } from './report';
import { median } from './stats';

const POLL_MS = 5;

async function answers200(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

/** Stops the whole process group we spawned (npx → tsx → node), and waits until the leader is gone. */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid as number), name);
    } catch {
      // Already gone.
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/**
 * Milliseconds from spawning `command` until every URL answers 200, as a user typing the command would wait.
 * The process is stopped afterwards; its output is kept only to explain a failure.
 */
export async function timeToReady(
  command: string,
  args: string[],
  urls: string[],
  env: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<number> {
  for (const url of urls) {
    if (await answers200(url)) throw new Error(`bench: ${url} already answers before ${command} started; port in use?`);
  }
  const t0 = performance.now();
  const child = spawn(command, args, {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  try {
    const pending = new Set(urls);
    while (pending.size > 0) {
      if (child.exitCode !== null) {
        throw new Error(`bench: ${command} ${args.join(' ')} exited (${child.exitCode}) before ready:\n${output}`);
      }
      if (performance.now() - t0 > timeoutMs) {
        throw new Error(`bench: ${command} ${args.join(' ')} not ready within ${timeoutMs} ms:\n${output}`);
      }
      for (const url of [...pending]) if (await answers200(url)) pending.delete(url);
      if (pending.size > 0) await new Promise((done) => setTimeout(done, POLL_MS));
    }
    return performance.now() - t0;
  } finally {
    await stopGroup(child);
  }
}

export interface StartPorts {
  serve: number;
  floor: number;
  hostDemo: number;
  emulator: number;
}

/**
 * `agent-console-emulator serve` (the CLI built into the bench's folder, next to its emulator build, as it is
 * packed) and `npm start` (both Vite dev servers), each the median of `runs`; plus the floor: a bare node:http
 * server, which is what any Node CLI pays before its first byte on this machine.
 */
export async function measureStart(cliFile: string, ports: StartPorts, runs = 3): Promise<Metric[]> {
  const serve: number[] = [];
  const floor: number[] = [];
  const npmStart: number[] = [];
  const bare = `require('node:http').createServer((q, s) => s.end('ok')).listen(${ports.floor}, '127.0.0.1')`;
  for (let i = 0; i < runs; i++) {
    floor.push(await timeToReady(process.execPath, ['-e', bare], [`http://127.0.0.1:${ports.floor}/`]));
    serve.push(
      await timeToReady(
        process.execPath,
        [cliFile, 'serve', '--port', String(ports.serve)],
        [`http://127.0.0.1:${ports.serve}/agent/chat`],
      ),
    );
    npmStart.push(
      await timeToReady(
        'npx',
        ['tsx', 'tools/start.ts'],
        [`http://localhost:${ports.hostDemo}/`, `http://127.0.0.1:${ports.emulator}/agent/chat`],
        { HOST_DEMO_PORT: String(ports.hostDemo), EMULATOR_PORT: String(ports.emulator) },
      ),
    );
  }
  return [
    {
      id: 'start.serve',
      label: 'start · agent-console-emulator serve',
      value: median(serve),
      unit: 'ms',
      budget: { kind: 'max', limit: 500 },
      detail: { runs: serve, command: `node ${cliFile} serve` },
    },
    {
      id: 'start.nodeFloor',
      label: 'start · bare node:http server (floor)',
      value: median(floor),
      unit: 'ms',
      detail: { runs: floor },
    },
    {
      id: 'start.npmStart',
      label: 'start · npm start (both dev servers)',
      value: median(npmStart),
      unit: 'ms',
      budget: { kind: 'max', limit: 3000 },
      detail: { runs: npmStart, command: 'npx tsx tools/start.ts' },
    },
  ];
}

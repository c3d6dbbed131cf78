import { signal } from '@preact/signals';

/** One row of the host's event log; plain JSON so the export and `window.hostDemo.log` are the same data. */
export interface LogEntry {
  seq: number;
  /** Date.now() when the host saw or sent it. */
  at: number;
  /** Local wall time `HH:mm:ss.SSS`. */
  time: string;
  direction: 'in' | 'out';
  /** The message's `type`, or `problem` for the client's onProblem reports. */
  type: string;
  payload: unknown;
  /** `invalid`/`warning`: the client's onProblem level; `error`: the host could not post. */
  level?: 'invalid' | 'warning' | 'error';
  reason?: string;
}

/** An autopilot left running for hours must not grow the page without bound. */
const LOG_LIMIT = 2000;

export const log = signal<LogEntry[]>([]);
let seq = 0;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function clock(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function record(entry: Omit<LogEntry, 'seq' | 'at' | 'time'>): void {
  const at = Date.now();
  const next = [...log.value, { seq: ++seq, at, time: clock(at), ...entry }];
  log.value = next.length > LOG_LIMIT ? next.slice(next.length - LOG_LIMIT) : next;
}

export function clearLog(): void {
  log.value = [];
}

export const typeOf = (message: unknown): string => {
  const type = typeof message === 'object' && message !== null ? (message as { type?: unknown }).type : undefined;
  return typeof type === 'string' ? type : '(no type)';
};

export function downloadLog(entries: readonly LogEntry[]): void {
  const blob = new Blob([JSON.stringify(entries, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `host-demo-log-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoking synchronously can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

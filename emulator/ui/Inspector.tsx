import { useSignal } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import { jsonSafe, type LogEntry, type Outcome } from '../bridge/log';
import type { Runtime } from '../simulator/runtime';
import { t } from './i18n';

export const INSPECTOR_LIMIT = 300;
const OUTCOMES: Outcome[] = ['ok', 'violation', 'warning', 'foreign', 'rejected-origin'];
/** Log bursts (a flood) are redrawn at most this often. */
const REDRAW_MS = 50;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
function clockTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

// Entries are objects the log owns (amended in place), so their identity is a stable key.
const ids = new WeakMap<LogEntry, number>();
let nextId = 0;
function keyOf(entry: LogEntry): number {
  let id = ids.get(entry);
  if (id === undefined) {
    id = ++nextId;
    ids.set(entry, id);
  }
  return id;
}

/** Pretty JSON of whatever a host sent: cycles, BigInt and absurd nesting included (see jsonSafe). */
function safeJson(value: unknown): string {
  try {
    return JSON.stringify(jsonSafe(value), null, 2) ?? String(value);
  } catch {
    return '[unprintable]';
  }
}

function Row({ entry }: { entry: LogEntry }) {
  const [open, setOpen] = useState(false);
  return (
    <li
      class={`inspector-row outcome-${entry.outcome}`}
      data-testid="inspector-row"
      data-direction={entry.direction}
      data-type={entry.type}
      data-outcome={entry.outcome}
    >
      <button type="button" class="inspector-line" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span class="inspector-time">{clockTime(entry.at)}</span>
        <span
          class={`inspector-dir dir-${entry.direction}`}
          title={t(entry.direction === 'in' ? 'inspector.in' : 'inspector.out')}
        >
          {entry.direction === 'in' ? '← in' : 'out →'}
        </span>
        <span class="inspector-type">{entry.type}</span>
        <span class={`pill pill-${entry.outcome}`}>{entry.outcome}</span>
      </button>
      {entry.reason && <div class="inspector-reason">{entry.reason}</div>}
      {open && <pre class="inspector-json">{safeJson(entry.message)}</pre>}
    </li>
  );
}

/**
 * Emulator only: every message in and out with its outcome and reason, newest first, at most the last 300
 * (the log itself keeps more, and its totals count everything).
 */
export function Inspector({ runtime, framed, policy }: { runtime: Runtime; framed: boolean; policy: string | null }) {
  const version = useSignal(0);
  const filter = useSignal<Outcome | 'all'>('all');

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = runtime.log.subscribe(() => {
      timer ??= setTimeout(() => {
        timer = undefined;
        version.value++;
      }, REDRAW_MS);
    });
    return () => {
      unsubscribe();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [runtime, version]);

  void version.value; // redraw on every (throttled) log change
  const all = runtime.log.list();
  const chosen = filter.value;
  const matching = chosen === 'all' ? all : all.filter((entry) => entry.outcome === chosen);
  const shown = matching.slice(-INSPECTOR_LIMIT).reverse();
  const totals = runtime.log.totals;

  return (
    <section class="emulator-panel inspector" data-testid="inspector" aria-label={t('inspector.title')}>
      <div class="emulator-label emulator-stripes">{t('emu.only')}</div>
      <div class="panel-head">
        <h2>{t('inspector.title')}</h2>
        <select
          data-testid="inspector-filter"
          aria-label={t('inspector.filter')}
          value={chosen}
          onChange={(event) => {
            filter.value = event.currentTarget.value as Outcome | 'all';
          }}
        >
          <option value="all">{t('inspector.all')}</option>
          {OUTCOMES.map((outcome) => (
            <option key={outcome} value={outcome}>
              {outcome}
            </option>
          ))}
        </select>
        <button type="button" class="btn small" data-testid="inspector-clear" onClick={() => runtime.log.clear()}>
          {t('inspector.clear')}
        </button>
      </div>
      <div class="inspector-framing" data-testid="inspector-framing" data-framed={framed}>
        {framed ? `${t('inspector.framed')} · ${policy ?? ''}` : t('inspector.notFramed')}
      </div>
      <div class="inspector-totals" data-testid="inspector-totals">
        {OUTCOMES.map((outcome) => (
          <span key={outcome} class={`pill pill-${outcome}`} data-testid="inspector-total" data-outcome={outcome}>
            {outcome} {totals[outcome]}
          </span>
        ))}
      </div>
      <div class="inspector-count">{t('inspector.shown', { shown: shown.length, total: matching.length })}</div>
      {shown.length === 0 ? (
        <div class="inspector-empty">{t('inspector.empty')}</div>
      ) : (
        <ol class="inspector-rows">
          {shown.map((entry) => (
            <Row key={keyOf(entry)} entry={entry} />
          ))}
        </ol>
      )}
    </section>
  );
}

import { type ReadonlySignal, useSignal } from '@preact/signals';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import type { Counts, LogEntry, Outcome } from '../simulator/protocol-log';
import type { Runtime } from '../simulator/runtime';
import { BootTimeline } from './BootTimeline';
import { t } from './i18n';
import { type DrawnRow, drawRow, isOpen, syncRows } from './inspector-rows';
import { redrawPacer } from './redraw-pacer';

const INSPECTOR_LIMIT = 300;
const OUTCOMES: Outcome[] = ['ok', 'violation', 'warning', 'foreign', 'rejected-origin', 'early'];
/** The totals shown: every outcome, and the events posted. */
const TOTALS: (keyof Counts)[] = [...OUTCOMES, 'out'];
/** New rows drawn per redraw (~1 ms); the rest follow in the next ones (redraw-pacer.ts), newest first. */
const ROWS_PER_REDRAW = 8;

/**
 * Emulator only: every message in and out with its outcome and reason, newest first, at most the last 300
 * (the log itself keeps more, and its totals count everything).
 */
export function Inspector({
  runtime,
  framed,
  policy,
}: {
  runtime: Runtime;
  framed: boolean;
  policy: ReadonlySignal<string> | null;
}) {
  const version = useSignal(0);
  const filter = useSignal<Outcome | 'all'>('all');

  const pacer = useRef<ReturnType<typeof redrawPacer> | null>(null);
  useEffect(() => {
    const { totals } = runtime.log;
    const entries = () => TOTALS.reduce((sum, key) => sum + totals[key], 0);
    const paced = redrawPacer(() => version.value++, entries);
    pacer.current = paced;
    const unsubscribe = runtime.log.subscribe(paced.changed);
    return () => {
      unsubscribe();
      paced.dispose();
    };
  }, [runtime, version]);

  void version.value; // redraw on every (throttled) log change
  const all = runtime.log.list();
  const chosen = filter.value;
  const matching = chosen === 'all' ? all : all.filter((entry) => entry.outcome === chosen);
  const shown = matching.slice(-INSPECTOR_LIMIT).reverse();
  const totals = runtime.log.totals;
  const keeping = runtime.options.keeping;
  const list = useRef<HTMLOListElement>(null);
  const drawn = useRef(new Map<LogEntry, DrawnRow<ChildNode>>());

  useLayoutEffect(() => {
    const ol = list.current;
    if (!ol) return;
    const draw = (entry: LogEntry, previous: DrawnRow<ChildNode> | undefined) =>
      drawRow(document, entry, isOpen(previous));
    if (!syncRows<ChildNode>(ol, shown, drawn.current, draw, ROWS_PER_REDRAW)) pacer.current?.more();
  });

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
        {framed ? `${t('inspector.framed')} · ${policy?.value ?? ''}` : t('inspector.notFramed')}
      </div>
      {/* Unframed, the console hears and posts nothing: its readiness is moot (the chaos banner goes with it). */}
      {framed && <BootTimeline runtime={runtime} />}
      {keeping?.kept === false && (
        <div class="inspector-framing" data-testid="inspector-world" data-kept="false">
          {t('inspector.worldLost', { why: keeping.why })}
        </div>
      )}
      <div class="inspector-totals" data-testid="inspector-totals">
        {TOTALS.map((outcome) => (
          <span key={outcome} class={`pill pill-${outcome}`} data-testid="inspector-total" data-outcome={outcome}>
            {outcome} {totals[outcome]}
          </span>
        ))}
      </div>
      <div class="inspector-count">{t('inspector.shown', { shown: shown.length, total: matching.length })}</div>
      {shown.length === 0 && <div class="inspector-empty">{t('inspector.empty')}</div>}
      {/* Its rows are drawn by syncRows, not by Preact (see inspector-rows.ts). */}
      <ol class="inspector-rows" ref={list} hidden={shown.length === 0} />
    </section>
  );
}

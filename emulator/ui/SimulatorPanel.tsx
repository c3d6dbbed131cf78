import { useSignal } from '@preact/signals';
import { t } from './i18n';
import type { Workbench } from './model';
import { SimMessageForm } from './SimMessageForm';
import { SimResetForm } from './SimResetForm';
import { SimVisitorForm } from './SimVisitorForm';
import type { FormProps, Outcome } from './sim-form';

/** Emulator only: makes the simulated world do things (what visitors, colleagues and time would do). */
export function SimulatorPanel({ wb }: { wb: Workbench }) {
  const { runtime } = wb;
  const outcome = useSignal<Outcome>(null);

  const report = (next: Outcome) => {
    outcome.value = next;
  };
  const run: FormProps['run'] = (input, summarize) => {
    const result = wb.simulate(input);
    report(
      result.error
        ? { kind: 'error', text: `${t('error.prefix')}${result.error}` }
        : { kind: 'info', text: summarize(result) },
    );
  };

  const { latency, fail, clock } = runtime.options.params;

  return (
    <section class="emulator-panel sim-panel" data-testid="sim-panel" aria-label={t('sim.title')}>
      <div class="emulator-label emulator-stripes">{t('emu.only')}</div>
      <div class="panel-head">
        <h2>{t('sim.title')}</h2>
        <label class="sim-check">
          <input
            type="checkbox"
            data-testid="sim-autopilot"
            checked={runtime.autopilot.value}
            onChange={(event) => runtime.setAutopilot(event.currentTarget.checked)}
          />
          {t('sim.autopilot')}
        </label>
      </div>

      <SimVisitorForm run={run} />
      <SimMessageForm wb={wb} run={run} report={report} />
      <SimResetForm wb={wb} report={report} />
      <div class="sim-params">
        {t('sim.params', { latency, fail: fail.length > 0 ? fail.join(', ') : t('sim.none'), clock })}
      </div>
      {outcome.value && (
        <div
          class={outcome.value.kind === 'error' ? 'sim-outcome error' : 'sim-outcome'}
          data-testid={outcome.value.kind === 'error' ? 'sim-error' : 'sim-result'}
          role={outcome.value.kind === 'error' ? 'alert' : 'status'}
        >
          {outcome.value.text}
        </div>
      )}
    </section>
  );
}

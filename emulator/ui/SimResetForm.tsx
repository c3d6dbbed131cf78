import { useSignal } from '@preact/signals';
import { SEED_MAX, seedOf } from '../simulator/params';
import { SCENARIOS, type ScenarioName } from '../world';
import { t } from './i18n';
import { type FormProps, typedInto } from './sim-form';

/** A fresh world from a seed and a scenario (the saved one is cleared). */
export function SimResetForm({ wb, report }: Pick<FormProps, 'wb' | 'report'>) {
  const world = wb.runtime.world.peek();
  const seed = useSignal(String(world.seed));
  const scenario = useSignal<ScenarioName>(world.scenario);
  const nextSeed = seedOf(seed.value);
  return (
    <div class="sim-row">
      <label class="sim-field">
        {t('sim.seed')}
        <input
          type="number"
          min={0}
          max={SEED_MAX}
          step={1}
          class={nextSeed === undefined ? 'sim-seed invalid' : 'sim-seed'}
          data-testid="sim-seed"
          value={seed.value}
          onInput={typedInto(seed)}
        />
      </label>
      <label class="sim-field">
        {t('sim.scenario')}
        <select
          data-testid="sim-scenario"
          value={scenario.value}
          onChange={(event) => {
            scenario.value = event.currentTarget.value as ScenarioName;
          }}
        >
          {SCENARIOS.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        class="btn small danger-outline"
        data-testid="sim-reset"
        disabled={nextSeed === undefined}
        onClick={() => {
          if (nextSeed === undefined) return;
          wb.reset(nextSeed, scenario.value);
          report({ kind: 'info', text: t('sim.resetDone', { seed: nextSeed, scenario: scenario.value }) });
        }}
      >
        {t('sim.reset')}
      </button>
    </div>
  );
}

import { useSignal } from '@preact/signals';
import { type Input, SCENARIOS, type ScenarioName, type StepResult } from '../world';
import { VISITOR_LINES } from '../world/content';
import { t } from './i18n';
import type { Workbench } from './model';

type Outcome = { kind: 'error' | 'info'; text: string } | null;

/** Emulator only: makes the simulated world do things (what visitors, colleagues and time would do). */
export function SimulatorPanel({ wb }: { wb: Workbench }) {
  const { runtime } = wb;
  const world = runtime.world.value;
  const selected = wb.openThread.value;
  const nickname = useSignal('');
  const content = useSignal('');
  const type = useSignal<'' | 'AGENT' | 'WORKGROUP'>('');
  const message = useSignal('');
  const auto = useSignal(false);
  const seed = useSignal(String(world.seed));
  const scenario = useSignal<ScenarioName>(world.scenario);
  const outcome = useSignal<Outcome>(null);
  const lineIndex = useSignal(0);

  const run = (input: Input, summarize: (result: StepResult) => string): void => {
    const result = runtime.dispatch(input);
    outcome.value = result.error
      ? { kind: 'error', text: `${t('error.prefix')}${result.error}` }
      : { kind: 'info', text: summarize(result) };
  };
  const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());
  const nextLine = () => {
    const line = VISITOR_LINES[lineIndex.value % VISITOR_LINES.length] ?? '…';
    lineIndex.value++;
    return line;
  };

  const { latency, fail, clock } = runtime.options.params;
  const seedValid = /^\d{1,10}$/.test(seed.value) && Number(seed.value) <= 0xffffffff;

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

      <div class="sim-row">
        <input
          data-testid="sim-nickname"
          placeholder={t('sim.nickname')}
          value={nickname.value}
          onInput={(event) => {
            nickname.value = event.currentTarget.value;
          }}
        />
        <input
          data-testid="sim-content"
          placeholder={t('sim.content')}
          value={content.value}
          onInput={(event) => {
            content.value = event.currentTarget.value;
          }}
        />
        <select
          data-testid="sim-type"
          aria-label={t('sim.type')}
          value={type.value}
          onChange={(event) => {
            type.value = event.currentTarget.value as '' | 'AGENT' | 'WORKGROUP';
          }}
        >
          <option value="">{t('sim.typeRandom')}</option>
          <option value="WORKGROUP">WORKGROUP</option>
          <option value="AGENT">AGENT</option>
        </select>
        <button
          type="button"
          class="btn-primary small"
          data-testid="sim-new-visitor"
          onClick={() =>
            run(
              {
                kind: 'visitorArrives',
                nickname: optional(nickname.value),
                content: optional(content.value),
                type: type.value || undefined,
              },
              (result) => {
                const thread = result.thread;
                if (!thread) return '';
                const name = thread.user.nickname;
                return thread.status === 'OFFLINE'
                  ? t('sim.routedAway', { name })
                  : t('sim.created', { name, status: thread.status });
              },
            )
          }
        >
          {t('sim.newVisitor')}
        </button>
      </div>

      <div class="sim-row">
        <input
          data-testid="sim-message-content"
          placeholder={t('sim.message')}
          value={message.value}
          onInput={(event) => {
            message.value = event.currentTarget.value;
          }}
        />
      </div>
      <div class="sim-row sim-buttons">
        <button
          type="button"
          class="btn small"
          data-testid="sim-visitor-message"
          onClick={() => {
            if (!selected) {
              outcome.value = { kind: 'error', text: t('sim.noSelection') };
              return;
            }
            run({ kind: 'visitorSends', threadUid: selected.uid, content: optional(message.value) ?? nextLine() }, () =>
              t('sim.sent', { name: selected.user.nickname }),
            );
          }}
        >
          {t('sim.visitorMessage')}
        </button>
        <button
          type="button"
          class="btn small"
          data-testid="sim-colleague-message"
          onClick={() =>
            run({ kind: 'colleagueSends', content: optional(message.value) }, (result) =>
              t('sim.sent', { name: result.thread?.user.nickname ?? '' }),
            )
          }
        >
          {t('sim.colleagueMessage')}
        </button>
        <button
          type="button"
          class="btn small"
          data-testid="sim-group-message"
          onClick={() =>
            run({ kind: 'groupSends', content: optional(message.value) }, (result) =>
              t('sim.sent', { name: result.thread?.user.nickname ?? '' }),
            )
          }
        >
          {t('sim.groupMessage')}
        </button>
      </div>
      <div class="sim-row">
        <button
          type="button"
          class="btn small"
          data-testid="sim-close"
          onClick={() => {
            if (!selected) {
              outcome.value = { kind: 'error', text: t('sim.noSelection') };
              return;
            }
            run({ kind: 'closeThread', threadUid: selected.uid, auto: auto.value }, () =>
              t('sim.closed', { name: selected.user.nickname }),
            );
          }}
        >
          {t('sim.close')}
        </button>
        <label class="sim-check">
          <input
            type="checkbox"
            data-testid="sim-close-auto"
            checked={auto.value}
            onChange={(event) => {
              auto.value = event.currentTarget.checked;
            }}
          />
          {t('sim.auto')}
        </label>
      </div>

      <div class="sim-row">
        <label class="sim-field">
          {t('sim.seed')}
          <input
            type="number"
            min={0}
            max={4294967295}
            step={1}
            class={seedValid ? 'sim-seed' : 'sim-seed invalid'}
            data-testid="sim-seed"
            value={seed.value}
            onInput={(event) => {
              seed.value = event.currentTarget.value;
            }}
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
          disabled={!seedValid}
          onClick={() => {
            const nextSeed = Number(seed.value);
            wb.reset(nextSeed, scenario.value);
            outcome.value = { kind: 'info', text: t('sim.resetDone', { seed: nextSeed, scenario: scenario.value }) };
          }}
        >
          {t('sim.reset')}
        </button>
      </div>
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

import { useSignal } from '@preact/signals';
import { t } from './i18n';
import { type FormProps, optional, typedInto } from './sim-form';

type VisitorType = '' | 'AGENT' | 'WORKGROUP';

/** A new visitor arrives, with the given nickname, first message and thread type, or random ones. */
export function SimVisitorForm({ run }: Pick<FormProps, 'run'>) {
  const nickname = useSignal('');
  const content = useSignal('');
  const type = useSignal<VisitorType>('');
  return (
    <div class="sim-row">
      <input
        data-testid="sim-nickname"
        placeholder={t('sim.nickname')}
        value={nickname.value}
        onInput={typedInto(nickname)}
      />
      <input
        data-testid="sim-content"
        placeholder={t('sim.content')}
        value={content.value}
        onInput={typedInto(content)}
      />
      <select
        data-testid="sim-type"
        aria-label={t('sim.type')}
        value={type.value}
        onChange={(event) => {
          type.value = event.currentTarget.value as VisitorType;
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
  );
}

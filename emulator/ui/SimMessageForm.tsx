import { useSignal } from '@preact/signals';
import type { Thread } from '../../protocol';
import { VISITOR_LINES } from '../world/content';
import { t } from './i18n';
import { type FormProps, optional, typedInto } from './sim-form';

/**
 * What the other side says: the selected thread's visitor, a colleague or a group (the typed text, or else the
 * next canned visitor line); and the selected thread closing, by the agent or by the idle timeout.
 */
export function SimMessageForm({ wb, run, report }: FormProps) {
  const selected = wb.openThread.value;
  const message = useSignal('');
  const auto = useSignal(false);
  const lineIndex = useSignal(0);

  const nextLine = () => {
    const line = VISITOR_LINES[lineIndex.value % VISITOR_LINES.length] ?? '…';
    lineIndex.value++;
    return line;
  };
  /** An action on the selected thread; without one, the panel says to select one first. */
  const onSelected = (act: (thread: Thread) => void) => () => {
    if (!selected) {
      report({ kind: 'error', text: t('sim.noSelection') });
      return;
    }
    act(selected);
  };

  return (
    <>
      <div class="sim-row">
        <input
          data-testid="sim-message-content"
          placeholder={t('sim.message')}
          value={message.value}
          onInput={typedInto(message)}
        />
      </div>
      <div class="sim-row sim-buttons">
        <button
          type="button"
          class="btn small"
          data-testid="sim-visitor-message"
          onClick={onSelected((thread) =>
            run({ kind: 'visitorSends', threadUid: thread.uid, content: optional(message.value) ?? nextLine() }, () =>
              t('sim.sent', { name: thread.user.nickname }),
            ),
          )}
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
          onClick={onSelected((thread) =>
            run({ kind: 'closeThread', threadUid: thread.uid, auto: auto.value }, () =>
              t('sim.closed', { name: thread.user.nickname }),
            ),
          )}
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
    </>
  );
}

import { useSignal } from '@preact/signals';
import { commands, unreadThreads } from './session';
import { TEMPLATES, templateJson } from './templates';

const first = TEMPLATES[0]!;

/** Sends any JSON, unchecked: the place to try the mistakes the emulator must reject. */
export function RawComposer() {
  const templateId = useSignal(first.id);
  const text = useSignal(templateJson(first, {}));
  const error = useSignal<string | null>(null);
  const chosen = TEMPLATES.find((t) => t.id === templateId.value);

  const choose = (id: string) => {
    const template = TEMPLATES.find((t) => t.id === id);
    if (!template) return;
    templateId.value = id;
    text.value = templateJson(template, { threadUid: unreadThreads.value[0]?.uid });
    error.value = null;
  };

  const send = () => {
    let message: unknown;
    try {
      message = JSON.parse(text.value);
    } catch (e) {
      error.value = `JSON syntax error: ${e instanceof Error ? e.message : String(e)}`;
      return;
    }
    error.value = null;
    commands.sendRaw(message);
  };

  return (
    <section class="panel">
      <h2>Raw JSON</h2>
      <div class="row">
        <select
          data-testid="raw-template"
          aria-label="template"
          value={templateId.value}
          onChange={(e) => choose(e.currentTarget.value)}
        >
          <optgroup label="Valid">
            {TEMPLATES.filter((t) => t.expect === 'accepted').map((t) => (
              <option key={t.id} value={t.id}>
                {t.label}
              </option>
            ))}
          </optgroup>
          <optgroup label="Typical mistakes">
            {TEMPLATES.filter((t) => t.expect !== 'accepted').map((t) => (
              <option key={t.id} value={t.id}>
                {t.label}
              </option>
            ))}
          </optgroup>
        </select>
      </div>
      {chosen && (
        <p class="muted small" data-testid="raw-expect">
          Expected: {chosen.expect}
        </p>
      )}
      <textarea
        data-testid="raw-json"
        aria-label="raw JSON message"
        class="mono"
        rows={7}
        spellcheck={false}
        value={text.value}
        onInput={(e) => {
          text.value = e.currentTarget.value;
        }}
      />
      <div class="row">
        <button type="button" class="primary" data-testid="raw-send" onClick={send}>
          Send
        </button>
        {error.value && (
          <span class="error" data-testid="raw-error" role="alert">
            {error.value}
          </span>
        )}
      </div>
    </section>
  );
}

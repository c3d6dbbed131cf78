import { useComputed, useSignal } from '@preact/signals';
import { useState } from 'preact/hooks';
import { COMMAND_TYPES, EVENT_TYPES } from '../protocol';
import { clearLog, downloadLog, type LogEntry, log } from './log';

const ALL = '';
const KNOWN_TYPES: readonly string[] = [...EVENT_TYPES, ...COMMAND_TYPES, 'problem'];

// Rows are rebuilt on every new entry; the one-line preview is computed once per entry.
const previews = new WeakMap<LogEntry, string>();
function previewOf(entry: LogEntry): string {
  let text = previews.get(entry);
  if (text === undefined) {
    text = (JSON.stringify(entry.payload) ?? String(entry.payload)).slice(0, 160);
    previews.set(entry, text);
  }
  return text;
}

/** Collapsed by default; pretty JSON is built only when opened. */
function Payload({ entry }: { entry: LogEntry }) {
  const [open, setOpen] = useState(false);
  return (
    <details onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary class="mono">
        {entry.reason && <span class={`reason ${entry.level ?? ''}`}>{entry.reason} </span>}
        <span class="muted">{previewOf(entry)}</span>
      </summary>
      {open && <pre class="mono">{JSON.stringify(entry.payload, null, 2)}</pre>}
    </details>
  );
}

export function EventLog() {
  const filter = useSignal(ALL);
  const types = useComputed(() => {
    const seen = new Set(KNOWN_TYPES);
    for (const entry of log.value) seen.add(entry.type);
    return [...seen];
  });
  // Newest first: the latest traffic stays in view without scrolling.
  const shown = useComputed(() =>
    log.value.filter((entry) => filter.value === ALL || entry.type === filter.value).reverse(),
  );
  return (
    <section class="panel log-panel">
      <div class="log-head">
        <h2>Event log</h2>
        <select
          data-testid="log-filter"
          aria-label="filter by type"
          value={filter.value}
          onChange={(e) => {
            filter.value = e.currentTarget.value;
          }}
        >
          <option value={ALL}>all types</option>
          {types.value.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <span class="muted small" data-testid="log-count">
          {shown.value.length} of {log.value.length}
        </span>
        <span class="spacer" />
        <button type="button" data-testid="log-clear" onClick={clearLog}>
          Clear
        </button>
        <button type="button" data-testid="log-export" onClick={() => downloadLog(log.value)}>
          Export JSON
        </button>
      </div>
      <ol class="log">
        {shown.value.map((entry) => (
          <li
            key={entry.seq}
            class={`log-row ${entry.direction} ${entry.level ?? ''}`}
            data-testid="log-row"
            data-type={entry.type}
            data-direction={entry.direction}
            data-level={entry.level}
          >
            <span class="mono time">{entry.time}</span>
            <span
              class={`dir ${entry.direction}`}
              title={entry.direction === 'in' ? 'console → host' : 'host → console'}
            >
              {entry.direction === 'in' ? '← in' : '→ out'}
            </span>
            <span class="mono type">{entry.level ? `${entry.type} (${entry.level})` : entry.type}</span>
            <Payload entry={entry} />
          </li>
        ))}
      </ol>
    </section>
  );
}

import { useSignal } from '@preact/signals';
import type { AgentStatus } from '../protocol';
import { AgentStatusSchema } from '../protocol';
import { commands } from './session';

/** One button per command of the vendor page, sent through the typed client. */
export function CommandPanel() {
  const status = useSignal<AgentStatus>('AVAILABLE');
  const threadUid = useSignal('');
  return (
    <section class="panel">
      <h2>Commands</h2>
      <div class="row">
        <select
          data-testid="status-select"
          aria-label="status"
          value={status.value}
          onChange={(e) => {
            status.value = e.currentTarget.value as AgentStatus;
          }}
        >
          {AgentStatusSchema.options.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <button type="button" data-testid="cmd-update_agent_status" onClick={() => commands.setStatus(status.value)}>
          update_agent_status
        </button>
      </div>
      <div class="buttons">
        <button type="button" data-testid="cmd-update_agent_status_available" onClick={commands.setAvailable}>
          update_agent_status_available
        </button>
        <button type="button" data-testid="cmd-update_agent_status_busy" onClick={commands.setBusy}>
          update_agent_status_busy
        </button>
        <button type="button" data-testid="cmd-update_agent_status_offline" onClick={commands.setOffline}>
          update_agent_status_offline
        </button>
        <button type="button" data-testid="cmd-refresh_threads" onClick={commands.refreshThreads}>
          refresh_threads
        </button>
      </div>
      <div class="row">
        <input
          data-testid="thread-uid-input"
          aria-label="threadUid"
          placeholder="threadUid"
          class="mono"
          value={threadUid.value}
          onInput={(e) => {
            threadUid.value = e.currentTarget.value;
          }}
        />
        <button
          type="button"
          data-testid="cmd-clear_unread_count"
          onClick={() => commands.clearUnread(threadUid.value)}
        >
          clear_unread_count
        </button>
      </div>
    </section>
  );
}

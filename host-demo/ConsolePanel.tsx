import { agentInfo, agentStatus, commands, unreadThreads, unreadTotal } from './session';

/** What the host has learned from the console's events; text only, nicknames and messages can be hostile. */
export function ConsolePanel() {
  const info = agentInfo.value;
  const threads = unreadThreads.value;
  return (
    <section class="panel">
      <h2>Console state</h2>
      <dl class="facts">
        <dt>Agent status</dt>
        <dd>
          <span class={`status status-${agentStatus.value.toLowerCase()}`} data-testid="agent-status">
            {agentStatus.value}
          </span>
          {info && <span class="muted"> {info.nickname}</span>}
        </dd>
        <dt>Unread total</dt>
        <dd>
          <span class="count" data-testid="unread-total">
            {unreadTotal.value ?? 'unknown'}
          </span>
        </dd>
      </dl>
      <h3>Unread threads ({threads.length})</h3>
      {threads.length === 0 ? (
        <p class="muted">None.</p>
      ) : (
        <ul class="threads">
          {threads.map((thread) => (
            <li key={thread.uid} data-testid="unread-thread" data-uid={thread.uid}>
              <div class="thread-head">
                <span class="nickname">{thread.user?.nickname ?? thread.uid}</span>
                <span class="badge" data-testid="unread-count">
                  {thread.unreadCount ?? '?'}
                </span>
                <button
                  type="button"
                  data-testid={`clear-${thread.uid}`}
                  onClick={() => commands.clearUnread(thread.uid)}
                >
                  clear
                </button>
              </div>
              <div class="preview" title={thread.content ?? ''}>
                {thread.content ?? ''}
              </div>
              <div class="mono muted small">{thread.uid}</div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

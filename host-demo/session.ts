import { signal } from '@preact/signals';
import {
  type AgentConsoleClient,
  type AgentStatus,
  type Command,
  connectAgentConsole,
  parseEvent,
  type ReceivedAgentInfo,
  type ReceivedThread,
} from '../protocol';
import { record, typeOf } from './log';

/**
 * What the host knows about the console: only what the events told it, read as the real console may send it
 * (a status like REST, threads with only a few fields).
 */
export const agentStatus = signal<string>('unknown');
export const agentInfo = signal<ReceivedAgentInfo | null>(null);
export const unreadTotal = signal<number | null>(null);
export const unreadThreads = signal<ReceivedThread[]>([]);
export const connectError = signal<string | null>(null);

let client: AgentConsoleClient | null = null;

export const currentClient = () => client;

export function attach(iframe: HTMLIFrameElement, consoleOrigin: string): () => void {
  try {
    client = connectAgentConsole(iframe, { consoleOrigin, validate: parseEvent });
  } catch (error) {
    connectError.value = String(error);
    return () => {};
  }
  connectError.value = null;
  const c = client;
  c.onEvent((event) => record({ direction: 'in', type: event.type, payload: event }));
  c.onProblem(({ level, reason, raw }) => record({ direction: 'in', type: 'problem', level, reason, payload: raw }));
  c.on('agent_status_changed', (data) => {
    agentStatus.value = data.status;
    agentInfo.value = data.agentInfo ?? null;
  });
  c.on('unread_message_count', (data) => {
    unreadTotal.value = data.totalUnreadCount;
    unreadThreads.value = data.unreadThreads;
  });
  return () => {
    c.close();
    if (client === c) client = null;
  };
}

/**
 * Logs `message` and posts it through `act`. The typed commands pass the message the client method posts,
 * so the log shows what went on the wire.
 */
function post(message: unknown, act: (c: AgentConsoleClient) => void): void {
  if (!client) {
    record({ direction: 'out', type: typeOf(message), payload: message, level: 'error', reason: 'not connected' });
    return;
  }
  try {
    act(client);
    record({ direction: 'out', type: typeOf(message), payload: message });
  } catch (error) {
    record({ direction: 'out', type: typeOf(message), payload: message, level: 'error', reason: String(error) });
  }
}

const typed = (command: Command, act: (c: AgentConsoleClient) => void) => post(command, act);

export const commands = {
  setStatus: (status: AgentStatus) =>
    typed({ type: 'update_agent_status', data: { status } }, (c) => c.setStatus(status)),
  setAvailable: () => typed({ type: 'update_agent_status_available' }, (c) => c.setAvailable()),
  setBusy: () => typed({ type: 'update_agent_status_busy' }, (c) => c.setBusy()),
  setOffline: () => typed({ type: 'update_agent_status_offline' }, (c) => c.setOffline()),
  refreshThreads: () => typed({ type: 'refresh_threads' }, (c) => c.refreshThreads()),
  clearUnread: (threadUid: string) =>
    typed({ type: 'clear_unread_count', data: { threadUid } }, (c) => c.clearUnread(threadUid)),
  sendRaw: (message: unknown) => post(message, (c) => c.sendRaw(message)),
};

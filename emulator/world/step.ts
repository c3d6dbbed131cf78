import type { Command, Thread } from '../../protocol/schema';
import * as rules from './rules';
import { Tx } from './tx';
import type { Input, StepResult, WorldState } from './types';
import { unreadAfter } from './unread';

/** The protocol's commands in the world's terms. */
function fromCommand(command: Command): Input {
  switch (command.type) {
    case 'update_agent_status':
      return { kind: 'setStatus', status: command.data.status };
    case 'update_agent_status_available':
      return { kind: 'setStatus', status: 'AVAILABLE' };
    case 'update_agent_status_busy':
      return { kind: 'setStatus', status: 'BUSY' };
    case 'update_agent_status_offline':
      return { kind: 'setStatus', status: 'OFFLINE' };
    case 'refresh_threads':
      return { kind: 'sync' };
    case 'clear_unread_count':
      return { kind: 'clearUnread', threadUid: command.data.threadUid };
  }
}

function apply(tx: Tx, input: Input): Thread | undefined {
  switch (input.kind) {
    case 'command':
      return apply(tx, fromCommand(input.command));
    case 'setStatus':
      rules.setStatus(tx, input.status);
      return undefined;
    case 'sync':
      tx.forceUnread = true;
      tx.forgetLiveBorn();
      return undefined;
    case 'clearUnread':
      return rules.clearUnread(tx, input.threadUid);
    case 'openThread':
      return rules.openThread(tx, input.threadUid);
    case 'reply':
      return rules.reply(tx, input.threadUid, input.content);
    case 'visitorArrives':
      return rules.visitorArrives(tx, input);
    case 'visitorSends':
      return rules.visitorSends(tx, input.threadUid, input.content);
    case 'colleagueSends':
      return rules.colleagueSends(tx, input.nickname, input.content);
    case 'groupSends':
      return rules.groupSends(tx, input.nickname, input.content);
    case 'closeThread':
      return rules.closeThread(tx, input.threadUid, input.auto);
    case 'acceptThread':
      return rules.acceptThread(tx, input.threadUid);
    case 'transferThread':
      return rules.transferThread(tx, input.threadUid);
    case 'tick':
      rules.closeIdle(tx);
      return undefined;
    case 'autopilot':
      rules.autopilot(tx);
      return undefined;
    case 'batch': {
      let last: Thread | undefined;
      for (const inner of input.inputs) last = apply(tx, inner) ?? last;
      return last;
    }
  }
}

/**
 * The world's one entry point: `(state, input, now) → (state, events)`. Pure: no DOM, no timers, no clock of
 * its own, no randomness but the state's generator. A refused input returns the old state and an `error`.
 * Unread changes within one step are coalesced into a single `unread_message_count` at its end.
 */
export function step(state: WorldState, input: Input, now: number): StepResult {
  const tx = new Tx(state, now);
  let thread: Thread | undefined;
  try {
    thread = apply(tx, input);
  } catch (error) {
    if (error instanceof rules.Refusal) return { state, events: [], error: error.message };
    throw error;
  }
  // No thread written, nothing forced, and an unread state already announced: it cannot have changed (the
  // commonest step of a command storm, a status update, ends here).
  if (!tx.forceUnread && tx.state.threads === state.threads && tx.state.lastUnread !== null) {
    return { state: tx.finish(), events: tx.events, thread };
  }
  const { summary, signature } = unreadAfter(tx.state.threads, state.threads, tx.touched);
  if (tx.forceUnread || signature !== tx.state.lastUnread) {
    tx.state.lastUnread = signature;
    tx.emit({
      type: 'unread_message_count',
      data: { totalUnreadCount: summary.totalUnreadCount, unreadThreads: [...summary.unreadThreads] },
    });
  }
  return { state: tx.finish(), events: tx.events, thread };
}

/**
 * Helpers for the world's unit tests (and the protocol tests that use world-made data). Not used by the app.
 */

import { createWorld, type WorldOptions } from '../emulator/world/create';
import { step } from '../emulator/world/step';
import type { Input, StepResult, WorldState } from '../emulator/world/types';
import { type ConsoleEvent, EVENT_SOURCE, type OutgoingEvent, type Thread } from '../protocol';

/** 2025-01-15 12:00:00 in Shanghai (04:00 UTC). */
export const NOW = Date.UTC(2025, 0, 15, 4, 0, 0);

/** What the bridge adds before posting: the vendor envelope's `timestamp` and `source`. */
export const stamp = (event: OutgoingEvent, timestamp = NOW): ConsoleEvent =>
  ({ ...event, timestamp, source: EVENT_SOURCE }) as ConsoleEvent;

export const threadsOf = (state: WorldState): Thread[] => Object.values(state.threads);

export const unreadEvents = (events: readonly OutgoingEvent[]) =>
  events.flatMap((e) => (e.type === 'unread_message_count' ? [e.data] : []));

/** A world driven step by step, one second apart, keeping every event it emitted. */
export class Sim {
  state: WorldState;
  now: number;
  readonly events: OutgoingEvent[] = [];

  constructor(options: Partial<WorldOptions> & { sync?: boolean } = {}) {
    this.now = options.now ?? NOW;
    this.state = createWorld({ seed: 1, scenario: 'empty', ...options, now: this.now });
    // The console's first load: what the bridge does once the list is there.
    if (options.sync !== false) this.step({ kind: 'sync' }, 0);
  }

  step(input: Input, advanceMs = 1000): StepResult {
    this.now += advanceMs;
    const result = step(this.state, input, this.now);
    this.state = result.state;
    this.events.push(...result.events);
    return result;
  }

  /** Steps and insists the input was accepted. */
  ok(input: Input, advanceMs = 1000): StepResult & { thread: Thread } {
    const result = this.step(input, advanceMs);
    if (result.error !== undefined) throw new Error(`refused: ${result.error}`);
    if (!result.thread) throw new Error(`no thread from ${input.kind}`);
    return result as StepResult & { thread: Thread };
  }

  thread(uid: string): Thread | undefined {
    return Object.hasOwn(this.state.threads, uid) ? this.state.threads[uid] : undefined;
  }

  threads(): Thread[] {
    return threadsOf(this.state);
  }

  byStatus(status: Thread['status']): Thread[] {
    return this.threads().filter((t) => t.status === status);
  }
}

/** docs/protocol.md §5's invariants, as a list of broken ones (empty when all hold). */
export function invariantProblems(state: WorldState, unread?: { totalUnreadCount: number; unreadThreads: Thread[] }) {
  const problems: string[] = [];
  const threads = threadsOf(state);
  let sum = 0;
  for (const [key, t] of Object.entries(state.threads)) {
    if (t.uid !== key) problems.push(`thread stored under ${key} has uid ${t.uid}`);
    if (!Number.isInteger(t.unreadCount) || t.unreadCount < 0) problems.push(`${t.uid}: unreadCount ${t.unreadCount}`);
    if (t.unread !== t.unreadCount > 0) problems.push(`${t.uid}: unread ${t.unread} with count ${t.unreadCount}`);
    // Queued threads wait in their own queue: their messages are not in the unread total (E3).
    if (t.status !== 'QUEUING') sum += t.unreadCount;
  }
  if (new Set(threads.map((t) => t.uid)).size !== threads.length) problems.push('duplicate thread uids');
  if (unread) {
    const listed = unread.unreadThreads.reduce((n, t) => n + t.unreadCount, 0);
    if (unread.totalUnreadCount !== listed) problems.push(`total ${unread.totalUnreadCount} != Σ listed ${listed}`);
    if (unread.totalUnreadCount !== sum) problems.push(`total ${unread.totalUnreadCount} != Σ unqueued threads ${sum}`);
    if (!Number.isInteger(unread.totalUnreadCount) || unread.totalUnreadCount < 0) problems.push('bad total');
    if (unread.unreadThreads.some((t) => t.unreadCount <= 0)) problems.push('a listed thread has no unread');
  }
  return problems;
}

import type { AgentInfo, Thread } from '../../protocol/schema';
import type { VisitorOptions, WorkbenchStatus } from '../world/types';
import type { Counts, LogEntry } from './protocol-log';

// Types only, with no runtime imports: the published ./testing entry re-exports this interface, and its
// declarations must not drag in the emulator's runtime (signals, the world) for integrators.

/** docs/protocol.md §7: the simulated world, reachable by test tools through the frame. Not part of the wire. */
export interface EmulatorTestApi {
  state(): { agent: AgentInfo; threads: Thread[]; totalUnreadCount: number };
  visitorArrives(opts?: VisitorOptions): Thread;
  visitorSends(threadUid: string, content: string): void;
  colleagueSends(opts?: { nickname?: string; content?: string }): Thread;
  closeThread(threadUid: string, opts?: { auto?: boolean }): void;
  acceptThread(threadUid: string): void;
  log(): LogEntry[];
  /** The latest violations (at least the last 1,000), kept apart from other traffic, oldest first. */
  violations(): LogEntry[];
  /** Totals since the last reset, never capped: messages in by outcome, and `out`, the events posted. */
  counts(): Counts;
  /** The console reloads itself as the agent's F5 would (docs/protocol.md §11); the world is saved first. */
  reload(): void;
  reset(opts?: { seed?: number; scenario?: string }): void;
  // Beyond the minimum surface:
  groupSends(opts?: { nickname?: string; content?: string }): Thread;
  transferThread(threadUid: string): void;
  openThread(threadUid: string | null): void;
  /** As if the agent picked a status in the UI (goes through the simulated server). */
  setStatus(status: WorkbenchStatus): Promise<void>;
  /** `count` visitor messages spread over the CHATTING threads, as one burst (one coalesced unread event). */
  flood(count: number): void;
  /** Virtual clock only (`clock=virtual`): moves time on, firing idle auto-close and autopilot. */
  advance(ms: number): void;
  setAutopilot(on: boolean): void;
  readonly framed: boolean;
}

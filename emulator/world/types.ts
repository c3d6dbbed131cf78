import type { ScenarioName } from '../../common/config';
import type { AgentInfo, Command, OutgoingEvent, Thread } from '../../protocol/schema';

/**
 * What the agent can pick in the workbench's status menu: the vendor's menu offers 休息 (REST, E9) besides the
 * three statuses host commands can set.
 */
export const WORKBENCH_STATUSES = ['AVAILABLE', 'BUSY', 'REST', 'OFFLINE'] as const;
export type WorkbenchStatus = (typeof WORKBENCH_STATUSES)[number];

export { SCENARIOS, type ScenarioName } from '../../common/config';

export type Sender = 'visitor' | 'agent' | 'colleague' | 'system';

export interface Message {
  uid: string;
  from: Sender;
  nickname: string;
  content: string;
  createdAt: string;
}

export interface Party {
  uid: string;
  nickname: string;
}

/** The simulated server's data. Plain JSON: it is what persists across reloads. */
export interface WorldState {
  version: 2;
  seed: number;
  scenario: ScenarioName;
  /** The generator's state after the last step (see rng.ts). */
  rng: number;
  /** Where avatar images live (the emulator's own origin), so thread objects carry absolute URLs. */
  assetBase: string;
  agent: AgentInfo;
  /** The console's list by uid; transferred threads leave it, closed ones stay. */
  threads: Record<string, Thread>;
  messages: Record<string, Message[]>;
  /** Last message time per thread (ms), for the idle auto-close rule. */
  lastActivity: Record<string, number>;
  openThreadUid: string | null;
  workgroups: Party[];
  colleagues: Party[];
  groups: Party[];
  /** Signature of the last `unread_message_count` emitted, so identical values are never sent twice in a row. */
  lastUnread: string | null;
  /**
   * Threads the console knows only from a live message since its last load (docs/protocol.md §9): payload=vendor
   * sends them thin until `refresh_threads` (or a reload) fetches the list again. Console state, like openThreadUid.
   */
  liveBorn: Record<string, true>;
  /** How many closed historical threads the world was created with (`threads=<n>`); absent means none. */
  history?: number;
}

export interface VisitorOptions {
  nickname?: string;
  content?: string;
  type?: 'AGENT' | 'WORKGROUP';
}

export type Input =
  | { kind: 'command'; command: Command }
  /** As the agent picks it in the workbench: REST (休息) too, which host commands cannot set. */
  | { kind: 'setStatus'; status: WorkbenchStatus }
  /** Reload from the server: the initial load, `refresh_threads`, a reload of the frame. */
  | { kind: 'sync' }
  | { kind: 'clearUnread'; threadUid: string }
  | { kind: 'openThread'; threadUid: string | null }
  | { kind: 'reply'; threadUid: string; content: string }
  | ({ kind: 'visitorArrives' } & VisitorOptions)
  | { kind: 'visitorSends'; threadUid: string; content: string }
  | { kind: 'colleagueSends'; nickname?: string; content?: string }
  | { kind: 'groupSends'; nickname?: string; content?: string }
  | { kind: 'closeThread'; threadUid: string; auto?: boolean }
  | { kind: 'acceptThread'; threadUid: string }
  | { kind: 'transferThread'; threadUid: string }
  /** Time passed: idle threads close themselves. */
  | { kind: 'tick' }
  /** One thing a lively world does on its own, chosen by the seeded generator. */
  | { kind: 'autopilot' }
  /** Many inputs as one task: one coalesced unread event at the end. */
  | { kind: 'batch'; inputs: Input[] };

export interface StepResult {
  state: WorldState;
  events: OutgoingEvent[];
  /** The thread an input created or touched, for the test API's return values. */
  thread?: Thread;
  /** Why an input was refused; the state is then unchanged by that input. */
  error?: string;
}

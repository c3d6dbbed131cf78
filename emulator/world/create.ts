import type { AgentInfo } from '../../protocol/schema';
import { COLLEAGUE_NAMES, GROUP_NAMES, VISITOR_LINES, WORKGROUP_NAMES } from './content';
import { vendorDate } from './dates';
import { addHistory } from './history';
import { avatar, LEVEL, ORG_UID, PLATFORM, UID_DIGITS } from './make';
import { createRng, seedState } from './rng';
import { step } from './step';
import type { Input, ScenarioName, WorldState } from './types';

export interface WorldOptions {
  seed: number;
  scenario: ScenarioName;
  now: number;
  assetBase?: string;
  /** Who is logged in; defaults to the vendor's demo admin. */
  login?: { email: string; nickname?: string };
  /** Closed historical threads to add, for a big list (`threads=<n>`); see history.ts. */
  history?: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A scenario is its history: inputs replayed at times before `now`, through the same rules as live traffic. */
type Script = Array<[msAgo: number, input: Input | ((s: WorldState) => Input | undefined)]>;

const lastThreadUid = (s: WorldState) => Object.keys(s.threads).at(-1) ?? '';

const demo: Script = [
  [2 * DAY, { kind: 'visitorArrives', type: 'WORKGROUP' }],
  [2 * DAY - 5 * MINUTE, (s) => ({ kind: 'closeThread', threadUid: lastThreadUid(s), auto: true })],
  [DAY + 3 * HOUR, { kind: 'visitorArrives', type: 'AGENT' }],
  [DAY + 2 * HOUR, (s) => ({ kind: 'closeThread', threadUid: lastThreadUid(s) })],
  [5 * HOUR, { kind: 'colleagueSends' }],
  [3 * HOUR, { kind: 'groupSends' }],
  [25 * MINUTE, { kind: 'visitorArrives', type: 'WORKGROUP' }],
  [18 * MINUTE, { kind: 'visitorArrives', type: 'AGENT' }],
  [8 * MINUTE, { kind: 'visitorArrives', type: 'WORKGROUP' }],
  [3 * MINUTE, (s) => ({ kind: 'visitorSends', threadUid: lastThreadUid(s), content: VISITOR_LINES[1] ?? '' })],
];

const busyQueue: Script = [
  ...Array.from({ length: 8 }, (_, i): Script[number] => [
    (20 - i) * MINUTE,
    { kind: 'visitorArrives', type: i % 2 ? 'AGENT' : 'WORKGROUP' },
  ]),
];

/**
 * The vendor's default is 10 (A4). busy-queue is an agent configured for 5, so that five chats fill it and the
 * queue shows with a short script.
 */
const MAX_THREAD_COUNT: Record<ScenarioName, number> = { demo: 10, empty: 10, 'busy-queue': 5, flood: 10 };

const SCRIPTS: Record<ScenarioName, Script> = { demo, empty: [], 'busy-queue': busyQueue, flood: demo };

export function createWorld(options: WorldOptions): WorldState {
  const { seed, scenario, now } = options;
  const assetBase = options.assetBase ?? '/avatars/';
  const rng = createRng(seedState(seed));
  const agentUid = rng.digits(UID_DIGITS);
  const memberUid = rng.digits(UID_DIGITS);
  const userUid = rng.digits(UID_DIGITS);
  const start = now - 30 * DAY;
  const nickname = options.login?.nickname ?? 'SuperAdmin';
  const agentAvatar = avatar(assetBase, 'agent');
  const agent: AgentInfo = {
    uid: agentUid,
    orgUid: ORG_UID,
    level: LEVEL,
    platform: PLATFORM,
    nickname,
    avatar: agentAvatar,
    mobile: null,
    email: options.login?.email ?? 'admin@email.com',
    description: null,
    status: 'AVAILABLE',
    connected: true,
    enabled: true,
    maxThreadCount: MAX_THREAD_COUNT[scenario],
    member: { uid: memberUid, nickname, avatar: agentAvatar, type: 'MEMBER' },
    userUid,
    createdAt: vendorDate(start),
    updatedAt: vendorDate(start),
  };
  const party = (nickname: string) => ({ uid: rng.digits(UID_DIGITS), nickname });
  let state: WorldState = {
    version: 2,
    seed,
    scenario,
    rng: 0,
    assetBase,
    agent,
    threads: {},
    messages: {},
    lastActivity: {},
    openThreadUid: null,
    workgroups: WORKGROUP_NAMES.map(party),
    colleagues: COLLEAGUE_NAMES.map(party),
    groups: GROUP_NAMES.map(party),
    lastUnread: null,
    liveBorn: {},
  };
  state.rng = rng.state;
  for (const [ago, entry] of SCRIPTS[scenario]) {
    const input = typeof entry === 'function' ? entry(state) : entry;
    if (input) state = step(state, input, now - ago).state;
  }
  // After the script, so a scenario's own threads are the same with or without history.
  if (options.history) state = addHistory(state, options.history, now);
  // History is not news: the console's first load announces the unread state afresh.
  return { ...state, lastUnread: null, liveBorn: {} };
}

import type { Thread, ThreadStatus, ThreadType, User, UserType } from '../../protocol/schema';
import { PROVINCES } from './content';
import type { Tx } from './tx';
import type { Party, WorldState } from './types';

export const UID_DIGITS = 16;
export const ORG_UID = 'df_org_uid';

type AvatarKind = 'visitor' | 'agent' | 'member' | 'group' | 'workgroup';
// One string per asset base and kind, shared by every user that shows it (ten thousand visitors, one URL).
const avatars = new Map<string, Partial<Record<AvatarKind, string>>>();
export function avatar(base: string, kind: AvatarKind): string {
  let urls = avatars.get(base);
  if (!urls) {
    if (avatars.size > 100) avatars.clear();
    urls = {};
    avatars.set(base, urls);
  }
  urls[kind] ??= `${base}${kind}.svg`;
  return urls[kind];
}

export function makeUser(state: WorldState, uid: string, nickname: string, type: UserType): User {
  const kind = type === 'VISITOR' ? 'visitor' : type === 'GROUP' ? 'group' : type === 'AGENT' ? 'agent' : 'member';
  return { uid, nickname, avatar: avatar(state.assetBase, kind), type, extra: '{}' };
}

export function visitorNickname(tx: Tx, visitorUid: string): string {
  const prefix = tx.rng.chance(0.5) ? 'Local' : tx.rng.pick(PROVINCES);
  return `${prefix}${visitorUid.slice(-6)}`;
}

/**
 * The vendor keeps `agent` and `workgroup` as JSON strings inside the thread. The same few strings go into every
 * thread, so each is made once per agent (a new object on every change) and per workgroup and asset base.
 */
const agentJsons = new WeakMap<WorldState['agent'], string>();
function agentJson(state: WorldState): string {
  let json = agentJsons.get(state.agent);
  if (json === undefined) {
    const { uid, nickname, avatar } = state.agent;
    json = JSON.stringify({ uid, nickname, avatar, type: 'AGENT' });
    agentJsons.set(state.agent, json);
  }
  return json;
}

const workgroupJsons = new WeakMap<Party, { base: string; json: string }>();
function workgroupJson(state: WorldState, wg: Party): string {
  const known = workgroupJsons.get(wg);
  if (known?.base === state.assetBase) return known.json;
  const json = JSON.stringify({
    uid: wg.uid,
    nickname: wg.nickname,
    avatar: avatar(state.assetBase, 'workgroup'),
    type: 'WORKGROUP',
  });
  workgroupJsons.set(wg, { base: state.assetBase, json });
  return json;
}

export function topicFor(state: WorldState, type: ThreadType, peer: string, workgroup?: Party): string {
  switch (type) {
    case 'WORKGROUP':
      return `org/workgroup/${workgroup?.uid ?? ''}/${peer}`;
    case 'AGENT':
      return `org/agent/${state.agent.uid}/${peer}`;
    case 'ROBOT':
      return `org/robot/${state.agent.uid}/${peer}`;
    case 'MEMBER':
      return `org/member/${peer}/${state.agent.uid}`;
    case 'GROUP':
      return `org/group/${peer}`;
  }
}

export interface NewThread {
  /** Default: a fresh one from the world's generator. */
  uid?: string;
  type: ThreadType;
  status: ThreadStatus;
  user: User;
  workgroup?: Party;
  content: string;
  createdAt: string;
}

export function makeThread(tx: Tx, spec: NewThread): Thread {
  const { state } = tx;
  return {
    uid: spec.uid ?? tx.rng.digits(UID_DIGITS),
    orgUid: ORG_UID,
    topic: topicFor(state, spec.type, spec.user.uid, spec.workgroup),
    type: spec.type,
    status: spec.status,
    content: spec.content,
    unreadCount: 0,
    unread: false,
    top: false,
    star: 0,
    mute: false,
    note: '',
    tagList: [],
    channel: 'WEB',
    extra: '{}',
    user: spec.user,
    agent: spec.type === 'MEMBER' || spec.type === 'GROUP' ? '{}' : agentJson(state),
    workgroup: spec.workgroup ? workgroupJson(state, spec.workgroup) : '{}',
    createdAt: spec.createdAt,
    updatedAt: spec.createdAt,
  };
}

/** The workgroup a thread belongs to, read back from its JSON string; undefined for other types. */
export function workgroupName(thread: Thread): string | undefined {
  if (thread.type !== 'WORKGROUP') return undefined;
  try {
    const parsed: unknown = JSON.parse(thread.workgroup);
    return typeof parsed === 'object' && parsed && 'nickname' in parsed ? String(parsed.nickname) : undefined;
  } catch {
    return undefined;
  }
}

import type { Thread, ThreadStatus, ThreadType, User, UserProtobuf, UserType } from '../../protocol/schema';
import { PROVINCES } from './content';
import type { Tx } from './tx';
import type { Party, WorldState } from './types';

export const UID_DIGITS = 16;
export const ORG_UID = 'df_org_uid';
/** BaseResponse's level and platform (S3): the defaults of the vendor's BaseRequestNoOrg. */
export const LEVEL = 'ORGANIZATION';
export const PLATFORM = 'BYTEDESK';

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

export function makeUser(state: WorldState, uid: string, nickname: string, type: UserType, kind?: AvatarKind): User {
  const picture = kind ?? (type === 'VISITOR' ? 'visitor' : type === 'AGENT' ? 'agent' : 'member');
  // extra: null, as the vendor's toUserProtobuf() leaves it (U3).
  return { uid, nickname, avatar: avatar(state.assetBase, picture), type, extra: null };
}

export function visitorNickname(tx: Tx, visitorUid: string): string {
  const prefix = tx.rng.chance(0.5) ? 'Local' : tx.rng.pick(PROVINCES);
  return `${prefix}${visitorUid.slice(-6)}`;
}

/**
 * A UserProtobuf as the vendor's fastjson2 writes it into a thread's `agent`/`workgroup` string: keys in
 * alphabetical order, null `extra` left out (S25).
 */
const protobufJson = (p: { uid: string; nickname: string; avatar: string; type: UserType }) =>
  JSON.stringify({ avatar: p.avatar, nickname: p.nickname, type: p.type, uid: p.uid });

/** What "{}" reads back as: every field null but the builder's default type (S28). Shared: never written. */
export const EMPTY_PROTOBUF: UserProtobuf = Object.freeze({
  uid: null,
  nickname: null,
  avatar: null,
  type: 'USER',
  extra: null,
}) as UserProtobuf;
const NONE: never[] = Object.freeze([]) as unknown as never[];

interface Side {
  json: string;
  protobuf: UserProtobuf;
}

/**
 * The vendor keeps `agent` and `workgroup` as JSON strings inside the thread, plus their objects. The same few go
 * into every thread, so each is made once per agent (a new object on every change) and per workgroup and base.
 */
const agentSides = new WeakMap<WorldState['agent'], Side>();
function agentSide(state: WorldState): Side {
  let side = agentSides.get(state.agent);
  if (side === undefined) {
    const { uid, nickname, avatar } = state.agent;
    const protobuf: UserProtobuf = { uid, nickname, avatar, type: 'AGENT', extra: null };
    side = { json: protobufJson({ uid, nickname, avatar, type: 'AGENT' }), protobuf };
    agentSides.set(state.agent, side);
  }
  return side;
}

const workgroupSides = new WeakMap<Party, { base: string; side: Side }>();
function workgroupSide(state: WorldState, wg: Party): Side {
  const known = workgroupSides.get(wg);
  if (known?.base === state.assetBase) return known.side;
  const fields = { uid: wg.uid, nickname: wg.nickname, avatar: avatar(state.assetBase, 'workgroup') };
  const side: Side = {
    json: protobufJson({ ...fields, type: 'WORKGROUP' }),
    protobuf: { ...fields, type: 'WORKGROUP', extra: null },
  };
  workgroupSides.set(wg, { base: state.assetBase, side });
  return side;
}

/** docs/protocol.md §9's topics; the member topic puts the agent's own member uid first (S6). */
function topicFor(state: WorldState, type: ThreadType, peer: string, workgroup?: Party): string {
  switch (type) {
    case 'WORKGROUP':
      return `org/workgroup/${workgroup?.uid ?? ''}/${peer}`;
    case 'MEMBER':
      return `org/member/${state.agent.member.uid}/${peer}`;
    case 'GROUP':
      return `org/group/${peer}`;
    case 'ROBOT':
      return `org/robot/${state.agent.uid}/${peer}`;
    default:
      return `org/agent/${state.agent.uid}/${peer}`;
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

/** A vendor ThreadResponse with the entity's defaults and nulls (evidence §1d, §3.3). */
export function makeThread(tx: Tx, spec: NewThread): Thread {
  const { state } = tx;
  const served = spec.type !== 'MEMBER' && spec.type !== 'GROUP';
  const agent = served ? agentSide(state) : undefined;
  const workgroup = spec.workgroup ? workgroupSide(state, spec.workgroup) : undefined;
  return {
    uid: spec.uid ?? tx.rng.digits(UID_DIGITS),
    orgUid: ORG_UID,
    level: LEVEL,
    platform: PLATFORM,
    createdAt: spec.createdAt,
    updatedAt: spec.createdAt,
    topic: topicFor(state, spec.type, spec.user.uid, spec.workgroup),
    content: spec.content,
    type: spec.type,
    status: spec.status,
    transferStatus: 'NONE',
    inviteStatus: 'NONE',
    resolvedStatus: 'PENDING',
    top: false,
    unread: false,
    unreadCount: 0,
    visitorUnreadCount: 0,
    mute: false,
    hide: false,
    star: 0,
    fold: false,
    autoClose: false,
    note: null,
    offline: null,
    tagList: NONE,
    channel: spec.type === 'GROUP' ? 'SYSTEM' : 'WEB',
    extra: '{}',
    invites: NONE,
    monitors: NONE,
    assistants: NONE,
    ticketors: NONE,
    user: spec.user,
    // A left message has no owner (R4); otherwise the logged-in agent owns the thread (mock choice).
    owner: spec.status === 'OFFLINE' ? null : agentSide(state).protobuf,
    agent: agent?.json ?? '{}',
    robot: '{}',
    workgroup: workgroup?.json ?? '{}',
    agentProtobuf: agent?.protobuf ?? EMPTY_PROTOBUF,
    robotProtobuf: EMPTY_PROTOBUF,
    workgroupProtobuf: workgroup?.protobuf ?? EMPTY_PROTOBUF,
    processInstanceId: null,
    processEntityUid: null,
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

/**
 * Test support: the vendor's real and derived JSON from ../shared/reference/vendor-evidence.md §3, as a host
 * would receive it inside the four events. Values the evidence marks "…" (cannot be derived) are filled with
 * plausible ones and say so. Not used by the app.
 */
import { EVENT_SOURCE } from '../protocol/names';

const AVATAR = 'https://cdn.weiyuai.cn/avatars/admin_default_avatar.png';

/**
 * §3.3: a REST ThreadResponse for a WORKGROUP visitor, derived from the mid-2025 Java classes and entity
 * defaults (not observed). "…" values: level/platform from BaseRequestNoOrg's defaults, owner and avatars made up.
 */
export const DERIVED_THREAD_RESPONSE = {
  uid: '1490786847869184',
  orgUid: 'df_org_uid',
  level: 'ORGANIZATION',
  platform: 'BYTEDESK',
  createdAt: '2025-07-17 12:00:32',
  updatedAt: '2025-07-17 12:01:05',
  topic: 'org/workgroup/df_wg_presales/1490702810794244',
  content: '您好，有什么可以帮您？',
  type: 'WORKGROUP',
  status: 'CHATTING',
  transferStatus: 'NONE',
  inviteStatus: 'NONE',
  resolvedStatus: 'PENDING',
  top: false,
  unread: false,
  unreadCount: 1,
  // Not in §3.3's example; the 2025-08 class has it (S15) and docs/protocol.md §9 lists it.
  visitorUnreadCount: 0,
  mute: false,
  hide: false,
  star: 0,
  fold: false,
  autoClose: false,
  note: null,
  offline: null,
  tagList: [],
  channel: 'WEB',
  extra: '{}',
  invites: [],
  monitors: [],
  assistants: [],
  ticketors: [],
  user: { uid: '1490702810794244', nickname: 'Local1490702810794244', avatar: AVATAR, type: 'VISITOR', extra: null },
  owner: { uid: 'df_ag_uid', nickname: 'SuperAdmin', avatar: AVATAR, type: 'AGENT', extra: null },
  agent: `{"avatar":"${AVATAR}","nickname":"SuperAdmin","type":"AGENT","uid":"df_ag_uid"}`,
  robot: '{}',
  workgroup: `{"avatar":"${AVATAR}","nickname":"售前","type":"WORKGROUP","uid":"df_wg_presales"}`,
  agentProtobuf: { uid: 'df_ag_uid', nickname: 'SuperAdmin', avatar: AVATAR, type: 'AGENT', extra: null },
  robotProtobuf: { uid: null, nickname: null, avatar: null, type: 'USER', extra: null },
  workgroupProtobuf: { uid: 'df_wg_presales', nickname: '售前', avatar: AVATAR, type: 'WORKGROUP', extra: null },
  processInstanceId: null,
  processEntityUid: null,
} as const;

/** §3.2: the `thread` of a real live message over STOMP (keys alphabetical, a ThreadProtobuf-like subset). */
export const STOMP_MESSAGE_THREAD = {
  topic: 'org/workgroup/df_wg_uid/1490702810794244',
  type: 'WORKGROUP',
  uid: '1490786847869184',
  user: {
    avatar: 'https://cdn.weiyuai.cn/avatars/apple_default_avatar.png',
    nickname: 'Local[192.168.0.104]',
    type: 'VISITOR',
    uid: '1490702810794244',
  },
} as const;

/** §1b E6: what the pre-iframe console built from that message (`addThreadWithMessage`), dates with ms. */
export const THIN_THREAD_FROM_MESSAGE = {
  uid: STOMP_MESSAGE_THREAD.uid,
  type: STOMP_MESSAGE_THREAD.type,
  topic: STOMP_MESSAGE_THREAD.topic,
  content: '20241008130653a430395dffed44ff85878a38628abe3b',
  updatedAt: '2024-10-08 13:06:53.536',
  unreadCount: 1,
  user: {
    uid: STOMP_MESSAGE_THREAD.user.uid,
    nickname: STOMP_MESSAGE_THREAD.user.nickname,
    avatar: STOMP_MESSAGE_THREAD.user.avatar,
  },
} as const;

/** §1b E5: exactly what the doc promises new_visitor_message's thread carries. */
export const DOC_THREAD = {
  uid: STOMP_MESSAGE_THREAD.uid,
  topic: STOMP_MESSAGE_THREAD.topic,
  type: 'WORKGROUP',
  user: { uid: STOMP_MESSAGE_THREAD.user.uid, nickname: 'Local[192.168.0.104]', avatar: AVATAR },
  content: '你好',
  createdAt: '2025-07-17 12:00:32',
} as const;

/** §1f A2: an AgentResponse (2025-04-29 field set), defaults from A4/A6; "…" values made up. */
export const DERIVED_AGENT_RESPONSE = {
  uid: 'df_ag_uid',
  orgUid: 'df_org_uid',
  level: 'ORGANIZATION',
  platform: 'BYTEDESK',
  nickname: 'SuperAdmin',
  avatar: AVATAR,
  mobile: null,
  email: 'admin@email.com',
  description: null,
  status: 'AVAILABLE',
  connected: true,
  enabled: true,
  messageLeaveSettings: null,
  serviceSettings: null,
  autoReplySettings: null,
  queueSettings: null,
  maxThreadCount: 10,
  timeoutRemindTime: 5,
  timeoutRemindTip: '',
  member: { uid: 'df_member_uid', nickname: 'SuperAdmin', avatar: AVATAR, type: 'MEMBER' },
  userUid: 'df_user_uid',
  createdAt: '2025-04-29 09:00:00',
  updatedAt: '2025-07-17 12:00:32',
} as const;

/** §1f A3: a newer AgentResponse: maxThreadCount moved under `settings`, plus queueStats. */
const NEWER_AGENT_RESPONSE = (() => {
  const { maxThreadCount: _moved, ...rest } = DERIVED_AGENT_RESPONSE;
  return { ...rest, settings: { maxThreadCount: 10, timeoutRemindTime: 5 }, queueStats: { queuingCount: 0 } };
})();

const envelope = <T extends string, D>(type: T, data: D) =>
  ({ type, data, timestamp: 1752724832000, source: EVENT_SOURCE }) as const;

/** The four events as the real console most likely sends them, each with a real or derived thread. */
export const VENDOR_EVENTS = [
  envelope('unread_message_count', {
    totalUnreadCount: 2,
    unreadThreads: [DERIVED_THREAD_RESPONSE, THIN_THREAD_FROM_MESSAGE],
  }),
  envelope('new_visitor_message', { thread: DOC_THREAD }),
  envelope('new_visitor_message', { thread: THIN_THREAD_FROM_MESSAGE }),
  envelope('new_visitor_message', { thread: DERIVED_THREAD_RESPONSE }),
  envelope('agent_status_changed', { status: 'AVAILABLE', agentInfo: DERIVED_AGENT_RESPONSE }),
  envelope('agent_status_changed', { status: 'REST', agentInfo: { ...NEWER_AGENT_RESPONSE, status: 'REST' } }),
  envelope('thread_status_changed', { thread: DERIVED_THREAD_RESPONSE, action: 'close' }),
  envelope('thread_status_changed', { thread: { ...STOMP_MESSAGE_THREAD, content: '' }, action: 'queue' }),
] as const;

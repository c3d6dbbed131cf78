import * as z from 'zod/mini';
import { doc } from './doc';

/**
 * The vendor's server model (ThreadResponse, AgentResponse, UserProtobuf) as the EMULATOR emits it. Objects are
 * strict: every field the vendor's classes declare, with their defaults and nulls (docs/protocol.md §9), nothing else.
 * These are the emulator's emission contract, not what a host should demand: hosts read with `received.ts`.
 *
 * Every description starts with its provenance, which protocol/REFERENCE.md shows in a column of its own:
 * `[doc]` the vendor's developer page says so; `[source: …]` the vendor's code shows it; `[inferred: …]` the
 * vendor's nearby code points to it; `[mock choice]` the emulator's own decision. References point into
 * ../shared/reference/vendor-evidence.md (rows S1…, U1…, A1…, R1…, E1…).
 */

/** The statuses the iframe API's commands accept (doc); events may carry more, see ConsoleAgentStatusSchema. */
export const AgentStatusSchema = z
  .enum(['AVAILABLE', 'BUSY', 'OFFLINE'])
  .apply(
    doc,
    "[doc] The agent's status as the iframe API's commands accept it. The vendor enum also has AWAY, REST and DISABLED, which the commands do not accept.",
  );
export type AgentStatus = z.infer<typeof AgentStatusSchema>;

export const ConsoleAgentStatusSchema = z
  .enum(['AVAILABLE', 'AWAY', 'REST', 'BUSY', 'OFFLINE', 'DISABLED'])
  .apply(
    doc,
    "[source: AgentStatusEnum @09216a1d, console menu BottomLeftMenu.tsx (E9, A5)] The agent's status as the console reports it: the vendor's whole enum. The workbench's own menu offers REST (休息), so agent_status_changed may carry it; the emulator emits AVAILABLE, BUSY, OFFLINE and REST.",
  );
export type ConsoleAgentStatus = z.infer<typeof ConsoleAgentStatusSchema>;

export const ThreadTypeSchema = z
  .enum([
    'AGENT',
    'WORKGROUP',
    'ROBOT',
    'MEMBER',
    'GROUP',
    'FEEDBACK',
    'ASSISTANT',
    'CHANNEL',
    'LOCAL',
    'FRIEND',
    'TICKET',
    'KBASE',
    'KBDOC',
    'LLM',
    'UNIFIED',
    'HISTORY',
    'WORKFLOW',
  ])
  .apply(
    doc,
    '[source: ThreadTypeEnum @01a9458d (S9)] Who the thread is with. The doc lists AGENT (a visitor routed to this agent), WORKGROUP (a visitor routed through a workgroup), ROBOT, MEMBER (a colleague) and GROUP (a group chat); the vendor enum has the other twelve too. The emulator emits AGENT, WORKGROUP, MEMBER and GROUP.',
  );
export type ThreadType = z.infer<typeof ThreadTypeSchema>;

export const ThreadStatusSchema = z
  .enum(['NEW', 'ROBOTING', 'OFFLINE', 'QUEUING', 'CHATTING', 'TIMEOUT', 'CLOSED'])
  .apply(
    doc,
    '[source: ThreadProcessStatusEnum @0990c90d (S11)] Where a thread is in its life; QUEUING waits for the agent to accept it, CHATTING is being served, OFFLINE is a left message.',
  );
export type ThreadStatus = z.infer<typeof ThreadStatusSchema>;

/** Mock choice: the vendor names no actions; see docs/protocol.md §3. */
export const ThreadActionSchema = z
  .enum(['accept', 'close', 'auto_close', 'transfer', 'queue'])
  .apply(
    doc,
    '[mock choice] What changed the thread (the vendor names no actions). accept: QUEUING → CHATTING; close: the agent ended it → CLOSED; auto_close: idle timeout → CLOSED; transfer: handed to a colleague, it leaves the list; queue: a new visitor enters the queue, NEW → QUEUING.',
  );
export type ThreadAction = z.infer<typeof ThreadActionSchema>;

export const UserTypeSchema = z
  .enum([
    'AGENT',
    'SYSTEM',
    'VISITOR',
    'ROBOT',
    'MEMBER',
    'ASSISTANT',
    'CHANNEL',
    'USER',
    'MONITOR',
    'WORKGROUP',
    'WORKFLOW',
  ])
  .apply(
    doc,
    '[source: UserTypeEnum @3da9c0e9 (U2)] What kind of party a user is. There is no GROUP: the emulator gives a group chat the type USER (mock choice).',
  );
export type UserType = z.infer<typeof UserTypeSchema>;

/** `yyyy-MM-dd HH:mm:ss`, the vendor's date format (Asia/Shanghai wall time); live messages add `.SSS`. */
export const VendorDateSchema = z
  .string()
  .check(z.regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{3})?$/, { error: 'a date "yyyy-MM-dd HH:mm:ss"' }))
  .apply(
    doc,
    '[source: BdDateUtils @04c4b644 (S31)] A date as the vendor writes it: "yyyy-MM-dd HH:mm:ss", Asia/Shanghai wall time; dates taken from a live message may add milliseconds (".536").',
  );

const count = z.int().check(z.minimum(0));
const text = z.string();
const uid = z
  .string()
  .check(z.minLength(1))
  .apply(doc, '[source: BaseResponse (S1)] A uid: a numeric string of about 16 digits.');
/** `tag` is the provenance, `[source: …]`; REFERENCE.md reads it from the start of the description. */
const jsonString = (tag: string, what: string) =>
  z.string().apply(doc, `${tag} A JSON string (not an object): ${what}.`);

export const UserSchema = z
  .strictObject({
    uid: uid.apply(doc, "[source: UserProtobuf @1db02777 (U1)] The user's uid."),
    nickname: text.apply(doc, '[source: UserProtobuf (U1)] The name the console shows.'),
    avatar: text.apply(doc, '[source: UserProtobuf (U1)] URL of the avatar image.'),
    type: UserTypeSchema,
    extra: z
      .nullable(text)
      .apply(
        doc,
        '[source: UserProtobuf (U3)] Vendor extension data as a JSON string; usually null (toUserProtobuf() does not set it).',
      ),
  })
  .apply(doc, "[source: UserProtobuf @1db02777 (U1)] The other party of a thread (the vendor's UserProtobuf).");
export type User = z.infer<typeof UserSchema>;

/** A UserProtobuf read back from one of the thread's JSON strings: `"{}"` gives nulls (S28). */
export const UserProtobufSchema = z
  .strictObject({
    uid: z
      .nullable(text)
      .apply(doc, '[source: UserProtobuf (U1)] The user\'s uid; null when the JSON string was "{}".'),
    nickname: z.nullable(text).apply(doc, '[source: UserProtobuf (U1)] The name; null when the JSON string was "{}".'),
    avatar: z.nullable(text).apply(doc, '[source: UserProtobuf (U1)] Avatar URL; null when the JSON string was "{}".'),
    type: UserTypeSchema,
    extra: z.nullable(text).apply(doc, '[source: UserProtobuf (U3)] Usually null.'),
  })
  .apply(
    doc,
    '[inferred: public getters without @JsonIgnore (S28)] A UserProtobuf object the vendor derives from a JSON-string field (agentProtobuf from agent, …). From "{}" every field is null but type, which the emulator sets to USER, the builder default (mock choice).',
  );
export type UserProtobuf = z.infer<typeof UserProtobufSchema>;

/** The user of a thread the console built from a live message (E6): no type, no extra. */
export const ThinUserSchema = z
  .strictObject({
    uid: uid.apply(doc, "[source: bytedesk-desktop mqtt/index.ts (E6)] The user's uid."),
    nickname: text.apply(doc, '[source: bytedesk-desktop mqtt/index.ts (E6)] The name the console shows.'),
    avatar: text.apply(doc, '[source: bytedesk-desktop mqtt/index.ts (E6)] URL of the avatar image.'),
  })
  .apply(doc, '[source: bytedesk-desktop mqtt/index.ts @026e1d9 (E6)] The user of a thread built from a live message.');
export type ThinUser = z.infer<typeof ThinUserSchema>;

const topic = z
  .string()
  .check(z.minLength(1))
  .apply(
    doc,
    '[source: TopicUtils (S4–S8)] Where messages are routed: org/workgroup/{workgroupUid}/{visitorUid}, org/agent/{agentUid}/{visitorUid}, org/member/{selfMemberUid}/{otherMemberUid}, org/group/{groupUid}, org/robot/{robotUid}/{visitorUid}.',
  );
const threadUid = uid.apply(doc, "[source: BaseResponse (S1)] The thread's uid, unique in the agent's list.");
const content = text.apply(
  doc,
  '[source: routing service setContent (S13)] Preview. When the server routes a new thread it is the welcome, queue or offline text; afterwards the text of the latest message.',
);
const unreadCount = count.apply(
  doc,
  '[source: ThreadResponse (S14)] Messages the agent has not read; 0 for the thread the agent has open. Inferred (R7): a closed thread keeps it.',
);
const userList = (what: string) =>
  z.array(UserProtobufSchema).apply(doc, `[source: ThreadResponse (S29)] ${what}; default [].`);

export const ThreadSchema = z
  .strictObject({
    uid: threadUid,
    orgUid: text.apply(doc, "[source: BaseResponse (S2)] The organisation's uid (default df_org_uid)."),
    level: text.apply(
      doc,
      '[source: BaseResponse @d6303d0f (S3)] ORGANIZATION (the request default in BaseRequestNoOrg).',
    ),
    platform: text.apply(
      doc,
      '[source: BaseResponse @d6303d0f (S3)] BYTEDESK (the request default in BaseRequestNoOrg).',
    ),
    createdAt: VendorDateSchema.apply(doc, '[source: BaseResponse (S31)] When the thread started.'),
    updatedAt: VendorDateSchema.apply(doc, '[source: BaseResponse (S31)] When the thread last changed.'),
    topic,
    content,
    type: ThreadTypeSchema,
    status: ThreadStatusSchema,
    transferStatus: text.apply(doc, '[source: ThreadTransferStatusEnum (S12)] NONE unless a transfer is pending.'),
    inviteStatus: text.apply(doc, '[source: ThreadResponse (S12)] NONE by default.'),
    resolvedStatus: text.apply(doc, '[source: ThreadResponse (S12)] PENDING by default.'),
    top: z.boolean().apply(doc, '[source: ThreadResponse (S16)] Pinned to the top of the list.'),
    unread: z.boolean().apply(doc, '[source: ThreadResponse (S16)] Whether unreadCount > 0.'),
    unreadCount,
    visitorUnreadCount: count.apply(doc, '[source: ThreadResponse 2025-08 (S15)] Messages the visitor has not read.'),
    mute: z.boolean().apply(doc, '[source: ThreadResponse (S16)] Notifications muted.'),
    hide: z.boolean().apply(doc, '[source: ThreadResponse (S18)] Hidden from the list.'),
    star: count.apply(doc, '[source: ThreadResponse (S17)] Star level; 0 when not starred.'),
    fold: z.boolean().apply(doc, '[source: ThreadResponse (S18)] Folded in the list.'),
    autoClose: z.boolean().apply(doc, '[source: ThreadResponse (S18)] Closed by the idle timeout.'),
    note: z
      .nullable(text)
      .apply(
        doc,
        "[source: AbstractThreadEntity @01a9458d (S19)] The agent's note; null by default (no default in the entity).",
      ),
    offline: z
      .nullable(z.boolean())
      .apply(doc, "[source: ThreadResponse (S18)] Null unless set (the evidence's derived example)."),
    tagList: z.array(text).apply(doc, '[source: ThreadResponse (S20)] Tags the agent gave the thread; default [].'),
    channel: text.apply(
      doc,
      '[source: ChannelEnum (S21)] Where the thread comes from: WEB by default, SYSTEM for group chats.',
    ),
    extra: jsonString('[source: BytedeskConsts.EMPTY_JSON_STRING (S22)]', 'vendor extension data, "{}" by default'),
    invites: userList('Colleagues invited into the thread'),
    monitors: userList('Who monitors the thread'),
    assistants: userList('Assistants on the thread'),
    ticketors: userList('Ticket handlers'),
    user: UserSchema,
    owner: z
      .nullable(UserProtobufSchema)
      .apply(
        doc,
        '[source: ThreadResponse (S24)] The agent who owns the thread (mock choice: the logged-in agent as type AGENT); null for a left message (R4).',
      ),
    // The vendor nests `user` as an object but `agent`, `robot` and `workgroup` as strings; integrators parse them.
    agent: jsonString(
      '[source: ThreadResponse (S25)]',
      'the serving agent {avatar, nickname, type, uid} with alphabetical keys (fastjson2); "{}" for MEMBER and GROUP threads',
    ),
    robot: jsonString('[source: ThreadResponse (S26)]', 'the serving robot; "{}" by default'),
    workgroup: jsonString(
      '[source: ThreadResponse (S27)]',
      'the workgroup {avatar, nickname, type, uid} with alphabetical keys; "{}" unless the type is WORKGROUP',
    ),
    agentProtobuf: UserProtobufSchema.apply(doc, '[inferred (S28)] The agent JSON string as an object.'),
    robotProtobuf: UserProtobufSchema.apply(doc, '[inferred (S28)] The robot JSON string as an object.'),
    workgroupProtobuf: UserProtobufSchema.apply(doc, '[inferred (S28)] The workgroup JSON string as an object.'),
    processInstanceId: z.nullable(text).apply(doc, '[source: ThreadResponse (S30)] Workflow instance; null.'),
    processEntityUid: z.nullable(text).apply(doc, '[source: ThreadResponse (S30)] Workflow entity; null.'),
  })
  .apply(
    doc,
    "[source: ThreadResponse.java @48937e59 (S1–S32)] A conversation as the server's thread list sends it: the vendor's ThreadResponse, every field, nulls included.",
  );
export type Thread = z.infer<typeof ThreadSchema>;

export const ThinThreadSchema = z
  .strictObject({
    uid: threadUid,
    type: ThreadTypeSchema,
    topic,
    content: text.apply(doc, "[source: bytedesk-desktop mqtt/index.ts (E6)] The live message's text."),
    updatedAt: VendorDateSchema.apply(
      doc,
      "[source: bytedesk-desktop mqtt/index.ts (E6)] The live message's createdAt.",
    ),
    unreadCount,
    user: ThinUserSchema,
  })
  .apply(
    doc,
    '[inferred: bytedesk-desktop mqtt/index.ts @026e1d9 (E4, E6)] A thread the console built from a live message: seven fields. payload=vendor sends it for threads born from a live message until refresh_threads.',
  );
export type ThinThread = z.infer<typeof ThinThreadSchema>;

export const MinimalThreadSchema = z
  .strictObject({
    uid: threadUid,
    topic,
    type: ThreadTypeSchema,
    user: ThinUserSchema,
    content: text.apply(doc, "[doc] The thread's text."),
    createdAt: VendorDateSchema.apply(doc, '[doc] When the thread started.'),
  })
  .apply(
    doc,
    '[doc: "thread包含: uid, topic, type, user, content, createdAt" (E5)] Exactly what the doc promises a thread carries; payload=minimal sends only this (user as {uid, nickname, avatar}: mock choice).',
  );
export type MinimalThread = z.infer<typeof MinimalThreadSchema>;

export const MemberSchema = z
  .strictObject({
    uid: uid.apply(doc, "[source: MemberProtobuf] The agent's member uid (the self side of member topics)."),
    nickname: text.apply(doc, '[source: MemberProtobuf] The name.'),
    avatar: text.apply(doc, '[source: MemberProtobuf] Avatar URL.'),
    type: z.literal('MEMBER').apply(doc, '[source: MemberProtobuf] Always MEMBER.'),
  })
  .apply(doc, "[source: core/member/MemberProtobuf.java] The agent's membership in the organisation.");

export const AgentInfoSchema = z
  .strictObject({
    uid: uid.apply(doc, "[source: AgentResponse (A2)] The agent's uid."),
    orgUid: text.apply(doc, "[source: BaseResponse (A2)] The organisation's uid."),
    level: text.apply(doc, '[source: BaseResponse (S3)] ORGANIZATION.'),
    platform: text.apply(doc, '[source: BaseResponse (S3)] BYTEDESK.'),
    nickname: text.apply(doc, '[source: AgentResponse (A2)] The name the console shows.'),
    avatar: text.apply(doc, '[source: AgentResponse (A2)] URL of the avatar image.'),
    mobile: z
      .nullable(text)
      .apply(doc, '[source: AgentResponse (A2)] Phone number; null in the emulator (mock choice).'),
    email: text.apply(doc, '[source: AgentResponse (A2, A6)] The login email (default admin@email.com).'),
    description: z
      .nullable(text)
      .apply(doc, '[source: AgentResponse (A2)] Free text; null in the emulator (mock choice).'),
    status: ConsoleAgentStatusSchema,
    connected: z
      .boolean()
      .apply(doc, "[source: AgentResponse (A2, R5)] Whether the agent's console is connected to the server."),
    enabled: z.boolean().apply(doc, '[source: AgentResponse (A2)] Whether the account is enabled.'),
    maxThreadCount: count.apply(
      doc,
      '[source: AgentEntity default 10 (A4)] How many visitors the agent serves at once; beyond that new visitors queue. Newer servers move it under settings (A3).',
    ),
    member: MemberSchema,
    userUid: uid.apply(doc, "[source: AgentResponse (A2)] The agent's user account uid."),
    createdAt: VendorDateSchema.apply(doc, '[source: BaseResponse (A2)] When the account was created.'),
    updatedAt: VendorDateSchema.apply(doc, '[source: BaseResponse (A2)] When the account last changed.'),
  })
  .apply(doc, "[source: AgentResponse @085a61d8 (A1, A2)] The logged-in agent (the vendor's AgentResponse).");
export type AgentInfo = z.infer<typeof AgentInfoSchema>;

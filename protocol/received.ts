import * as z from 'zod/mini';
import { doc } from './doc';

/**
 * What a HOST may receive from the real console, read as a tolerant reader (docs/protocol.md §9 "Reading"): only
 * what the doc promises and a host cannot work without is required; every other field is optional, may be null,
 * and unknown fields are kept. Enums are plain strings here: the vendor's are wider than its doc (17 thread
 * types, status REST), and a host must survive a value it has never seen. How far a message strays from the
 * shapes the vendor is known to send is reported as warnings by `parseEvent` (parse.ts), never by refusing it.
 */

const maybe = <S extends z.ZodMiniType>(schema: S) => z.optional(z.nullable(schema));
const str = (description: string) => maybe(z.string()).apply(doc, description);
const flag = (description: string) => maybe(z.boolean()).apply(doc, description);

export const ReceivedUserSchema = z
  .looseObject({
    uid: str("[source: UserProtobuf (U1)] The user's uid."),
    nickname: str('[doc: the example reads thread.user.nickname] The name the console shows.'),
    avatar: str('[source: UserProtobuf (U1)] URL of the avatar image.'),
    type: str(
      '[source: UserTypeEnum (U2)] VISITOR, AGENT, MEMBER, USER, WORKGROUP, … (absent in threads built from live messages).',
    ),
    extra: str('[source: UserProtobuf (U3)] A JSON string; usually absent or null.'),
  })
  .apply(doc, '[source: UserProtobuf (U1)] A user as a host may receive it: every field optional.');
export type ReceivedUser = z.infer<typeof ReceivedUserSchema>;

export const ReceivedThreadSchema = z
  .looseObject({
    uid: z
      .string()
      .check(z.minLength(1))
      .apply(doc, "[doc] The thread's uid: the one field a host cannot work without (clear_unread_count needs it)."),
    topic: str('[doc] Where messages are routed, e.g. org/workgroup/{workgroupUid}/{visitorUid}.'),
    type: str('[doc] AGENT, WORKGROUP, ROBOT, MEMBER, GROUP (doc); the vendor enum has 12 more (S9).'),
    user: maybe(ReceivedUserSchema).apply(doc, '[doc] The other party.'),
    content: str('[doc] Preview text.'),
    createdAt: str('[doc] "yyyy-MM-dd HH:mm:ss" (absent in threads built from live messages).'),
    updatedAt: str('[source: ThreadResponse (S31)] "yyyy-MM-dd HH:mm:ss", possibly with ".SSS".'),
    status: str('[source: ThreadProcessStatusEnum (S11)] NEW, ROBOTING, OFFLINE, QUEUING, CHATTING, TIMEOUT, CLOSED.'),
    unreadCount: maybe(z.number()).apply(doc, '[source: ThreadResponse (S14)] Messages the agent has not read.'),
    unread: flag('[source: ThreadResponse (S16)] Whether unreadCount > 0.'),
    top: flag('[source: ThreadResponse (S16)] Pinned.'),
    star: maybe(z.number()).apply(doc, '[source: ThreadResponse (S17)] Star level.'),
    mute: flag('[source: ThreadResponse (S16)] Muted.'),
    note: str('[source: ThreadResponse (S19)] Null by default.'),
    tagList: maybe(z.array(z.string())).apply(doc, '[source: ThreadResponse (S20)] Tags.'),
    channel: str('[source: ThreadResponse (S21)] WEB, SYSTEM, …'),
    orgUid: str('[source: BaseResponse (S2)] The organisation.'),
    agent: str('[source: ThreadResponse (S25)] The agent as a JSON string.'),
    workgroup: str('[source: ThreadResponse (S27)] The workgroup as a JSON string.'),
  })
  .apply(
    doc,
    '[doc, inferred (E4–E6)] A thread as a host may receive it: a full ThreadResponse, a thin object built from a live message, or just what the doc promises. Only uid is required; unknown fields are kept.',
  );
export type ReceivedThread = z.infer<typeof ReceivedThreadSchema>;

export const ReceivedAgentInfoSchema = z
  .looseObject({
    uid: str("[source: AgentResponse (A2)] The agent's uid."),
    nickname: str('[source: AgentResponse (A2)] The name.'),
    avatar: str('[source: AgentResponse (A2)] Avatar URL.'),
    email: str('[source: AgentResponse (A2)] The login email.'),
    status: str('[source: AgentStatusEnum (A5)] AVAILABLE, AWAY, REST, BUSY, OFFLINE, DISABLED.'),
    connected: flag('[source: AgentResponse (A2)] Connected to the server.'),
    enabled: flag('[source: AgentResponse (A2)] Account enabled.'),
    maxThreadCount: maybe(z.number()).apply(
      doc,
      '[source: AgentResponse (A2, A3)] Visitors served at once; newer servers move it under settings.',
    ),
  })
  .apply(doc, '[source: AgentResponse (A1, A2)] The agent as a host may receive it: every field optional.');
export type ReceivedAgentInfo = z.infer<typeof ReceivedAgentInfoSchema>;

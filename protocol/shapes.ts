import * as z from 'zod/mini';
import { doc } from './doc';

/**
 * The shared shapes of the vendor's server model (ThreadResponse, AgentResponse, UserProtobuf), as far as the
 * iframe protocol carries them. Objects are strict: what the emulator emits must match them exactly; receivers
 * get leniency from `parse.ts`, which turns unknown fields into warnings instead of loosening these schemas.
 */

/** The statuses the iframe API accepts; the vendor enum also has AWAY, REST and DISABLED, which it rejects. */
export const AgentStatusSchema = z
  .enum(['AVAILABLE', 'BUSY', 'OFFLINE'])
  .apply(
    doc,
    "The agent's status as the iframe API knows it. The vendor enum also has AWAY, REST and DISABLED, which the iframe API does not accept.",
  );
export type AgentStatus = z.infer<typeof AgentStatusSchema>;

export const ThreadTypeSchema = z
  .enum(['AGENT', 'WORKGROUP', 'ROBOT', 'MEMBER', 'GROUP'])
  .apply(
    doc,
    'Who the thread is with: AGENT (a visitor routed to this agent), WORKGROUP (a visitor routed through a workgroup), ROBOT (a visitor served by a robot), MEMBER (a colleague), GROUP (a group chat).',
  );
export type ThreadType = z.infer<typeof ThreadTypeSchema>;

export const ThreadStatusSchema = z
  .enum(['NEW', 'ROBOTING', 'OFFLINE', 'QUEUING', 'CHATTING', 'TIMEOUT', 'CLOSED'])
  .apply(doc, 'Where a thread is in its life; QUEUING waits for the agent to accept it, CHATTING is being served.');
export type ThreadStatus = z.infer<typeof ThreadStatusSchema>;

/** Mock choice: the vendor names no actions; see docs/protocol.md §3. */
export const ThreadActionSchema = z
  .enum(['accept', 'close', 'auto_close', 'transfer', 'queue'])
  .apply(
    doc,
    'Mock choice (the vendor names no actions): what changed the thread. accept: QUEUING → CHATTING; close: the agent ended it → CLOSED; auto_close: idle timeout → CLOSED; transfer: handed to a colleague, it leaves the list; queue: a new visitor enters the queue, NEW → QUEUING.',
  );
export type ThreadAction = z.infer<typeof ThreadActionSchema>;

export const UserTypeSchema = z
  .enum(['VISITOR', 'AGENT', 'MEMBER', 'ROBOT', 'GROUP', 'SYSTEM'])
  .apply(doc, 'What kind of party the user is.');
export type UserType = z.infer<typeof UserTypeSchema>;

/** `yyyy-MM-dd HH:mm:ss`, the vendor's date format (Asia/Shanghai wall time). */
export const VendorDateSchema = z
  .string()
  .check(z.regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, { error: 'a date "yyyy-MM-dd HH:mm:ss"' }))
  .apply(doc, 'A date as the vendor writes it: "yyyy-MM-dd HH:mm:ss", Asia/Shanghai wall time.');

const count = z.int().check(z.minimum(0));
const uid = z.string().check(z.minLength(1)).apply(doc, 'A uid: a numeric string of about 16 digits.');
const jsonString = (what: string) => z.string().apply(doc, `A JSON string (not an object): ${what}.`);

export const UserSchema = z
  .strictObject({
    uid,
    nickname: z.string().apply(doc, 'The name the console shows.'),
    avatar: z.string().apply(doc, 'URL of the avatar image.'),
    type: UserTypeSchema,
    extra: jsonString('vendor extension data, usually "{}"'),
  })
  .apply(doc, "The other party of a thread (the vendor's UserProtobuf).");
export type User = z.infer<typeof UserSchema>;

export const ThreadSchema = z
  .strictObject({
    uid: uid.apply(doc, "The thread's uid, unique in the agent's list: a numeric string of about 16 digits."),
    orgUid: z.string().apply(doc, "The organisation's uid."),
    topic: z
      .string()
      .check(z.minLength(1))
      .apply(
        doc,
        'Where messages are routed: org/workgroup/{workgroupUid}/{visitorUid}, org/agent/{agentUid}/{visitorUid}, org/member/..., org/group/...',
      ),
    type: ThreadTypeSchema,
    status: ThreadStatusSchema,
    content: z.string().apply(doc, 'Preview: the text of the latest message.'),
    unreadCount: count.apply(doc, 'Messages the agent has not read; 0 for the thread the agent has open.'),
    unread: z.boolean().apply(doc, 'Whether unreadCount > 0.'),
    top: z.boolean().apply(doc, 'Pinned to the top of the list.'),
    star: count.apply(doc, 'Star level; 0 when not starred.'),
    mute: z.boolean().apply(doc, 'Notifications muted.'),
    note: z.string().apply(doc, "The agent's note on the thread."),
    tagList: z.array(z.string()).apply(doc, 'Tags the agent gave the thread.'),
    channel: z.string().apply(doc, 'Where the visitor came from, e.g. WEB.'),
    extra: jsonString('vendor extension data, usually "{}"'),
    user: UserSchema,
    // The vendor model nests `user` as an object but `agent` and `workgroup` as strings; integrators must parse them.
    agent: jsonString('the serving agent {uid, nickname, avatar, type}; "{}" for MEMBER and GROUP threads'),
    workgroup: jsonString('the workgroup {uid, nickname, avatar, type}; "{}" unless the type is WORKGROUP'),
    createdAt: VendorDateSchema.apply(doc, 'When the thread started ("yyyy-MM-dd HH:mm:ss", Asia/Shanghai).'),
    updatedAt: VendorDateSchema.apply(doc, 'When the thread last changed ("yyyy-MM-dd HH:mm:ss", Asia/Shanghai).'),
  })
  .apply(doc, "A conversation in the agent's list (the fields of the vendor's ThreadResponse the protocol carries).");
export type Thread = z.infer<typeof ThreadSchema>;

export const AgentInfoSchema = z
  .strictObject({
    uid,
    nickname: z.string().apply(doc, 'The name the console shows.'),
    avatar: z.string().apply(doc, 'URL of the avatar image.'),
    email: z.string().apply(doc, 'The login email.'),
    status: AgentStatusSchema,
    connected: z.boolean().apply(doc, "Whether the agent's console is connected to the server."),
    enabled: z.boolean().apply(doc, 'Whether the account is enabled.'),
    maxThreadCount: count.apply(doc, 'How many visitors the agent serves at once; beyond that new visitors queue.'),
    orgUid: z.string().apply(doc, "The organisation's uid."),
    createdAt: VendorDateSchema.apply(doc, 'When the account was created ("yyyy-MM-dd HH:mm:ss", Asia/Shanghai).'),
    updatedAt: VendorDateSchema.apply(doc, 'When the account last changed ("yyyy-MM-dd HH:mm:ss", Asia/Shanghai).'),
  })
  .apply(doc, "The logged-in agent (the fields of the vendor's AgentResponse the protocol carries).");
export type AgentInfo = z.infer<typeof AgentInfoSchema>;

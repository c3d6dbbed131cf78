import { z } from 'zod';

/**
 * The shared shapes of the vendor's server model (ThreadResponse, AgentResponse, UserProtobuf), as far as the
 * iframe protocol carries them. Objects are strict: what the emulator emits must match them exactly; receivers
 * get leniency from `parse.ts`, which turns unknown fields into warnings instead of loosening these schemas.
 */

/** The statuses the iframe API accepts; the vendor enum also has AWAY, REST and DISABLED, which it rejects. */
export const AgentStatusSchema = z.enum(['AVAILABLE', 'BUSY', 'OFFLINE']);
export type AgentStatus = z.infer<typeof AgentStatusSchema>;

export const ThreadTypeSchema = z.enum(['AGENT', 'WORKGROUP', 'ROBOT', 'MEMBER', 'GROUP']);
export type ThreadType = z.infer<typeof ThreadTypeSchema>;

export const ThreadStatusSchema = z.enum(['NEW', 'ROBOTING', 'OFFLINE', 'QUEUING', 'CHATTING', 'TIMEOUT', 'CLOSED']);
export type ThreadStatus = z.infer<typeof ThreadStatusSchema>;

/** Mock choice: the vendor names no actions; see protocol.md §3. */
export const ThreadActionSchema = z.enum(['accept', 'close', 'auto_close', 'transfer', 'queue']);
export type ThreadAction = z.infer<typeof ThreadActionSchema>;

export const UserTypeSchema = z.enum(['VISITOR', 'AGENT', 'MEMBER', 'ROBOT', 'GROUP', 'SYSTEM']);
export type UserType = z.infer<typeof UserTypeSchema>;

/** `yyyy-MM-dd HH:mm:ss`, the vendor's date format (Asia/Shanghai wall time). */
export const VendorDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, { error: 'a date "yyyy-MM-dd HH:mm:ss"' });

const count = z.number().int().min(0);

export const UserSchema = z.strictObject({
  uid: z.string().min(1),
  nickname: z.string(),
  avatar: z.string(),
  type: UserTypeSchema,
  extra: z.string(),
});
export type User = z.infer<typeof UserSchema>;

export const ThreadSchema = z.strictObject({
  uid: z.string().min(1),
  orgUid: z.string(),
  topic: z.string().min(1),
  type: ThreadTypeSchema,
  status: ThreadStatusSchema,
  content: z.string(),
  unreadCount: count,
  unread: z.boolean(),
  top: z.boolean(),
  star: count,
  mute: z.boolean(),
  note: z.string(),
  tagList: z.array(z.string()),
  channel: z.string(),
  extra: z.string(),
  user: UserSchema,
  /** A JSON string in the vendor model, unlike `user`. */
  agent: z.string(),
  /** A JSON string in the vendor model, unlike `user`. */
  workgroup: z.string(),
  createdAt: VendorDateSchema,
  updatedAt: VendorDateSchema,
});
export type Thread = z.infer<typeof ThreadSchema>;

export const AgentInfoSchema = z.strictObject({
  uid: z.string().min(1),
  nickname: z.string(),
  avatar: z.string(),
  email: z.string(),
  status: AgentStatusSchema,
  connected: z.boolean(),
  enabled: z.boolean(),
  maxThreadCount: count,
  orgUid: z.string(),
  createdAt: VendorDateSchema,
  updatedAt: VendorDateSchema,
});
export type AgentInfo = z.infer<typeof AgentInfoSchema>;

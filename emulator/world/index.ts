export { createWorld, type WorldOptions } from './create';
export { listTime, parseVendorDate, vendorDate } from './dates';
export { workgroupName } from './make';
export { messagesOf } from './messages';
export { compareThreads, sortThreads } from './order';
export { chattingCount, IDLE_CLOSE_MS } from './rules';
export { step } from './step';
export * from './types';
export { type UnreadSummary, unreadSummary } from './unread';

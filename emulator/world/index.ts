export { createWorld, type WorldOptions } from './create';
export { listTime, parseVendorDate, vendorDate } from './dates';
export { workgroupName } from './make';
export { messagesOf } from './messages';
export { compareThreads, sortThreads } from './order';
export { canTransfer, chattingCount, IDLE_CLOSE_MS, isVisitorThread } from './rules';
export { step } from './step';
export * from './types';
export { type UnreadSummary, unreadSummary } from './unread';

export { createWorld } from './create';
export { listTime, parseVendorDate, vendorDate } from './dates';
export { workgroupName } from './make';
export { messagesOf } from './messages';
export { compareThreads, sortThreads } from './order';
export { canTransfer, IDLE_CLOSE_MS, isVisitorThread } from './rules';
export { step } from './step';
export * from './types';
export { unreadSummary } from './unread';

/**
 * `agent-console-emulator/protocol/wire`: the zod-free half of the contract — message names, the typed host client
 * and the reason formatter. A host page that imports only this pays a few hundred bytes, not zod.
 */
export * from './client';
export { describeIssue, pathToString, preview } from './describe';
export * from './names';

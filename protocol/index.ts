export * from './client';
export * from './commands';
export { describeIssue, pathToString, preview } from './describe';
export * from './events';
export * from './names';
export * from './parse';
export * from './received';
export * from './shapes';

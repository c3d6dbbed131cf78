/**
 * `agent-console-emulator/protocol/schema`: the zod half of the contract — the schemas of every message and shape
 * (all types are inferred from them), and the parsers that turn an unknown message into a verdict with reasons.
 */
export * from './commands';
export * from './events';
export * from './parse';
export * from './received';
export * from './shapes';

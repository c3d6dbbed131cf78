// `agent-console-emulator/protocol`: both halves. Code that must stay zod-free imports `./wire` instead.
export * from './schema';
export * from './wire';

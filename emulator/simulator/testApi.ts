import { jsonSafe } from '../../common/json';
import type { Thread } from '../../protocol';
import { preview } from '../../protocol/describe';
import { type Input, isVisitorThread, SCENARIOS, type ScenarioName, WORKBENCH_STATUSES } from '../world';
import { isSeed, SEED_EXPECTED } from './params';
import type { Runtime } from './runtime';
import { stateOf } from './state-of';
import type { EmulatorTestApi } from './test-api-types';

export type { EmulatorTestApi };

const clone = jsonSafe;

const text = (name: string, value: unknown): string => {
  if (typeof value !== 'string') throw new TypeError(`${name} must be a string; got ${JSON.stringify(value)}`);
  return value;
};

/**
 * Optional text fields end up in Thread objects: a non-string there would make every later event fail the
 * strict emit check (nothing posted) and the saved world fail to load, so they are refused up front.
 */
const optionalTexts = <T extends { nickname?: unknown; content?: unknown }>(label: string, opts: T): T => {
  for (const key of ['nickname', 'content'] as const) {
    const value = opts[key];
    if (value !== undefined && typeof value !== 'string')
      throw new TypeError(`${label}: ${key} must be a string; got ${JSON.stringify(value)}`);
  }
  return opts;
};

/** Options may be left out or null, as test code often passes them; anything else is a caller's mistake. */
function optionsOf<T extends object>(label: string, value: T | null | undefined): Partial<T> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(`${label}: options must be an object; got ${preview(value)}`);
  }
  return value;
}

/** location.reload(), as the agent's F5 would; injected by tests. */
const pageReload = () => globalThis.location.reload();

export function createTestApi(runtime: Runtime, framed: boolean, reloadPage = pageReload): EmulatorTestApi {
  const run = (input: Input) => {
    const result = runtime.dispatch(input);
    if (result.error) throw new Error(result.error);
    return result;
  };
  const mustThread = (input: Input) => {
    const { thread } = run(input);
    if (!thread) throw new Error(`${input.kind}: no thread was produced`);
    return clone(thread);
  };
  return {
    framed,
    state: () => clone(stateOf(runtime.world.peek())),
    visitorArrives: (given) => {
      const opts = optionsOf('visitorArrives', given);
      if (opts.type !== undefined && opts.type !== 'AGENT' && opts.type !== 'WORKGROUP') {
        throw new TypeError(`visitorArrives: type must be AGENT or WORKGROUP; got ${JSON.stringify(opts.type)}`);
      }
      return mustThread({ kind: 'visitorArrives', ...optionalTexts('visitorArrives', opts) });
    },
    visitorSends: (threadUid, content) =>
      void run({ kind: 'visitorSends', threadUid: text('threadUid', threadUid), content: text('content', content) }),
    colleagueSends: (opts) =>
      mustThread({ kind: 'colleagueSends', ...optionalTexts('colleagueSends', optionsOf('colleagueSends', opts)) }),
    groupSends: (opts) =>
      mustThread({ kind: 'groupSends', ...optionalTexts('groupSends', optionsOf('groupSends', opts)) }),
    closeThread: (threadUid, opts) =>
      void run({ kind: 'closeThread', threadUid, auto: optionsOf('closeThread', opts).auto === true }),
    acceptThread: (threadUid) => void run({ kind: 'acceptThread', threadUid }),
    transferThread: (threadUid) => void run({ kind: 'transferThread', threadUid }),
    openThread: (threadUid) => void run({ kind: 'openThread', threadUid }),
    async setStatus(status) {
      // As the agent in the workbench: REST (休息) too, which host commands cannot set.
      if (!(WORKBENCH_STATUSES as readonly unknown[]).includes(status)) {
        throw new TypeError(
          `setStatus: status must be one of ${WORKBENCH_STATUSES.join(', ')}; got ${JSON.stringify(status)}`,
        );
      }
      await runtime.setStatus(status);
    },
    flood(count) {
      if (!Number.isInteger(count) || count < 0)
        throw new TypeError(`flood: count must be an integer >= 0; got ${count}`);
      const talking = Object.values(runtime.world.peek().threads).filter(
        (t) => isVisitorThread(t) && t.status === 'CHATTING',
      );
      if (talking.length === 0) throw new Error('flood: no CHATTING visitor thread to send to');
      const inputs: Input[] = Array.from({ length: count }, (_, i) => ({
        kind: 'visitorSends',
        threadUid: (talking[i % talking.length] as Thread).uid,
        content: `消息 #${i + 1}`,
      }));
      run({ kind: 'batch', inputs });
    },
    log: () => clone(runtime.log.list()),
    violations: () => clone(runtime.log.violations()),
    counts: () => runtime.log.counts(),
    reload() {
      // Saved first, as the console's server would have it; after this call returns, so that a test tool's call
      // gets its answer before the document goes away.
      runtime.flush();
      setTimeout(() => reloadPage(), 0);
    },
    reset(opts) {
      const { seed, scenario } = optionsOf('reset', opts);
      if (seed !== undefined && !isSeed(seed)) {
        throw new TypeError(`reset: seed must be ${SEED_EXPECTED}; got ${preview(seed)}`);
      }
      if (scenario !== undefined && !(SCENARIOS as readonly string[]).includes(scenario)) {
        throw new TypeError(`reset: scenario must be one of ${SCENARIOS.join(', ')}; got ${JSON.stringify(scenario)}`);
      }
      runtime.reset({ seed, scenario: scenario as ScenarioName | undefined });
    },
    advance(ms) {
      const { advance } = runtime.clock;
      if (!advance) throw new Error('advance: the clock is real; open the emulator with clock=virtual');
      advance(ms);
    },
    setAutopilot: (on) => runtime.setAutopilot(on === true),
  };
}

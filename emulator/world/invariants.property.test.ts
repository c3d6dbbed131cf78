/**
 * docs/protocol.md §5 as a property: whatever a host sends and whatever the simulated people do, in any order,
 * the world never throws, refusals change nothing, and the unread invariants hold after every step.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkEmitted, parseCommand } from '../../protocol';
import { invariantProblems, NOW, Sim, stamp, unreadEvents } from '../../test-support/world-kit';
import { IDLE_CLOSE_MS } from './rules';
import { step } from './step';
import { type Input, SCENARIOS } from './types';
import { type UnreadSummary, unreadSummary } from './unread';

/** A thread reference, resolved against the world at the moment of the step: a listed thread, or any string. */
type Ref = { known: number } | { raw: string };

/** An Input whose `threadUid` fields are still references; plain data, so counterexamples print readably. */
type Draft = { kind: Input['kind']; threadUid?: Ref | null; inputs?: Draft[]; [field: string]: unknown };

type Action =
  | { kind: 'host'; message: unknown }
  | { kind: 'clearRef'; ref: Ref; extra: boolean }
  | { kind: 'world'; draft: Draft };

const ref: fc.Arbitrary<Ref> = fc.oneof(
  { weight: 6, arbitrary: fc.nat().map((known) => ({ known })) },
  {
    weight: 1,
    arbitrary: fc
      .oneof(fc.constantFrom('__proto__', 'constructor', 'toString', '', '0', 'thread_uid_here'), fc.string())
      .map((raw) => ({ raw })),
  },
);

const status = fc.constantFrom('AVAILABLE', 'BUSY', 'OFFLINE');

/** What a host might post: valid commands, common mistakes, and anything at all. */
const hostMessage: fc.Arbitrary<unknown> = fc.oneof(
  status.map((s) => ({ type: 'update_agent_status', data: { status: s } })),
  fc.constantFrom(
    { type: 'update_agent_status_available' },
    { type: 'update_agent_status_busy' },
    { type: 'update_agent_status_offline' },
    { type: 'refresh_threads' },
    { type: 'refresh_threads', data: {} },
    { type: 'update_agent_status', data: { status: 'ONLINE' } },
    { type: 'update_agent_status', data: { status: 'busy' } },
    { type: 'update_agent_status', data: 'BUSY' },
    { type: 'update_agent_status', data: null },
    { type: 'clear_unread_count' },
    { type: 'clear_unread_count', data: {} },
    { type: 'clear_unread_count', data: { threadUid: 1838275102935040 } },
    { type: 'clear_unread_count', data: [] },
    { type: 'webpackHotUpdate' },
  ),
  fc.record({
    type: fc.constantFrom('update_agent_status', 'clear_unread_count', 'refresh_threads', 'update_agent_status_busy'),
    data: fc.anything(),
  }),
  fc.anything(),
);

const content = fc.string({ maxLength: 20 });

const talk: fc.Arbitrary<Draft> = fc.oneof(
  fc.constant<Draft>({ kind: 'visitorArrives' }),
  fc.record({ kind: fc.constant('visitorSends' as const), threadUid: ref, content }),
  fc.constant<Draft>({ kind: 'autopilot' }),
);

const worldInput: fc.Arbitrary<Draft> = fc.oneof(
  fc.record(
    {
      kind: fc.constant('visitorArrives' as const),
      type: fc.constantFrom('AGENT' as const, 'WORKGROUP' as const),
      nickname: fc.string({ maxLength: 8 }),
    },
    { requiredKeys: ['kind'] },
  ),
  talk,
  fc.record({ kind: fc.constant('reply' as const), threadUid: ref, content }),
  fc.record(
    { kind: fc.constant('colleagueSends' as const), nickname: fc.constantFrom('张伟', '赵六') },
    { requiredKeys: ['kind'] },
  ),
  fc.constant<Draft>({ kind: 'groupSends' }),
  fc.record({ kind: fc.constant('closeThread' as const), threadUid: ref, auto: fc.boolean() }),
  fc.record({ kind: fc.constant('acceptThread' as const), threadUid: ref }),
  fc.record({ kind: fc.constant('transferThread' as const), threadUid: ref }),
  fc.record({ kind: fc.constant('openThread' as const), threadUid: fc.option(ref, { nil: null }) }),
  fc.record({ kind: fc.constant('clearUnread' as const), threadUid: ref }),
  status.map((s): Draft => ({ kind: 'setStatus', status: s })),
  fc.constantFrom<Draft>({ kind: 'tick' }, { kind: 'autopilot' }, { kind: 'sync' }),
  fc.array(talk, { maxLength: 30 }).map((inputs): Draft => ({ kind: 'batch', inputs })),
);

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: hostMessage.map((message) => ({ kind: 'host' as const, message })) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('clearRef' as const), ref, extra: fc.boolean() }) },
  { weight: 8, arbitrary: worldInput.map((draft) => ({ kind: 'world' as const, draft })) },
);

function resolve(draft: Draft, uid: (r: Ref) => string): Input {
  const { threadUid, inputs, ...rest } = draft;
  const out: Record<string, unknown> = { ...rest };
  if (threadUid !== undefined) out.threadUid = threadUid === null ? null : uid(threadUid);
  if (inputs) out.inputs = inputs.map((d) => resolve(d, uid));
  return out as Input;
}

const countsKey = (u: UnreadSummary) =>
  JSON.stringify([u.totalUnreadCount, u.unreadThreads.map((t) => `${t.uid}:${t.unreadCount}`).sort()]);

describe('world invariants under random traffic', () => {
  it('hold after every step, whatever arrives', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SCENARIOS),
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.array(fc.tuple(action, fc.integer({ min: 0, max: IDLE_CLOSE_MS + 60_000 })), { maxLength: 60 }),
        (scenario, seed, actions) => {
          const sim = new Sim({ scenario, seed });
          let lastPosted = countsKey(unreadEvents(sim.events).at(-1)!);
          for (const [act, advance] of actions) {
            const uids = sim.threads().map((t) => t.uid);
            const uid = (r: Ref) =>
              'raw' in r ? r.raw : uids.length > 0 ? uids[r.known % uids.length]! : `missing-${r.known}`;

            let input: Input | undefined;
            if (act.kind === 'world') input = resolve(act.draft, uid);
            else {
              const message =
                act.kind === 'host'
                  ? act.message
                  : { type: 'clear_unread_count', data: { threadUid: uid(act.ref), ...(act.extra ? { x: 1 } : {}) } };
              // Only what the parser accepts reaches the world, as in the bridge.
              const parsed = parseCommand(message);
              if (parsed.ok) input = { kind: 'command', command: parsed.value };
            }
            if (!input) continue;

            const before = sim.state;
            const result = sim.step(input, advance);
            if (result.error !== undefined) {
              expect(result.state).toBe(before);
              expect(result.events).toEqual([]);
            }

            const summary = unreadSummary(sim.state);
            expect(invariantProblems(sim.state, summary)).toEqual([]);
            const open = sim.state.openThreadUid;
            if (open !== null) expect(sim.thread(open)?.unreadCount).toBe(0);
            expect(sim.threads().every((t) => t.status !== 'OFFLINE' && t.status !== 'NEW')).toBe(true);

            for (const event of result.events) expect(checkEmitted(stamp(event, sim.now), 'full')).toBeNull();
            const posted = unreadEvents(result.events);
            expect(posted.length).toBeLessThanOrEqual(1);
            const forced =
              input.kind === 'sync' ||
              (input.kind === 'command' && input.command.type === 'refresh_threads') ||
              (input.kind === 'batch' && input.inputs.some((i) => i.kind === 'sync'));
            if (forced && result.error === undefined) expect(posted).toHaveLength(1);
            for (const value of posted) {
              expect(invariantProblems(sim.state, value)).toEqual([]);
              if (!forced) expect(countsKey(value)).not.toBe(lastPosted);
              lastPosted = countsKey(value);
            }
            // The host is never left behind: the last posted value is always the current one.
            expect(lastPosted).toBe(countsKey(summary));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('step never throws for inputs that name no thread, whatever the world', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SCENARIOS), fc.string(), (scenario, threadUid) => {
        const sim = new Sim({ scenario });
        const inputs: Input[] = [
          { kind: 'clearUnread', threadUid },
          { kind: 'openThread', threadUid },
          { kind: 'reply', threadUid, content: '' },
          { kind: 'visitorSends', threadUid, content: '' },
          { kind: 'closeThread', threadUid },
          { kind: 'acceptThread', threadUid },
          { kind: 'transferThread', threadUid },
        ];
        for (const input of inputs) {
          const result = step(sim.state, input, NOW);
          if (!Object.hasOwn(sim.state.threads, threadUid)) {
            expect(result.error).toMatch(/unknown threadUid/);
            expect(result.state).toBe(sim.state);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

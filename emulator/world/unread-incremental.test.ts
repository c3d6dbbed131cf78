import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Thread } from '../../protocol';
import { NOW, Sim } from '../../test-support/world-kit';
import { createWorld } from './create';
import type { Input } from './types';
import { unreadAfter, unreadSummary } from './unread';

/** The same world with every object new, so nothing remembered about the original can be reused. */
const afresh = (state: Sim['state']) => unreadSummary(JSON.parse(JSON.stringify(state)));

const inputFor = (sim: Sim, pick: number, kind: number): Input => {
  const threads = sim.threads();
  const uid = threads.length > 0 ? (threads[pick % threads.length]?.uid ?? '') : '';
  switch (kind % 8) {
    case 0:
      return { kind: 'visitorArrives' };
    case 1:
      return { kind: 'visitorSends', threadUid: uid, content: 'hi' };
    case 2:
      return { kind: 'command', command: { type: 'clear_unread_count', data: { threadUid: uid } } };
    case 3:
      return { kind: 'openThread', threadUid: pick % 3 === 0 ? null : uid };
    case 4:
      return { kind: 'closeThread', threadUid: uid };
    case 5:
      return { kind: 'transferThread', threadUid: uid };
    case 6:
      return { kind: 'colleagueSends' };
    default:
      return { kind: 'autopilot' };
  }
};

describe('unread state kept step by step', () => {
  it('always equals the unread state computed from the whole list', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 60 }),
        (seed, script) => {
          const sim = new Sim({ seed, scenario: 'demo' });
          for (const [pick, kind] of script) {
            const { events } = sim.step(inputFor(sim, pick, kind));
            const expected = afresh(sim.state);
            expect(unreadSummary(sim.state)).toEqual(expected);
            for (const event of events) if (event.type === 'unread_message_count') expect(event.data).toEqual(expected);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("hands out copies: sorting or emptying one caller's list changes nobody else's", () => {
    const sim = new Sim({ seed: 4, scenario: 'demo' });
    const first = unreadSummary(sim.state);
    expect(first.unreadThreads.length).toBeGreaterThan(1);
    const expected = structuredClone(first);
    first.unreadThreads.reverse();
    first.unreadThreads.length = 0;
    expect(unreadSummary(sim.state)).toEqual(expected);
    const { events } = sim.step({ kind: 'command', command: { type: 'refresh_threads' } });
    const [event] = events;
    if (event?.type !== 'unread_message_count') throw new Error('refresh emits the unread state');
    event.data.unreadThreads.length = 0;
    expect(unreadSummary(sim.state)).toEqual(expected);
  });

  it('after a step it re-reads only the threads the step touched, not the whole list', () => {
    const world = createWorld({ seed: 2, scenario: 'demo', now: NOW, history: 50 });
    unreadSummary(world);
    // Two read threads (closed ones keep their unread count, so pick threads with none).
    const read = Object.keys(world.threads).filter((uid) => world.threads[uid]?.unreadCount === 0);
    const [declared, undeclared] = read as [string, string];
    const bump = (uid: string, unreadCount: number) => ({
      ...(world.threads[uid] as Thread),
      unreadCount,
      unread: true,
    });
    const next = { ...world.threads, [declared]: bump(declared, 7), [undeclared]: bump(undeclared, 9) };
    // Only `declared` is named as touched: that the other change goes unseen shows the rest was not re-read.
    const { summary } = unreadAfter(next, world.threads, new Set([declared]));
    const listed = summary.unreadThreads.map((t) => t.uid);
    expect(listed).toContain(declared);
    expect(listed).not.toContain(undeclared);
    const before = world.threads[declared]?.unreadCount ?? 0;
    expect(summary.totalUnreadCount).toBe(unreadSummary(world).totalUnreadCount - before + 7);
  });
});

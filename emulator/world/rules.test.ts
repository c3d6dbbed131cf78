/**
 * Rules whose breakage mutation testing showed no other test would notice (issue 15): whose thread a colleague's
 * message lands in, what a transfer does to the open pane, the idle close of a world with closed threads, what
 * autopilot actually does, and that a bug inside a rule is an error, never a refusal.
 */
import { describe, expect, it } from 'vitest';
import { NOW, Sim } from '../../test-support/world-kit';
import { createWorld } from './create';
import { createRng } from './rng';
import { IDLE_CLOSE_MS } from './rules';
import { step } from './step';

describe('colleague and group threads', () => {
  it.each([
    ['colleagueSends', 'MEMBER'],
    ['groupSends', 'GROUP'],
  ] as const)('%s: each party has its own %s thread, and writes into it again', (kind, type) => {
    const sim = new Sim();
    const li = sim.ok({ kind, nickname: 'Li', content: 'one' }).thread;
    const wang = sim.ok({ kind, nickname: 'Wang', content: 'two' }).thread;
    const again = sim.ok({ kind, nickname: 'Li', content: 'three' }).thread;
    expect(wang.uid).not.toBe(li.uid);
    expect(wang.user.uid).not.toBe(li.user.uid);
    expect(again.uid).toBe(li.uid);
    expect(sim.threads().filter((t) => t.type === type)).toHaveLength(2);
    expect(sim.thread(wang.uid)).toMatchObject({ type, user: { nickname: 'Wang' }, unreadCount: 1 });
    expect(sim.thread(li.uid)).toMatchObject({ type, user: { nickname: 'Li' }, unreadCount: 2 });
  });

  it.each([
    ['colleagueSends', 'MEMBER'],
    ['groupSends', 'GROUP'],
  ] as const)('%s after its %s thread was closed starts a new thread; the closed one stays closed', (kind, type) => {
    const sim = new Sim();
    const first = sim.ok({ kind, nickname: 'Li', content: 'one' }).thread;
    const closed = sim.ok({ kind: 'closeThread', threadUid: first.uid }).thread;
    const next = sim.ok({ kind, nickname: 'Li', content: 'two' }).thread;
    expect(next.uid).not.toBe(first.uid);
    expect(next).toMatchObject({ type, status: 'CHATTING', user: { uid: first.user.uid } });
    expect(sim.thread(first.uid)).toEqual(closed);
    expect(sim.state.messages[first.uid]?.map((m) => m.from)).toEqual(['colleague', 'system']);
  });
});

describe('refusals and system messages', () => {
  it('a reply to an unknown thread is refused, naming the input and the uid', () => {
    const sim = new Sim();
    expect(sim.step({ kind: 'reply', threadUid: 'ghost', content: 'hi' }).error).toBe(
      'reply: unknown threadUid "ghost"',
    );
  });

  it('a close leaves a system message with no nickname', () => {
    const sim = new Sim();
    const { thread } = sim.ok({ kind: 'visitorArrives' });
    sim.ok({ kind: 'closeThread', threadUid: thread.uid });
    expect(sim.state.messages[thread.uid]?.at(-1)).toMatchObject({ from: 'system', nickname: '' });
  });
});

describe('transferring a thread', () => {
  it('that is not the open one keeps the open pane', () => {
    const sim = new Sim();
    const open = sim.ok({ kind: 'visitorArrives' }).thread;
    const other = sim.ok({ kind: 'visitorArrives' }).thread;
    sim.ok({ kind: 'openThread', threadUid: open.uid });
    const { events } = sim.ok({ kind: 'transferThread', threadUid: other.uid });
    expect(events[0]).toMatchObject({ type: 'thread_status_changed', data: { action: 'transfer' } });
    expect(sim.thread(other.uid)).toBeUndefined();
    expect(sim.state.openThreadUid).toBe(open.uid);
  });

  it('that is queued or closed is refused, changing nothing', () => {
    const sim = new Sim({ scenario: 'busy-queue' });
    const queued = sim.byStatus('QUEUING')[0]!;
    const closed = sim.ok({ kind: 'closeThread', threadUid: sim.byStatus('CHATTING')[0]!.uid }).thread;
    for (const thread of [queued, closed]) {
      const before = sim.state;
      const result = sim.step({ kind: 'transferThread', threadUid: thread.uid });
      expect(result.error).toBe(
        `transferThread: only a CHATTING visitor thread can be transferred; ${thread.uid} is ${thread.type} ${thread.status}`,
      );
      expect(result.state).toBe(before);
      expect(result.events).toEqual([]);
    }
  });
});

describe('idle close in a world that has closed threads', () => {
  it('the demo world, 30 min later: the tick is accepted, closes its live visitors and leaves closed ones alone', () => {
    const sim = new Sim({ scenario: 'demo' });
    const closedBefore = sim.byStatus('CLOSED');
    const live = sim.threads().filter((t) => t.type !== 'MEMBER' && t.type !== 'GROUP' && t.status !== 'CLOSED');
    expect(closedBefore.length).toBeGreaterThan(0);
    expect(live.length).toBeGreaterThan(0);
    const { error, events } = sim.step({ kind: 'tick' }, IDLE_CLOSE_MS);
    expect(error).toBeUndefined();
    const autoClosed = events.flatMap((e) =>
      e.type === 'thread_status_changed' && e.data.action === 'auto_close' ? [e.data.thread.uid] : [],
    );
    expect(autoClosed.sort()).toEqual(live.map((t) => t.uid).sort());
    for (const thread of closedBefore) expect(sim.thread(thread.uid)).toEqual(thread);
  });
});

describe('autopilot', () => {
  type Activity = 'arrival' | 'visitor' | 'colleague' | 'group';

  /** What one autopilot step did, read from the thread it touched (the one whose last activity is now). */
  function activityOf(before: Sim['state'], sim: Sim): Activity {
    const touched = sim.threads().filter((t) => sim.state.lastActivity[t.uid] === sim.now);
    expect(touched).toHaveLength(1);
    const thread = touched[0]!;
    if (thread.type === 'MEMBER') return 'colleague';
    if (thread.type === 'GROUP') return 'group';
    return Object.hasOwn(before.threads, thread.uid) ? 'visitor' : 'arrival';
  }

  it('makes visitors arrive and talk, and colleagues and groups write, in about its stated weights', () => {
    const sim = new Sim({ scenario: 'demo', seed: 5 });
    const counts: Record<Activity, number> = { arrival: 0, visitor: 0, colleague: 0, group: 0 };
    const steps = 300;
    for (let i = 0; i < steps; i++) {
      const before = sim.state;
      expect(sim.step({ kind: 'autopilot' }).error).toBeUndefined();
      counts[activityOf(before, sim)]++;
    }
    // Weights: 30% arrivals, 50% a talking visitor writes, 10% a colleague, 10% a group (rules.ts autopilot).
    expect(counts.arrival / steps).toBeGreaterThan(0.2);
    expect(counts.arrival / steps).toBeLessThan(0.4);
    expect(counts.visitor / steps).toBeGreaterThan(0.4);
    expect(counts.visitor / steps).toBeLessThan(0.6);
    expect(counts.colleague / steps).toBeGreaterThan(0.05);
    expect(counts.colleague / steps).toBeLessThan(0.15);
    expect(counts.group / steps).toBeGreaterThan(0.05);
    expect(counts.group / steps).toBeLessThan(0.15);
  });

  it('chooses by its roll: below 0.3 an arrival, then a visitor writes, from 0.8 a colleague, from 0.9 a group', () => {
    const sim = new Sim({ scenario: 'demo', seed: 5 });
    /** A generator state whose first roll falls in [from, to): the roll autopilot will draw. */
    const stateRolling = (from: number, to: number) => {
      for (let state = 1; ; state++) {
        const roll = createRng(state).next();
        if (roll >= from && roll < to) return state;
      }
    };
    const bands: Array<[number, number, Activity]> = [
      [0, 0.3, 'arrival'],
      [0.3, 0.8, 'visitor'],
      [0.8, 0.9, 'colleague'],
      [0.9, 1, 'group'],
    ];
    const start = sim.state;
    for (const [from, to, activity] of bands) {
      sim.state = { ...start, rng: stateRolling(from, to) };
      sim.step({ kind: 'autopilot' });
      expect(activityOf(start, sim), `roll in [${from}, ${to})`).toBe(activity);
    }
  });

  it('only talks in CHATTING visitor threads', () => {
    const sim = new Sim({ scenario: 'busy-queue', seed: 2 });
    // A queued thread starts with the visitor's line and the queue text (docs/protocol.md §9): count from there.
    const before = new Map(sim.byStatus('QUEUING').map((t) => [t.uid, sim.state.messages[t.uid]?.length ?? 0]));
    for (let i = 0; i < 100; i++) expect(sim.step({ kind: 'autopilot' }).error).toBeUndefined();
    expect(sim.byStatus('QUEUING').length).toBeGreaterThan(before.size);
    const wroteToQueued = [...before].filter(([uid, n]) => (sim.state.messages[uid]?.length ?? 0) > n);
    expect(wroteToQueued).toEqual([]);
  });
});

describe('a bug inside a rule', () => {
  /** A world whose MEMBER thread lost its user: reading `t.user.uid` in a rule throws a TypeError. */
  function corrupted() {
    const sim = new Sim();
    const member = sim.ok({ kind: 'colleagueSends', nickname: 'Li' }).thread;
    const broken = { ...member, user: undefined } as unknown as typeof member;
    return { ...sim.state, threads: { ...sim.state.threads, [member.uid]: broken } };
  }

  it('propagates out of step as the error it is, not as a refusal', () => {
    const state = corrupted();
    expect(() => step(state, { kind: 'colleagueSends', nickname: 'Li' }, NOW + 60_000)).toThrow(TypeError);
  });

  it('while a refusal is returned as `error`, with the state unchanged', () => {
    const state = corrupted();
    const result = step(state, { kind: 'closeThread', threadUid: 'ghost' }, NOW + 60_000);
    expect(result).toEqual({ state, events: [], error: 'closeThread: unknown threadUid "ghost"' });
  });

  it('does not change the state it was given', () => {
    const state = createWorld({ seed: 1, scenario: 'demo', now: NOW });
    const before = structuredClone(state);
    const member = Object.values(state.threads).find((t) => t.type === 'MEMBER')!;
    state.threads[member.uid] = { ...member, user: undefined } as unknown as typeof member;
    const snapshot = structuredClone(state);
    expect(() => step(state, { kind: 'colleagueSends' }, NOW + 60_000)).toThrow(TypeError);
    expect(state).toEqual(snapshot);
    expect(before).not.toEqual(snapshot);
  });
});

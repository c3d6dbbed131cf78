import { describe, expect, it } from 'vitest';
import { checkEmitted, ThreadSchema } from '../../protocol';
import { invariantProblems, NOW, Sim, stamp } from '../../test-support/world-kit';
import { createWorld } from './create';
import { parseVendorDate } from './dates';
import { createRng, seedState } from './rng';
import { step } from './step';
import { type Input, SCENARIOS, type WorldState } from './types';
import { unreadSummary } from './unread';

/** A scripted session: arrivals, talk, commands, and the seeded autopilot. */
function session(seed: number, scenario: (typeof SCENARIOS)[number] = 'demo') {
  const sim = new Sim({ seed, scenario });
  for (let i = 0; i < 150; i++) {
    const threads = sim.threads();
    const input: Input =
      i % 10 === 0
        ? { kind: 'visitorArrives' }
        : i % 10 === 5 && threads.length > 0
          ? {
              kind: 'command',
              command: { type: 'clear_unread_count', data: { threadUid: threads[i % threads.length]!.uid } },
            }
          : { kind: 'autopilot' };
    sim.step(input, 7_000);
  }
  sim.step({ kind: 'tick' }, 31 * 60_000);
  return sim;
}

describe('determinism', () => {
  it('same seed, inputs and clock: deep-equal states and events', () => {
    const a = session(42);
    const b = session(42);
    expect(b.state).toEqual(a.state);
    expect(b.events).toEqual(a.events);
    expect(a.events.length).toBeGreaterThan(100);
  });

  it('createWorld is a function of its options', () => {
    for (const scenario of SCENARIOS) {
      expect(createWorld({ seed: 5, scenario, now: NOW })).toEqual(createWorld({ seed: 5, scenario, now: NOW }));
    }
  });

  it('different seeds make different worlds and different histories', () => {
    const a = session(1);
    const b = session(2);
    expect(b.state.agent.uid).not.toBe(a.state.agent.uid);
    expect(Object.keys(b.state.threads)).not.toEqual(Object.keys(a.state.threads));
    expect(b.events).not.toEqual(a.events);
  });

  it('seeds 0, 1 and 2 start far apart', () => {
    const uids = [0, 1, 2].map((seed) => createWorld({ seed, scenario: 'empty', now: NOW }).agent.uid);
    expect(new Set(uids).size).toBe(3);
  });

  it('the state is plain JSON: a world reloaded from JSON goes on exactly as the original', () => {
    const original = session(9);
    const reloaded = JSON.parse(JSON.stringify(original.state)) as WorldState;
    expect(reloaded).toEqual(original.state);
    const inputs: Input[] = [{ kind: 'autopilot' }, { kind: 'visitorArrives' }, { kind: 'colleagueSends' }];
    for (const input of inputs) {
      const x = step(original.state, input, original.now + 1000);
      const y = step(reloaded, input, original.now + 1000);
      expect(y).toEqual(x);
    }
  });

  it('step never mutates the state it is given', () => {
    const sim = new Sim({ scenario: 'busy-queue' });
    const before = sim.state;
    const snapshot = structuredClone(before);
    const queued = sim.byStatus('QUEUING')[0]!;
    const inputs: Input[] = [
      { kind: 'acceptThread', threadUid: queued.uid },
      { kind: 'visitorSends', threadUid: queued.uid, content: 'x' },
      { kind: 'openThread', threadUid: queued.uid },
      { kind: 'transferThread', threadUid: sim.byStatus('CHATTING')[0]!.uid },
      { kind: 'setStatus', status: 'BUSY' },
      { kind: 'colleagueSends', nickname: 'new colleague' },
      { kind: 'tick' },
    ];
    for (const input of inputs) step(before, input, NOW + 60 * 60_000);
    expect(before).toEqual(snapshot);
  });
});

describe('scenarios', () => {
  it.each(SCENARIOS)('%s makes a valid world', (scenario) => {
    const sim = new Sim({ scenario, seed: 3 });
    expect(invariantProblems(sim.state, unreadSummary(sim.state))).toEqual([]);
    for (const thread of sim.threads()) expect(ThreadSchema.safeParse(thread).error).toBeUndefined();
    for (const event of sim.events) expect(checkEmitted(stamp(event))).toBeNull();
    expect(sim.state.scenario).toBe(scenario);
    expect(sim.state.agent.status).toBe('AVAILABLE');
    expect(sim.state.openThreadUid).toBeNull();
  });

  it.each(SCENARIOS)('%s: every date lies in the past, the history replayed before now', (scenario) => {
    const state = createWorld({ seed: 3, scenario, now: NOW });
    for (const t of Object.values(state.threads)) {
      expect(parseVendorDate(t.createdAt)).toBeLessThanOrEqual(parseVendorDate(t.updatedAt));
      expect(parseVendorDate(t.updatedAt)).toBeLessThanOrEqual(NOW);
    }
    expect(state.agent.createdAt).toBe('2024-12-16 12:00:00');
  });

  it('empty: no threads, the first sync says 0', () => {
    const sim = new Sim({ scenario: 'empty' });
    expect(sim.threads()).toEqual([]);
    expect(sim.events).toEqual([{ type: 'unread_message_count', data: { totalUnreadCount: 0, unreadThreads: [] } }]);
  });

  it('busy-queue: a full agent (5 CHATTING) with 3 QUEUING', () => {
    const sim = new Sim({ scenario: 'busy-queue' });
    expect(sim.byStatus('CHATTING')).toHaveLength(5);
    expect(sim.byStatus('QUEUING')).toHaveLength(3);
    expect(sim.threads()).toHaveLength(8);
    expect(sim.ok({ kind: 'visitorArrives' }).thread.status).toBe('QUEUING');
  });

  it('demo: a lively world with closed, colleague, group and unread visitor threads', () => {
    const sim = new Sim({ scenario: 'demo' });
    const kinds = new Set(sim.threads().map((t) => `${t.type} ${t.status}`));
    expect(kinds).toEqual(
      new Set([
        'WORKGROUP CLOSED',
        'AGENT CLOSED',
        'MEMBER CHATTING',
        'GROUP CHATTING',
        'WORKGROUP CHATTING',
        'AGENT CHATTING',
      ]),
    );
    expect(sim.events).toHaveLength(1);
    expect(unreadSummary(sim.state).totalUnreadCount).toBeGreaterThan(0);
  });

  it('history is not news: a new world announces its unread state on the first sync, not before', () => {
    const state = createWorld({ seed: 1, scenario: 'demo', now: NOW });
    const { events } = step(state, { kind: 'sync' }, NOW);
    expect(events).toEqual([{ type: 'unread_message_count', data: unreadSummary(state) }]);
  });

  it('a world that has announced nothing announces its unread state with its first step, whatever it is', () => {
    const state = createWorld({ seed: 1, scenario: 'demo', now: NOW });
    const input = { kind: 'setStatus', status: 'BUSY' } as const;
    const { events, state: after } = step(state, input, NOW);
    expect(events.map((e) => e.type)).toEqual(['agent_status_changed', 'unread_message_count']);
    // Once announced, a step that writes no thread says nothing more about unread counts.
    expect(step(after, input, NOW).events.map((e) => e.type)).toEqual(['agent_status_changed']);
  });

  it('login options name the agent', () => {
    const state = createWorld({
      seed: 1,
      scenario: 'empty',
      now: NOW,
      login: { email: 'ops@example.com', nickname: 'Ops' },
    });
    expect(state.agent).toMatchObject({ email: 'ops@example.com', nickname: 'Ops' });
  });
});

describe('rng', () => {
  it('replays from its state', () => {
    const a = createRng(seedState(7));
    const draws = Array.from({ length: 5 }, () => a.next());
    const b = createRng(seedState(7));
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(draws);
    const c = createRng(a.state);
    const d = createRng(a.state);
    expect(c.digits(16)).toBe(d.digits(16));
  });

  it('keeps within its bounds', () => {
    const rng = createRng(seedState(1));
    for (let i = 0; i < 2000; i++) {
      const x = rng.next();
      expect(x >= 0 && x < 1).toBe(true);
      const n = rng.int(3, 5);
      expect([3, 4, 5]).toContain(n);
      expect(rng.digits(16)).toMatch(/^[1-9]\d{15}$/);
    }
  });

  it('reaches every value of a small range', () => {
    const rng = createRng(seedState(1));
    const seen = new Set(Array.from({ length: 200 }, () => rng.pick(['a', 'b', 'c'])));
    expect(seen).toEqual(new Set(['a', 'b', 'c']));
  });

  it('refuses to pick from nothing', () => {
    expect(() => createRng(1).pick([])).toThrow(new RangeError('rng.pick: no items to pick from'));
  });
});

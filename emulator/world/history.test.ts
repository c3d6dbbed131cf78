import { describe, expect, it } from 'vitest';
import { ThreadSchema } from '../../protocol';
import { createWorld } from './create';
import { parseVendorDate } from './dates';
import { addHistory } from './history';
import { step } from './step';
import { invariantProblems, NOW } from './test-kit';
import { unreadSummary } from './unread';

const DAY = 86_400_000;

describe('historical threads (threads=<n>)', () => {
  it('adds n closed, read visitor threads from the last month, each with its two messages', () => {
    const base = createWorld({ seed: 3, scenario: 'demo', now: NOW });
    const world = createWorld({ seed: 3, scenario: 'demo', now: NOW, history: 500 });
    const added = Object.values(world.threads).filter((t) => !Object.hasOwn(base.threads, t.uid));
    expect(added).toHaveLength(500);
    expect(world.history).toBe(500);
    for (const thread of added) {
      expect(ThreadSchema.safeParse(thread).success, thread.uid).toBe(true);
      expect(thread.status).toBe('CLOSED');
      expect(['AGENT', 'WORKGROUP']).toContain(thread.type);
      expect(thread.unreadCount).toBe(0);
      const created = parseVendorDate(thread.createdAt);
      expect(created).toBeGreaterThanOrEqual(NOW - 30 * DAY);
      expect(created).toBeLessThanOrEqual(NOW - 3 * DAY);
      expect(parseVendorDate(thread.updatedAt)).toBeGreaterThan(created);
      const messages = world.messages[thread.uid] ?? [];
      expect(messages.map((m) => m.from)).toEqual(['visitor', 'system']);
      expect(messages[1]?.content).toBe(thread.content);
    }
    expect(invariantProblems(world, unreadSummary(world))).toEqual([]);
  });

  it("leaves the scenario's own threads and unread state as they were", () => {
    const base = createWorld({ seed: 3, scenario: 'demo', now: NOW });
    const world = createWorld({ seed: 3, scenario: 'demo', now: NOW, history: 200 });
    for (const [uid, thread] of Object.entries(base.threads)) expect(world.threads[uid]).toEqual(thread);
    expect(unreadSummary(world)).toEqual(unreadSummary(base));
  });

  it('is seeded: same seed, same history; another seed, another one', () => {
    const a = createWorld({ seed: 8, scenario: 'empty', now: NOW, history: 100 });
    expect(createWorld({ seed: 8, scenario: 'empty', now: NOW, history: 100 })).toEqual(a);
    const b = createWorld({ seed: 9, scenario: 'empty', now: NOW, history: 100 });
    expect(Object.keys(b.threads)).not.toEqual(Object.keys(a.threads));
  });

  it('goes on through the rules: a step after the history emits nothing about it', () => {
    const world = createWorld({ seed: 1, scenario: 'empty', now: NOW, history: 50 });
    const { events } = step(world, { kind: 'sync' }, NOW + 1000);
    expect(events).toEqual([{ type: 'unread_message_count', data: { totalUnreadCount: 0, unreadThreads: [] } }]);
  });

  it('refuses a count that is not a whole number, naming what arrived', () => {
    const world = createWorld({ seed: 1, scenario: 'empty', now: NOW });
    expect(() => addHistory(world, -1, NOW)).toThrow('count must be an integer >= 0; got -1');
    expect(() => addHistory(world, 1.5, NOW)).toThrow('got 1.5');
    expect(addHistory(world, 0, NOW)).toBe(world);
  });
});

import { describe, expect, it } from 'vitest';
import { ThreadSchema } from '../../protocol';
import { invariantProblems, NOW } from '../../test-support/world-kit';
import { VISITOR_LINES } from './content';
import { createWorld } from './create';
import { parseVendorDate } from './dates';
import { addHistory } from './history';
import { messagesOf } from './messages';
import { step } from './step';
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
      const messages = messagesOf(world, thread.uid);
      expect(messages.map((m) => m.from)).toEqual(['visitor', 'system']);
      expect(messages[0]).toMatchObject({ nickname: thread.user.nickname, createdAt: thread.createdAt });
      expect(VISITOR_LINES).toContain(messages[0]?.content);
      expect(messages[1]).toMatchObject({ nickname: '', content: thread.content, createdAt: thread.updatedAt });
    }
    expect(invariantProblems(world, unreadSummary(world))).toEqual([]);
  });

  it('makes them like live ones: 16-digit uids, topic and workgroup matching the type', () => {
    const world = createWorld({ seed: 4, scenario: 'empty', now: NOW, history: 200 });
    const threads = Object.values(world.threads);
    const workgroupUids = world.workgroups.map((w) => w.uid);
    for (const thread of threads) {
      expect(thread.uid).toMatch(/^[1-9]\d{15}$/);
      expect(thread.user.uid).toMatch(/^[1-9]\d{15}$/);
      if (thread.type === 'WORKGROUP') {
        const workgroup = JSON.parse(thread.workgroup) as { uid: string };
        expect(workgroupUids).toContain(workgroup.uid);
        expect(thread.topic).toBe(`org/workgroup/${workgroup.uid}/${thread.user.uid}`);
      } else {
        expect(thread.workgroup).toBe('{}');
        expect(thread.topic).toBe(`org/agent/${world.agent.uid}/${thread.user.uid}`);
      }
    }
    expect(new Set(threads.map((t) => t.type))).toEqual(new Set(['AGENT', 'WORKGROUP']));
  });

  it('closes every one at least three days ago, so the history ends before any scenario begins', () => {
    const world = createWorld({ seed: 4, scenario: 'empty', now: NOW, history: 100 });
    const closed = Object.values(world.threads).map((t) => parseVendorDate(t.updatedAt));
    expect(Math.max(...closed)).toBeLessThanOrEqual(NOW - 3 * DAY);
    expect(Math.min(...closed)).toBeGreaterThanOrEqual(NOW - 30 * DAY);
  });

  it('spreads the closing times over the month rather than stacking them', () => {
    const world = createWorld({ seed: 4, scenario: 'empty', now: NOW, history: 100 });
    const closed = Object.values(world.threads).map((t) => parseVendorDate(t.updatedAt));
    expect(new Set(closed).size).toBe(100);
    expect(Math.max(...closed) - Math.min(...closed)).toBeGreaterThan(20 * DAY);
  });

  it("leaves the scenario's own threads and unread state as they were", () => {
    const base = createWorld({ seed: 3, scenario: 'demo', now: NOW });
    const world = createWorld({ seed: 3, scenario: 'demo', now: NOW, history: 200 });
    for (const [uid, thread] of Object.entries(base.threads)) expect(world.threads[uid]).toEqual(thread);
    expect(unreadSummary(world)).toEqual(unreadSummary(base));
    // The unread state remembered for the new list is what a count from scratch finds (a copy is not remembered).
    expect(unreadSummary(world).totalUnreadCount).toBeGreaterThan(0);
    expect(unreadSummary(world)).toEqual(unreadSummary(structuredClone(world)));
  });

  it('is seeded: same seed, same history; another seed, another one', () => {
    const a = createWorld({ seed: 8, scenario: 'empty', now: NOW, history: 100 });
    expect(createWorld({ seed: 8, scenario: 'empty', now: NOW, history: 100 })).toEqual(a);
    const b = createWorld({ seed: 9, scenario: 'empty', now: NOW, history: 100 });
    expect(Object.keys(b.threads)).not.toEqual(Object.keys(a.threads));
  });

  it('derives the messages instead of storing them: the same on every read, in a copy and after a reload', () => {
    const world = createWorld({ seed: 5, scenario: 'demo', now: NOW, history: 300 });
    const historical = Object.values(world.threads).filter((t) => t.status === 'CLOSED' && !world.messages[t.uid]);
    expect(historical).toHaveLength(300);
    const first = historical[0]!;
    expect(messagesOf(world, first.uid)).toBe(messagesOf(world, first.uid));
    const reloaded = JSON.parse(JSON.stringify(world)) as typeof world;
    for (const thread of historical) expect(messagesOf(reloaded, thread.uid)).toEqual(messagesOf(world, thread.uid));
    // Seeded per thread: the lines and uids differ between threads, not only between worlds.
    expect(new Set(historical.map((t) => messagesOf(world, t.uid)[0]?.uid)).size).toBe(300);
    expect(new Set(historical.map((t) => messagesOf(world, t.uid)[0]?.content)).size).toBeGreaterThan(5);
    const other = createWorld({ seed: 6, scenario: 'empty', now: NOW, history: 1 });
    const otherThread = Object.values(other.threads)[0]!;
    expect(messagesOf({ ...other, seed: 7 }, otherThread.uid)).not.toEqual(messagesOf(other, otherThread.uid));
  });

  it('gives threads the rules made their stored messages, and unknown threads none', () => {
    const world = createWorld({ seed: 5, scenario: 'demo', now: NOW, history: 10 });
    const live = Object.keys(world.messages)[0]!;
    expect(messagesOf(world, live)).toBe(world.messages[live]);
    expect(messagesOf(world, 'no-such-thread')).toEqual([]);
    expect(messagesOf(world, '__proto__')).toEqual([]);
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

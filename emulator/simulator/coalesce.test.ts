import { describe, expect, it } from 'vitest';
import type { OutgoingEvent } from '../../protocol';
import { testRuntime } from '../../test-support/test-runtime';
import { createTestApi } from './testApi';

/** docs/protocol.md §3: unread changes are coalesced per task, not per call; the browser's coalescing is used here. */
function setup(query = 'scenario=empty') {
  const runtime = testRuntime({ query, coalesce: 'task' });
  const events: OutgoingEvent[] = [];
  runtime.onEvents((batch) => events.push(...batch));
  const api = createTestApi(runtime, true);
  return { runtime, events, api };
}

const endOfTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const unread = (events: OutgoingEvent[]) => events.filter((e) => e.type === 'unread_message_count');
const total = (event: OutgoingEvent | undefined) =>
  (event?.data as { totalUnreadCount: number } | undefined)?.totalUnreadCount;
const threadUid = (event: OutgoingEvent | undefined) =>
  (event?.data as { thread?: { uid: string } } | undefined)?.thread?.uid;

describe('coalescing per task', () => {
  it('posts the initial sync when the task that started the console ends, not before', async () => {
    const { runtime, events } = setup();
    runtime.start();
    expect(events).toEqual([]);
    await endOfTask();
    expect(events.map((e) => e.type)).toEqual(['unread_message_count']);
    runtime.stop();
  });

  it('10,000 visitorSends in one synchronous block post ONE unread_message_count with the final total', async () => {
    const { runtime, events, api } = setup();
    runtime.start();
    await endOfTask();
    events.length = 0;
    const thread = api.visitorArrives({ nickname: 'Ann' });
    for (let i = 0; i < 10_000; i++) api.visitorSends(thread.uid, `m${i}`);
    await endOfTask();
    expect(unread(events)).toHaveLength(1);
    expect(total(unread(events)[0])).toBe(10_001);
    runtime.stop();
  });

  it('the unread event comes after the other events of the task, which keep their order', async () => {
    const { runtime, events, api } = setup();
    runtime.start();
    await endOfTask();
    events.length = 0;
    const a = api.visitorArrives({ nickname: 'A' });
    const b = api.visitorArrives({ nickname: 'B' });
    api.closeThread(a.uid);
    await endOfTask();
    expect(events.map((e) => e.type)).toEqual([
      'new_visitor_message',
      'new_visitor_message',
      'thread_status_changed',
      'unread_message_count',
    ]);
    expect(events.slice(0, 2).map(threadUid)).toEqual([a.uid, b.uid]);
    runtime.stop();
  });

  it('changes that cancel out within a task post nothing: no identical value twice in a row', async () => {
    const { runtime, events, api } = setup();
    runtime.start();
    await endOfTask();
    const thread = api.visitorArrives({ nickname: 'Ann' });
    api.openThread(thread.uid);
    await endOfTask();
    expect(total(unread(events).at(-1))).toBe(0);
    events.length = 0;
    api.openThread(null);
    api.visitorSends(thread.uid, 'hello');
    api.openThread(thread.uid);
    await endOfTask();
    expect(unread(events)).toEqual([]);
    runtime.stop();
  });

  it('tasks apart post apart', async () => {
    const { runtime, events, api } = setup();
    runtime.start();
    await endOfTask();
    const thread = api.visitorArrives({ nickname: 'Ann' });
    await endOfTask();
    api.visitorSends(thread.uid, 'one');
    await endOfTask();
    api.visitorSends(thread.uid, 'two');
    await endOfTask();
    expect(unread(events).map(total)).toEqual([0, 1, 2, 3]);
    runtime.stop();
  });

  it('refresh_threads re-announces even an unchanged state, coalesced with what else the task changed', async () => {
    const { runtime, events } = setup();
    runtime.start();
    await endOfTask();
    events.length = 0;
    runtime.command({ type: 'refresh_threads' });
    runtime.command({ type: 'refresh_threads' });
    await endOfTask();
    expect(unread(events)).toHaveLength(1);
    runtime.stop();
  });

  it('reset in the middle of a task: the old world’s last change, then the new world’s initial sync', async () => {
    const { runtime, events, api } = setup();
    runtime.start();
    await endOfTask();
    events.length = 0;
    api.visitorArrives({ nickname: 'Ann' });
    api.reset();
    await endOfTask();
    expect(unread(events).map(total)).toEqual([1, 0]);
    runtime.stop();
  });
});

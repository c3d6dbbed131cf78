import { afterEach, describe, expect, it } from 'vitest';
import { type ConsoleEvent, checkEmitted, type PayloadFamily, parseCommand } from '../../protocol';
import { fakeWindow, HOST } from '../../test-support/fake-window';
import { T0, testRuntime } from '../../test-support/test-runtime';
import { virtualClock } from '../simulator/clock';
import type { Runtime } from '../simulator/runtime';
import { installBridge } from './bridge';
import { originPolicy } from './origins';
import { project } from './payload';

const running: Runtime[] = [];
afterEach(() => {
  for (const runtime of running.splice(0)) runtime.stop();
});

/** A framed console with payload=`family`, validation loaded; what the host received, as events. */
function framed(family: PayloadFamily) {
  const runtime = testRuntime({ params: { scenario: 'demo', payload: family }, clock: virtualClock(T0) });
  running.push(runtime);
  const w = fakeWindow();
  installBridge({
    runtime,
    policy: originPolicy({ parent: HOST, allow: [] }),
    win: w.win,
    validation: { parseCommand, checkEmitted },
  });
  runtime.start();
  const received = () => w.messages as ConsoleEvent[];
  const refused = () => runtime.log.list().filter((e) => e.direction === 'out' && e.outcome !== 'ok');
  return { runtime, received, refused, w };
}

const THIN_KEYS = ['content', 'topic', 'type', 'uid', 'unreadCount', 'updatedAt', 'user'];
const MINIMAL_KEYS = ['content', 'createdAt', 'topic', 'type', 'uid', 'user'];
const keys = (o: object) => Object.keys(o).sort();

function arrival(runtime: Runtime, received: () => ConsoleEvent[]) {
  runtime.dispatch({ kind: 'visitorArrives', type: 'WORKGROUP', nickname: 'Ann' });
  const event = received().find((e) => e.type === 'new_visitor_message');
  if (event?.type !== 'new_visitor_message') throw new Error('no new_visitor_message');
  const unread = received().at(-1);
  if (unread?.type !== 'unread_message_count') throw new Error('no unread event after the arrival');
  return { thread: event.data.thread, unread };
}

describe('payload=vendor (the default): what the real console most likely sends (docs/protocol.md §9)', () => {
  it('threads from the list are full ThreadResponse objects', () => {
    const { received } = framed('vendor');
    const [first] = received();
    if (first?.type !== 'unread_message_count') throw new Error('no initial sync');
    expect(first.data.unreadThreads.length).toBeGreaterThan(0);
    for (const thread of first.data.unreadThreads) expect(thread).toHaveProperty('agentProtobuf');
  });

  it('a thread born from a live message is thin, in new_visitor_message and in the unread list, until refresh_threads', () => {
    const { runtime, received, refused } = framed('vendor');
    const { thread, unread } = arrival(runtime, received);
    expect(keys(thread)).toEqual(THIN_KEYS);
    expect(keys(thread.user ?? {})).toEqual(['avatar', 'nickname', 'uid']);
    const listed = unread.data.unreadThreads.find((t) => t.uid === thread.uid);
    expect(keys(listed ?? {})).toEqual(THIN_KEYS);
    // Older threads in the same list stay full: the mix is heterogeneous.
    expect(unread.data.unreadThreads.some((t) => 'agentProtobuf' in t)).toBe(true);

    runtime.command({ type: 'refresh_threads' });
    const refreshed = received().at(-1);
    if (refreshed?.type !== 'unread_message_count') throw new Error('no unread event after the refresh');
    expect(refreshed.data.unreadThreads.find((t) => t.uid === thread.uid)).toHaveProperty('agentProtobuf');
    expect(refused()).toEqual([]);
  });
});

describe('payload=minimal and payload=full', () => {
  it('minimal sends exactly what the doc promises: uid, topic, type, user, content, createdAt', () => {
    const { runtime, received, refused } = framed('minimal');
    const { thread, unread } = arrival(runtime, received);
    expect(keys(thread)).toEqual(MINIMAL_KEYS);
    for (const t of unread.data.unreadThreads) expect(keys(t)).toEqual(MINIMAL_KEYS);
    expect(refused()).toEqual([]);
  });

  it('full sends ThreadResponse everywhere, also for a thread born from a live message', () => {
    const { runtime, received, refused } = framed('full');
    const { thread } = arrival(runtime, received);
    expect(thread).toMatchObject({ note: null, channel: 'WEB', transferStatus: 'NONE', level: 'ORGANIZATION' });
    expect(thread).toEqual(runtime.world.peek().threads[thread.uid]);
    expect(refused()).toEqual([]);
  });

  it.each(['vendor', 'minimal', 'full'] as const)(
    '%s: every posted event passes its family’s strict check',
    (family) => {
      const { runtime, received, refused } = framed(family);
      arrival(runtime, received);
      runtime.dispatch({ kind: 'colleagueSends' });
      runtime.dispatch({ kind: 'groupSends' });
      runtime.command({ type: 'update_agent_status_busy' });
      expect(refused()).toEqual([]);
      for (const event of received()) expect(checkEmitted(event, family)).toBeNull();
      // A thin thread is not a ThreadResponse: the strict check of another family says so.
      if (family === 'vendor') expect(received().some((e) => checkEmitted(e, 'full') !== null)).toBe(true);
    },
  );
});

describe('project: every event that carries a thread carries it cut to the family', () => {
  const world = () => {
    const { runtime } = framed('full');
    const thread = Object.values(runtime.world.peek().threads)[0];
    if (!thread) throw new Error('no thread in the demo');
    return thread;
  };

  it('thread_status_changed: minimal sends the minimal thread, vendor a thin one when live-born; the action stays', () => {
    const thread = world();
    const event = { type: 'thread_status_changed', data: { thread, action: 'close' } } as const;
    const minimal = project(event, 'minimal', {});
    if (minimal.type !== 'thread_status_changed') throw new Error(minimal.type);
    expect(keys(minimal.data.thread)).toEqual(MINIMAL_KEYS);
    expect(minimal.data.action).toBe('close');
    const thin = project(event, 'vendor', { [thread.uid]: true });
    if (thin.type !== 'thread_status_changed') throw new Error(thin.type);
    expect(keys(thin.data.thread)).toEqual(THIN_KEYS);
    expect(thin.data.action).toBe('close');
    expect(project(event, 'vendor', {})).toEqual(event);
  });

  it('new_visitor_message: the same cut, and nothing but the thread', () => {
    const thread = world();
    const event = { type: 'new_visitor_message', data: { thread } } as const;
    const minimal = project(event, 'minimal', {});
    expect(keys(minimal.data)).toEqual(['thread']);
    if (minimal.type !== 'new_visitor_message') throw new Error(minimal.type);
    expect(keys(minimal.data.thread)).toEqual(MINIMAL_KEYS);
  });
});

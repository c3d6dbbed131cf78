/**
 * A bug inside a world rule (here: a TypeError on a corrupted thread) is an error wherever it surfaces: thrown to
 * the caller, named in a notice, never turned into a refusal; and time goes on after it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Thread } from '../../protocol';
import { T0, testRuntime } from '../../test-support/test-runtime';
import { IDLE_CLOSE_MS, type WorldState } from '../world';
import { virtualClock } from './clock';
import type { Runtime } from './runtime';
import { createTestApi } from './testApi';

const running: Runtime[] = [];
afterEach(() => {
  for (const runtime of running.splice(0)) runtime.stop();
  vi.restoreAllMocks();
});

function setup(autopilot = false) {
  const clock = virtualClock(T0);
  const runtime = testRuntime({ params: { scenario: 'empty', autopilot }, clock });
  running.push(runtime);
  runtime.start();
  const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
  const events: string[] = [];
  runtime.onEvents((batch) => events.push(...batch.map((e) => e.type)));
  return { runtime, clock, consoleError, events };
}

/** The world with a colleague's thread whose user is gone: any rule that reads `t.user.uid` throws a TypeError. */
function corrupt(runtime: Runtime, mutate: (thread: Thread) => unknown): WorldState {
  const thread = runtime.dispatch({ kind: 'colleagueSends', nickname: 'Li' }).thread!;
  const world = runtime.world.peek();
  const broken = { ...world, threads: { ...world.threads, [thread.uid]: mutate(thread) as Thread } };
  runtime.world.value = broken;
  return broken;
}

describe('a bug inside the world', () => {
  it('is thrown to the caller of dispatch, changes nothing and emits nothing', () => {
    const { runtime, events } = setup();
    const broken = corrupt(runtime, (t) => ({ ...t, user: undefined }));
    events.length = 0;
    expect(() => runtime.dispatch({ kind: 'colleagueSends', nickname: 'Li' })).toThrow(TypeError);
    expect(runtime.world.peek()).toBe(broken);
    expect(events).toEqual([]);
  });

  it('is named in a notice and on the console as an emulator bug, once however often it happens', () => {
    const { runtime, consoleError } = setup();
    corrupt(runtime, (t) => ({ ...t, user: undefined }));
    for (let i = 0; i < 3; i++) expect(() => runtime.dispatch({ kind: 'colleagueSends' })).toThrow(TypeError);
    expect(runtime.notices.peek()).toHaveLength(1);
    expect(runtime.notices.peek()[0]).toMatch(
      /^Emulator bug: colleagueSends failed inside the world \(TypeError: .+\); nothing was changed\./,
    );
    expect(consoleError).toHaveBeenCalledWith(
      'agent-console-emulator: colleagueSends failed inside the world',
      expect.any(TypeError),
    );
  });

  it('fails a test API call with the TypeError itself, not a refusal', () => {
    const { runtime } = setup();
    corrupt(runtime, (t) => ({ ...t, user: undefined }));
    const api = createTestApi(runtime, false);
    expect(() => api.colleagueSends({ nickname: 'Li' })).toThrow(TypeError);
    // A refusal still reads as one.
    expect(() => api.closeThread('ghost')).toThrow(new Error('closeThread: unknown threadUid "ghost"'));
  });

  it('in an idle tick surfaces from the clock, and the ticks go on once the world is sound again', () => {
    const { runtime, clock } = setup();
    const visitor = runtime.dispatch({ kind: 'visitorArrives' }).thread!;
    const sound = runtime.world.peek();
    // A null thread makes the idle rule throw while it looks at the list.
    runtime.world.value = { ...sound, threads: { ...sound.threads, broken: null as unknown as Thread } };
    expect(() => clock.advance?.(10_000)).toThrow(TypeError);
    expect(runtime.notices.peek()[0]).toMatch(/^Emulator bug: tick failed inside the world/);
    runtime.world.value = sound;
    clock.advance?.(IDLE_CLOSE_MS);
    expect(runtime.world.peek().threads[visitor.uid]?.status).toBe('CLOSED');
  });

  it('in autopilot surfaces from the clock, and autopilot goes on once the world is sound again', () => {
    const { runtime, clock } = setup(true);
    const sound = runtime.world.peek();
    runtime.world.value = { ...sound, threads: { broken: null as unknown as Thread } };
    expect(() => clock.advance?.(10_000)).toThrow(TypeError);
    expect(() => clock.advance?.(10_000)).toThrow(TypeError);
    expect(runtime.notices.peek().map((n) => n.split(' failed')[0])).toEqual([
      'Emulator bug: tick',
      'Emulator bug: autopilot',
    ]);
    runtime.world.value = sound;
    clock.advance?.(30_000);
    expect(Object.keys(runtime.world.peek().threads).length).toBeGreaterThan(0);
  });
});

/** docs/protocol.md §11 at the bridge: commands before ready are logged `early`, never applied; chaos on events out. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkEmitted, parseCommand } from '../../protocol';
import { fakeWindow, HOST } from '../../test-support/fake-window';
import { testRuntime } from '../../test-support/test-runtime';
import type { Runtime } from '../simulator/runtime';
import { installBridge, type Validation } from './bridge';
import { listenEarly } from './early';
import { originPolicy } from './origins';

const VALIDATION: Validation = { parseCommand, checkEmitted };
const running: Runtime[] = [];
afterEach(() => {
  for (const runtime of running.splice(0)) runtime.stop();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

function setup(query = 'scenario=empty', { inbox = false } = {}) {
  const runtime = testRuntime({ query });
  running.push(runtime);
  const fake = fakeWindow();
  const early = inbox ? listenEarly(fake.win) : undefined;
  const install = () =>
    installBridge({
      runtime,
      policy: originPolicy({ parent: HOST, allow: [] }),
      win: fake.win,
      validation: VALIDATION,
      inbox: early,
    });
  return { runtime, ...fake, install };
}

describe('commands before the console is ready', () => {
  it('are logged early with how many ms before ready they came, and not applied; the initial sync follows', () => {
    const { runtime, deliver, messages, install } = setup();
    install();
    const now = vi.spyOn(Date, 'now').mockReturnValue(1_000);
    deliver({ type: 'update_agent_status_busy' });
    now.mockReturnValue(1_188);
    deliver({ type: 'update_agent_status', data: { status: 'ONLINE' } });
    expect(runtime.log.list()).toEqual([]);
    expect(messages).toEqual([]);

    now.mockReturnValue(1_812);
    runtime.start();
    expect(runtime.world.peek().agent.status).toBe('AVAILABLE');
    const log = runtime.log.list();
    expect(log.map((e) => `${e.direction} ${e.type} ${e.outcome}`)).toEqual([
      'in update_agent_status_busy early',
      'in update_agent_status early',
      'out unread_message_count ok',
    ]);
    expect(log[0]?.reason).toBe(
      'update_agent_status_busy arrived 812 ms before the console was ready; the real console would not have heard it',
    );
    expect(log[1]?.reason).toBe(
      'update_agent_status arrived 624 ms before the console was ready; the real console would not have heard it' +
        ' (it was invalid too: update_agent_status: data.status must be one of AVAILABLE, BUSY, OFFLINE; got "ONLINE")',
    );
    expect(messages.map((m) => (m as { type: string }).type)).toEqual(['unread_message_count']);
    expect(runtime.log.counts()).toMatchObject({ early: 2, ok: 0, violation: 0, out: 1 });
    expect(runtime.boot.peek()).toMatchObject({ firstCommand: 1_000, ready: 1_812, early: 2 });
  });

  it('foreign traffic and strangers before ready keep their own verdicts', () => {
    const { runtime, deliver, install } = setup();
    install();
    deliver({ type: 'webpackHotUpdate' });
    deliver({ type: 'update_agent_status_busy' }, { origin: 'https://evil.example' });
    runtime.start();
    expect(runtime.log.list().map((e) => e.outcome)).toEqual(['foreign', 'rejected-origin', 'ok']);
    expect(runtime.boot.peek().early).toBe(0);
  });

  it('what arrived before the bridge was installed is logged early too, in arrival order', () => {
    const now = vi.spyOn(Date, 'now').mockReturnValue(500);
    const { runtime, deliver, install } = setup('scenario=empty', { inbox: true });
    deliver({ type: 'refresh_threads' });
    now.mockReturnValue(600);
    install();
    deliver({ type: 'update_agent_status_offline' });
    now.mockReturnValue(700);
    runtime.start();
    expect(runtime.log.list().map((e) => `${e.type} ${e.outcome} ${e.reason?.match(/\d+ ms/)?.[0] ?? ''}`)).toEqual([
      'refresh_threads early 200 ms',
      'update_agent_status_offline early 100 ms',
      'unread_message_count ok ',
    ]);
    expect(runtime.boot.peek()).toMatchObject({ listener: 500, firstCommand: 500 });
  });

  it('a flood before ready keeps the first 10,000 and logs the rest at once, unjudged, all early', () => {
    const { runtime, deliver, install } = setup();
    install();
    for (let i = 0; i < 10_005; i++) deliver({ type: 'update_agent_status_busy' });
    expect(runtime.log.counts().early).toBe(5);
    expect(runtime.log.list()[0]).toMatchObject({
      direction: 'in',
      type: 'update_agent_status_busy',
      outcome: 'early',
      reason: 'arrived before the console was ready, beyond the 10000 messages kept until then',
      message: null,
    });
    // The boot timeline counts them as they come, not only once the console is ready.
    expect(runtime.boot.peek().early).toBe(5);
    runtime.start();
    expect(runtime.log.counts().early).toBe(10_005);
    expect(runtime.boot.peek().early).toBe(10_005);
    expect(runtime.world.peek().agent.status).toBe('AVAILABLE');
  });

  it('after ready, commands are applied as usual', () => {
    const { runtime, deliver, install } = setup();
    install();
    runtime.start();
    deliver({ type: 'update_agent_status_busy' });
    expect(runtime.world.peek().agent.status).toBe('BUSY');
    expect(runtime.log.counts()).toMatchObject({ ok: 1, early: 0 });
  });
});

describe('chaos (opt-in, not vendor behaviour)', () => {
  const outcomes = (runtime: Runtime) =>
    runtime.log
      .list()
      .filter((e) => e.direction === 'out')
      .map((e) => e.chaos ?? 'posted');

  it('drop:1 posts nothing and logs every event as dropped', () => {
    const { runtime, messages, install } = setup('scenario=empty&chaos=drop:1');
    install();
    runtime.start();
    expect(messages).toEqual([]);
    expect(outcomes(runtime)).toEqual(['dropped']);
    // Logged as sent by the console (ok, with its target): chaos lost it on the wire, the console did not refuse it.
    expect(runtime.log.list()[0]).toMatchObject({
      direction: 'out',
      type: 'unread_message_count',
      outcome: 'ok',
      chaos: 'dropped',
      target: HOST,
      reason: 'chaos: dropped, never posted (chaos=drop 1; not vendor behaviour)',
    });
    expect(runtime.log.counts().out).toBe(0);
  });

  it('dup:1 posts every event twice, each copy logged', () => {
    const { runtime, messages, install } = setup('scenario=empty&chaos=dup:1');
    install();
    runtime.start();
    expect(messages).toHaveLength(2);
    expect(messages[0]).toEqual(messages[1]);
    expect(outcomes(runtime)).toEqual(['posted', 'duplicated']);
    expect(runtime.log.list().map((e) => e.reason)).toEqual([
      undefined,
      'chaos: duplicated, posted twice (chaos=dup 1; not vendor behaviour)',
    ]);
    expect(runtime.log.counts().out).toBe(2);
  });

  it('delay holds each event for a time in the range, logged with its delay', () => {
    vi.useFakeTimers();
    const { runtime, messages, install } = setup('scenario=empty&chaos=delay:50-400');
    install();
    runtime.start();
    expect(messages).toEqual([]);
    vi.advanceTimersByTime(400);
    expect(messages).toHaveLength(1);
    const entry = runtime.log.list()[0];
    expect(entry?.chaos).toBe('delayed');
    const ms = Number(entry?.reason?.match(/delayed (\d+) ms/)?.[1]);
    expect(ms).toBeGreaterThanOrEqual(50);
    expect(ms).toBeLessThanOrEqual(400);
  });

  it('dup with delay posts both copies after the delay, each logged with it', () => {
    vi.useFakeTimers();
    const { runtime, messages, install } = setup('scenario=empty&chaos=dup:1,delay:30-30');
    install();
    runtime.start();
    expect(messages).toEqual([]);
    vi.advanceTimersByTime(30);
    expect(messages).toHaveLength(2);
    expect(runtime.log.list().map((e) => [e.chaos, e.reason])).toEqual([
      ['delayed', 'chaos: delayed 30 ms (chaos=dup 1, delay 30-30 ms; not vendor behaviour)'],
      [
        'duplicated',
        'chaos: duplicated, posted twice, delayed 30 ms (chaos=dup 1, delay 30-30 ms; not vendor behaviour)',
      ],
    ]);
  });

  it('uninstalled while an event is delayed, never posts it', () => {
    vi.useFakeTimers();
    const { runtime, messages, install } = setup('scenario=empty&chaos=delay:30-30');
    const uninstall = install();
    runtime.start();
    uninstall();
    vi.advanceTimersByTime(100);
    expect(messages).toEqual([]);
    expect(runtime.log.list()).toEqual([]);
  });

  it('is seeded: the same seed drops the same events', () => {
    const run = (seed: number) => {
      const { runtime, install } = setup(`scenario=empty&seed=${seed}&chaos=drop:0.5`);
      install();
      runtime.start();
      for (let i = 0; i < 40; i++) runtime.dispatch({ kind: 'setStatus', status: i % 2 ? 'BUSY' : 'AVAILABLE' });
      return outcomes(runtime).join(',');
    };
    expect(run(7)).toBe(run(7));
    expect(run(7)).not.toBe(run(8));
    expect(run(7)).toContain('dropped');
    expect(run(7)).toContain('posted');
  });
});

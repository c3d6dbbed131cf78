/**
 * The bridge before its validation has loaded (issue 5): installBridge is synchronous but protocol/parse.ts
 * (zod) arrives later, so inbound messages and outgoing events wait in one queue; only the events emitted while
 * nothing waits (the initial sync) are posted at once and checked when it arrives (issue 13.7). These tests hold
 * the validation in a deferred promise to decide when it arrives, or whether it fails.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkEmitted, EVENT_SOURCE, parseCommand } from '../../protocol';
import { fakeWindow, HOST } from '../../test-support/fake-window';
import { testRuntime } from '../../test-support/test-runtime';
import type { LogEntry } from '../simulator/protocol-log';
import type { Runtime } from '../simulator/runtime';
import { installBridge, type Validation } from './bridge';
import { originPolicy } from './origins';

const _T0 = Date.UTC(2025, 0, 15, 4, 0, 0);
const EVIL = 'https://evil.example';
const VALIDATION: Validation = { parseCommand, checkEmitted };
const LOAD_ERROR = 'Failed to fetch dynamically imported module: http://127.0.0.1:5174/assets/parse-x.js';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

/** Lets the promise callbacks run (the bridge reacts to the deferred in a then). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

const running: Runtime[] = [];
afterEach(() => {
  for (const runtime of running.splice(0)) runtime.stop();
  vi.restoreAllMocks();
});

function setup(validation?: Validation | Promise<Validation>) {
  const runtime = testRuntime({ params: { scenario: 'demo' } });
  running.push(runtime);
  const { win, deliver, messages: posted } = fakeWindow();
  const uninstall = installBridge({ runtime, policy: originPolicy({ parent: HOST, allow: [] }), win, validation });
  const log = () => runtime.log.list();
  const summary = () => log().map((e: LogEntry) => `${e.direction} ${e.type} ${e.outcome}`);
  const unreadUid = () => Object.values(runtime.world.peek().threads).find((t) => t.unreadCount > 0)?.uid ?? '';
  return { runtime, deliver, posted, log, summary, unreadUid, uninstall };
}

describe('installBridge: before validation has loaded', () => {
  it('handles what arrived and what was emitted meanwhile in arrival order, once it loads', async () => {
    const validation = deferred<Validation>();
    const { runtime, deliver, posted, log, summary, unreadUid } = setup(validation.promise);
    const now = vi.spyOn(Date, 'now');

    now.mockReturnValue(1_000);
    runtime.start(); // the initial unread sync
    const uid = unreadUid();
    now.mockReturnValue(2_000);
    deliver({ type: 'clear_unread_count', data: { threadUid: uid } });
    now.mockReturnValue(3_000);
    runtime.dispatch({ kind: 'visitorArrives', type: 'AGENT', nickname: 'Ann' });
    now.mockReturnValue(4_000);
    deliver({ type: 'update_agent_status', data: { status: 'BUSY' } });
    deliver({ type: 'webpackHotUpdate' });
    deliver({ type: 'update_agent_status_offline' }, { source: null });
    deliver({ type: 'update_agent_status_offline' }, { origin: EVIL });

    // Waiting: only the initial sync, which nothing preceded, is posted; no command is logged or applied.
    expect(summary()).toEqual(['out unread_message_count ok']);
    expect(posted).toHaveLength(1);
    expect(runtime.world.peek().agent.status).toBe('AVAILABLE');
    expect(runtime.world.peek().threads[uid]?.unreadCount).toBeGreaterThan(0);

    now.mockReturnValue(9_000);
    validation.resolve(VALIDATION);
    await settle();

    // The events a queued command causes go behind what already waited, so the host never sees an older
    // unread total after a newer one.
    expect(summary()).toEqual([
      'out unread_message_count ok',
      'in clear_unread_count ok',
      'out new_visitor_message ok',
      'out unread_message_count ok',
      'in update_agent_status ok',
      'in webpackHotUpdate foreign',
      'in update_agent_status_offline rejected-origin',
      'in update_agent_status_offline rejected-origin',
      'out unread_message_count ok',
      'out agent_status_changed ok',
    ]);
    // Each entry keeps the time it happened, not the time it was handled.
    expect(log().map((e) => e.at)).toEqual([1_000, 2_000, 3_000, 3_000, 4_000, 4_000, 4_000, 4_000, 9_000, 9_000]);
    expect(runtime.world.peek().agent.status).toBe('BUSY');
    expect(runtime.world.peek().threads[uid]?.unreadCount).toBe(0);
    const outs = log().filter((e) => e.direction === 'out');
    expect(posted).toEqual(outs.map((e) => e.message));
    expect(posted[0]).toMatchObject({ type: 'unread_message_count', timestamp: 1_000, source: EVENT_SOURCE });
  });

  it('loses nothing in a storm that arrives before it loads', async () => {
    const validation = deferred<Validation>();
    const { runtime, deliver, posted, log } = setup(validation.promise);
    runtime.start();
    const storm = 500;
    for (let n = 0; n < storm; n++) deliver({ type: 'refresh_threads', n });
    expect(log().filter((e) => e.direction === 'in')).toEqual([]);

    validation.resolve(VALIDATION);
    await settle();

    const ins = log().filter((e) => e.direction === 'in');
    expect(ins.map((e) => (e.message as { n: number }).n)).toEqual(Array.from({ length: storm }, (_, n) => n));
    expect(ins.every((e) => e.outcome === 'warning' && e.reason === 'refresh_threads: unknown field n ignored')).toBe(
      true,
    );
    // The initial sync, then one unread_message_count per refresh (docs/protocol.md §3 MC).
    expect(posted).toHaveLength(1 + storm);
    expect(log().filter((e) => e.direction === 'out' && e.outcome === 'ok')).toHaveLength(1 + storm);
  });

  it('handles everything at once after it has loaded', async () => {
    const validation = deferred<Validation>();
    const { runtime, deliver, posted, summary } = setup(validation.promise);
    runtime.start();
    validation.resolve(VALIDATION);
    await settle();
    expect(posted).toHaveLength(1);

    deliver({ type: 'update_agent_status_busy' });
    expect(summary().slice(1)).toEqual(['in update_agent_status_busy ok', 'out agent_status_changed ok']);
    expect(posted).toHaveLength(2);
  });

  it('loads protocol/parse itself when no validation is given', async () => {
    const { runtime, deliver, summary } = setup();
    runtime.start();
    deliver({ type: 'update_agent_status', data: { status: 'ONLINE' } });
    expect(summary()).toEqual(['out unread_message_count ok']);
    await vi.waitFor(() => expect(summary()).toHaveLength(2));
    expect(summary()).toEqual(['out unread_message_count ok', 'in update_agent_status violation']);
  });

  it('after an uninstall, handles and posts nothing that was waiting', async () => {
    const validation = deferred<Validation>();
    const { runtime, deliver, posted, summary, uninstall } = setup(validation.promise);
    runtime.start();
    deliver({ type: 'update_agent_status_busy' });
    uninstall();
    validation.resolve(VALIDATION);
    await settle();
    expect(posted.map((m) => (m as { type: string }).type)).toEqual(['unread_message_count']);
    expect(summary()).toEqual(['out unread_message_count ok']);
    expect(runtime.world.peek().agent.status).toBe('AVAILABLE');
  });

  it('after an uninstall, judges nothing more: an event posted before the check loaded stays as it was logged', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    const validation = deferred<Validation>();
    const { runtime, posted, log, uninstall } = setup(validation.promise);
    runtime.start();
    expect(posted).toHaveLength(1);
    uninstall();
    validation.resolve({ parseCommand, checkEmitted: () => 'unread_message_count: data.count: expected number' });
    await settle();
    expect(log().map((e) => [e.type, e.outcome, e.reason])).toEqual([['unread_message_count', 'ok', undefined]]);
    expect(runtime.log.counts().violation).toBe(0);
    expect(consoleError).not.toHaveBeenCalled();
  });

  it('posts the initial sync at once and checks it when validation arrives: an invalid one becomes a violation', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    const validation = deferred<Validation>();
    const { runtime, posted, log, summary } = setup(validation.promise);
    runtime.start();
    // Posted before zod is there: the host's first event does not wait for a chunk that is only a check.
    expect(posted).toEqual([expect.objectContaining({ type: 'unread_message_count', source: EVENT_SOURCE })]);
    expect(summary()).toEqual(['out unread_message_count ok']);
    expect(runtime.log.counts().violation).toBe(0);

    const problem = 'unread_message_count: data.count: expected number, received string';
    validation.resolve({
      parseCommand,
      checkEmitted: (event) => ((event as { type?: string }).type === 'unread_message_count' ? problem : null),
    });
    await settle();
    // It was posted, and stays counted so; the check's verdict is a violation of its own, for expectNoViolations.
    expect(summary()).toEqual(['out unread_message_count ok', 'out unread_message_count violation']);
    expect(log()[1]).toMatchObject({
      reason: `posted before the emission check had loaded; then found invalid: ${problem}`,
      message: posted[0],
    });
    expect(runtime.log.violations()).toEqual([log()[1]]);
    expect(runtime.log.counts()).toMatchObject({ out: 1, violation: 1 });
    expect(String(consoleError.mock.calls[0]?.[0])).toContain(problem);
  });

  it('keeps the initial sync behind an early command that waits to be judged, and checks it before posting', async () => {
    const validation = deferred<Validation>();
    const { runtime, deliver, posted, summary } = setup(validation.promise);
    deliver({ type: 'update_agent_status_busy' });
    runtime.start();
    expect(summary()).toEqual([]);
    expect(posted).toEqual([]);
    validation.resolve(VALIDATION);
    await settle();
    expect(summary()).toEqual(['in update_agent_status_busy early', 'out unread_message_count ok']);
    expect(posted).toHaveLength(1);
  });
});

describe('installBridge: when validation cannot load', () => {
  it('refuses every command and event with the cause, still tells foreign traffic and strangers apart', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    const validation = deferred<Validation>();
    const { runtime, deliver, posted, log } = setup(validation.promise);
    runtime.start();
    const initialSync = [...posted];
    deliver({ type: 'update_agent_status_busy' });
    deliver({ type: 'vite:ping' });
    deliver({ type: 'refresh_threads' }, { origin: EVIL });

    validation.reject(new Error(LOAD_ERROR));
    await settle();
    // What arrives after the failure is refused the same way.
    deliver({ type: 'clear_unread_count', data: { threadUid: '1' } });

    const why = `validation could not load: ${LOAD_ERROR}`;
    expect(log().map(({ direction, type, outcome, reason }) => ({ direction, type, outcome, reason }))).toEqual([
      { direction: 'out', type: 'unread_message_count', outcome: 'ok', reason: undefined },
      {
        direction: 'out',
        type: 'unread_message_count',
        outcome: 'violation',
        reason: `posted before the emission check had loaded; then found invalid: unread_message_count: ${why}`,
      },
      {
        direction: 'in',
        type: 'update_agent_status_busy',
        outcome: 'violation',
        reason: `update_agent_status_busy: ${why}`,
      },
      { direction: 'in', type: 'vite:ping', outcome: 'foreign', reason: undefined },
      {
        direction: 'in',
        type: 'refresh_threads',
        outcome: 'rejected-origin',
        reason: `origin ${EVIL} is not allowed (${originPolicy({ parent: HOST, allow: [] }).summary})`,
      },
      { direction: 'in', type: 'clear_unread_count', outcome: 'violation', reason: `clear_unread_count: ${why}` },
    ]);
    // Only the initial sync left, before the failure was known; nothing after it.
    expect(initialSync).toHaveLength(1);
    expect(posted).toEqual(initialSync);
    expect(runtime.world.peek().agent.status).toBe('AVAILABLE');
    // Said once, not once per message.
    expect(consoleError).toHaveBeenCalledTimes(1);
    expect(String(consoleError.mock.calls[0]?.[0])).toContain('validation could not load');
  });

  it('refuses every event emitted after the failure, with the cause as its reason, and says so on the console once', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    const validation = deferred<Validation>();
    const { runtime, posted, log } = setup(validation.promise);
    runtime.start();
    validation.reject(new Error(LOAD_ERROR));
    await settle();
    runtime.dispatch({ kind: 'setStatus', status: 'BUSY' });
    // After the initial sync's own two entries: posted, then found unverifiable.
    expect(
      log()
        .slice(2)
        .map(({ direction, type, outcome, reason }) => ({ direction, type, outcome, reason })),
    ).toEqual([
      {
        direction: 'out',
        type: 'agent_status_changed',
        outcome: 'violation',
        reason: `agent_status_changed: validation could not load: ${LOAD_ERROR}`,
      },
    ]);
    expect(posted).toHaveLength(1); // the initial sync alone, posted before the failure was known
    expect(consoleError).toHaveBeenCalledTimes(1);
  });
});

describe('installBridge: a drain that throws', () => {
  it('keeps what it had not reached, and handles it at the next drain, in order', async () => {
    const validation = deferred<Validation>();
    const { runtime, deliver, summary } = setup(validation.promise);
    runtime.start();
    deliver({ type: 'update_agent_status', data: { status: 'BUSY' } });
    deliver({ type: 'update_agent_status', data: { status: 'AVAILABLE' } });
    // A log listener that fails once, on the first command: the drain stops there.
    let failed = false;
    runtime.log.subscribe(() => {
      if (failed) return;
      failed = true;
      throw new Error('listener failed');
    });
    const errors: unknown[] = [];
    const onError = (event: PromiseRejectionEvent | Error) => errors.push(event);
    process.on('unhandledRejection', onError);
    validation.resolve(VALIDATION);
    await settle();
    process.off('unhandledRejection', onError);
    expect(errors).toHaveLength(1);
    const before = summary().filter((line) => line.startsWith('in ')).length;
    // The message whose handling threw is not tried again (it would throw again); the next message drains the
    // queue again, the one left behind first.
    deliver({ type: 'update_agent_status', data: { status: 'OFFLINE' } });
    const statuses = runtime.log
      .list()
      .filter((e) => e.direction === 'out' && e.type === 'agent_status_changed')
      .map((e) => (e.message as { data: { status: string } }).data.status);
    expect(before).toBe(1);
    expect(statuses).toEqual(['AVAILABLE', 'OFFLINE']);
  });
});

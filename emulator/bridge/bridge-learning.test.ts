/**
 * docs/protocol.md §6, the parent's origin unknown (issue 11.4): Firefox with `<iframe referrerpolicy="no-referrer">`
 * gives the frame neither ancestorOrigins nor a referrer. The bridge then learns the origin from the first
 * message the parent window sends, withholding events until then and flushing them, in order, once it knows.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkEmitted, parseCommand } from '../../protocol';
import { fakeWindow, HOST } from '../../test-support/fake-window';
import { testRuntime } from '../../test-support/test-runtime';
import type { LogEntry } from '../simulator/protocol-log';
import type { Runtime } from '../simulator/runtime';
import { installBridge, type Validation, WITHHELD_LIMIT } from './bridge';
import { type OriginPolicy, originPolicy } from './origins';

const EVIL = 'https://evil.example';
const PARTNER = 'https://partner.example';
const VALIDATION: Validation = { parseCommand, checkEmitted };

const running: Runtime[] = [];
afterEach(() => {
  for (const runtime of running.splice(0)) runtime.stop();
  vi.restoreAllMocks();
});

function setup(opts: { policy?: OriginPolicy; validation?: Validation | Promise<Validation> } = {}) {
  const runtime = testRuntime({ params: { scenario: 'demo' } });
  running.push(runtime);
  const w = fakeWindow();
  const policy = opts.policy ?? originPolicy({ parent: null, allow: [] });
  const status: string[] = [];
  const uninstall = installBridge({
    runtime,
    policy,
    win: w.win,
    validation: opts.validation ?? VALIDATION,
    onStatus: (line) => status.push(line),
  });
  runtime.start(); // the initial unread sync
  const log = () => runtime.log.list();
  const last = () => log().at(-1) as LogEntry;
  const lines = () => log().map((e: LogEntry) => `${e.direction} ${e.type} ${e.outcome}`);
  const types = () => w.posted.map((p) => (p.message as { type: string }).type);
  return { runtime, policy, status, uninstall, log, last, lines, types, ...w };
}

describe('installBridge: the parent origin unknown', () => {
  it('withholds events (posts and logs none) and says in the inspector what it withholds and what pins it', () => {
    const { parent, log, status, runtime } = setup();
    runtime.dispatch({ kind: 'setStatus', status: 'BUSY' });
    expect(parent.postMessage).not.toHaveBeenCalled();
    expect(log().filter((e) => e.direction === 'out')).toEqual([]);
    const line = status.at(-1) ?? '';
    expect(line).toContain('withholding 2 events until then (unread_message_count ×1, agent_status_changed ×1)');
    expect(line).toContain("learning it from the parent window's first message");
    expect(line).toContain('allowOrigin');
    expect(line).toContain('postOrigin');
  });

  it("learns the origin from the parent's first command: the withheld sync goes first, then the command's event", () => {
    const { deliver, posted, lines, runtime, status, policy } = setup();
    deliver({ type: 'update_agent_status_busy' }, { origin: HOST });
    expect(posted.map((p) => [(p.message as { type: string }).type, p.target])).toEqual([
      ['unread_message_count', HOST],
      ['agent_status_changed', HOST],
    ]);
    expect(lines()).toEqual([
      'out unread_message_count ok',
      'in update_agent_status_busy ok',
      'out agent_status_changed ok',
    ]);
    expect(runtime.world.peek().agent.status).toBe('BUSY');
    expect(status.at(-1)).toBe(policy.summary);
    expect(status.at(-1)).toContain(`posting to ${HOST} (learnt from the parent window's first message)`);
  });

  it('logs a flushed event with the time it happened, and why it waited', () => {
    const now = vi.spyOn(Date, 'now').mockReturnValue(1_000);
    const { deliver, posted, log } = setup();
    now.mockReturnValue(4_000);
    deliver({ type: 'refresh_threads' }, { origin: HOST });
    expect(posted[0]?.message).toMatchObject({ type: 'unread_message_count', timestamp: 1_000 });
    expect(log()[0]).toMatchObject({
      at: 1_000,
      direction: 'out',
      outcome: 'ok',
      target: HOST,
      reason: "withheld 3000 ms until the parent's origin was learnt from its first message (postOrigin pins it)",
    });
  });

  it("learns from any message of the parent window, another library's traffic included", () => {
    const { deliver, types, log } = setup();
    deliver({ type: 'vite:ping' }, { origin: HOST });
    expect(types()).toEqual(['unread_message_count']);
    expect(log().map((e) => `${e.direction} ${e.type} ${e.outcome}`)).toEqual([
      'out unread_message_count ok',
      'in vite:ping foreign',
    ]);
  });

  it('does not learn from another window (a sibling frame): its command is refused and events stay withheld', () => {
    const { deliver, parent, runtime, last, policy } = setup();
    deliver({ type: 'update_agent_status_offline' }, { origin: EVIL, source: {} });
    expect(last()).toMatchObject({ outcome: 'rejected-origin', reason: 'not sent by the parent window' });
    expect(policy.learning).toBe(true);
    expect(parent.postMessage).not.toHaveBeenCalled();
    expect(runtime.world.peek().agent.status).toBe('AVAILABLE');
  });

  it('does not learn an opaque origin ("null", a sandboxed parent): says why, and learns a real one later', () => {
    const { deliver, parent, runtime, last, types, status } = setup();
    deliver({ type: 'update_agent_status_busy' }, { origin: 'null' });
    expect(last()).toMatchObject({ outcome: 'rejected-origin' });
    expect(last().reason).toContain(`the parent window's origin is opaque ("null")`);
    expect(parent.postMessage).not.toHaveBeenCalled();
    expect(runtime.world.peek().agent.status).toBe('AVAILABLE');
    expect(status.at(-1)).toContain('withholding 1 events');
    deliver({ type: 'update_agent_status_busy' }, { origin: HOST });
    expect(types()).toEqual(['unread_message_count', 'agent_status_changed']);
  });

  it('once learnt, the parent window at another origin (it navigated) is refused, and events still go to the first', () => {
    const { deliver, runtime, last, posted } = setup();
    deliver({ type: 'refresh_threads' }, { origin: HOST });
    deliver({ type: 'update_agent_status_offline' }, { origin: EVIL });
    expect(last()).toMatchObject({ outcome: 'rejected-origin' });
    expect(runtime.world.peek().agent.status).toBe('AVAILABLE');
    runtime.dispatch({ kind: 'setStatus', status: 'BUSY' });
    expect(posted.every((p) => p.target === HOST)).toBe(true);
  });

  it('with allowOrigin pinned, learns only a pinned origin', () => {
    const { deliver, posted, last, runtime } = setup({
      policy: originPolicy({ parent: null, allow: [HOST, PARTNER] }),
    });
    deliver({ type: 'update_agent_status_busy' }, { origin: EVIL });
    expect(last().reason).toContain(`the parent window's origin ${EVIL} is not in the allowlist (${HOST}, ${PARTNER})`);
    expect(posted).toEqual([]);
    expect(runtime.world.peek().agent.status).toBe('AVAILABLE');
    deliver({ type: 'update_agent_status_busy' }, { origin: PARTNER });
    expect(posted.map((p) => p.target)).toEqual([PARTNER, PARTNER]);
    expect(runtime.world.peek().agent.status).toBe('BUSY');
  });

  it('with one pinned origin, or postOrigin, posts at once: nothing to withhold', () => {
    for (const policy of [
      originPolicy({ parent: null, allow: [HOST] }),
      originPolicy({ parent: null, allow: [], postOrigin: HOST }),
    ]) {
      const { posted, status } = setup({ policy });
      expect(posted.map((p) => p.target)).toEqual([HOST]);
      expect(status.join('\n')).not.toContain('withholding');
    }
  });

  it('gives up the oldest withheld event beyond the limit, saying so, and flushes the rest in order', () => {
    const { runtime, deliver, posted, log } = setup();
    for (let i = 0; i < WITHHELD_LIMIT; i++)
      runtime.dispatch({ kind: 'setStatus', status: i % 2 ? 'BUSY' : 'OFFLINE' });
    const dropped = log().filter((e) => e.direction === 'out');
    expect(dropped).toHaveLength(1);
    expect(dropped[0]).toMatchObject({ type: 'unread_message_count', outcome: 'rejected-origin' });
    expect(dropped[0]?.reason).toContain(`${WITHHELD_LIMIT} newer events`);
    deliver({ type: 'refresh_threads' }, { origin: HOST });
    expect(posted).toHaveLength(WITHHELD_LIMIT + 1); // the withheld ones, then refresh_threads' sync
    expect(
      posted.slice(0, WITHHELD_LIMIT).every((p) => (p.message as { type: string }).type === 'agent_status_changed'),
    ).toBe(true);
    expect(posted.at(-1)?.message).toMatchObject({ type: 'unread_message_count' });
  });

  it('before validation has loaded, learning waits its turn: the order of arrival is kept', async () => {
    let load!: (v: Validation) => void;
    const validation = new Promise<Validation>((resolve) => {
      load = resolve;
    });
    const { deliver, lines, posted } = setup({ validation });
    deliver({ type: 'update_agent_status_busy' }, { origin: HOST });
    expect(posted).toEqual([]);
    load(VALIDATION);
    await validation;
    await Promise.resolve();
    expect(lines()).toEqual([
      'out unread_message_count ok',
      'in update_agent_status_busy ok',
      'out agent_status_changed ok',
    ]);
  });

  it('without an inspector to tell (no onStatus), withholds and flushes just the same', () => {
    const runtime = testRuntime({ params: { scenario: 'demo' } });
    running.push(runtime);
    const w = fakeWindow();
    installBridge({ runtime, policy: originPolicy({ parent: null, allow: [] }), win: w.win, validation: VALIDATION });
    runtime.start();
    runtime.dispatch({ kind: 'setStatus', status: 'BUSY' });
    expect(w.posted).toEqual([]);
    w.deliver({ type: 'refresh_threads' }, { origin: HOST });
    expect(w.posted.map((p) => [(p.message as { type: string }).type, p.target])).toEqual([
      ['unread_message_count', HOST],
      ['agent_status_changed', HOST],
      ['unread_message_count', HOST],
    ]);
  });

  it('uninstalled, forgets what it withheld', () => {
    const { uninstall, deliver, parent } = setup();
    uninstall();
    deliver({ type: 'refresh_threads' }, { origin: HOST });
    expect(parent.postMessage).not.toHaveBeenCalled();
  });
});

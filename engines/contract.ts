/**
 * The cross-engine contract (issue 11.3): what an integrator's page relies on, checked in stock Firefox ESR and
 * WebKitGTK against the production build, the host on another site. One browser session per engine; each test
 * opens its own host page and its own world (a seed of its own), so the tests share the session, not a world.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it as test } from 'node:test';
import type { Engine, EngineSession } from './driver';
import { type Sites, startSites } from './sites';

type Envelope = { type: string; data: Record<string, unknown>; timestamp: unknown; source: unknown };
type LogRow = { direction: string; type: string; outcome: string; reason?: string };
type State = {
  agent: { status: string };
  threads: Array<{ uid: string; unreadCount: number; status: string }>;
  totalUnreadCount: number;
};

/** Polls `read` until `ok` holds; fails naming `what` and the last value read. Arrival, not speed, is asserted. */
async function until<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await read();
      if (ok(last)) return last;
    } catch (error) {
      lastError = error; // a frame in the middle of loading cannot run scripts yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`waited in vain for ${what}; last seen: ${JSON.stringify(last) ?? String(lastError)}`);
}

export function contractSuite(engine: Engine): void {
  const unavailable = engine.unavailable();
  if (unavailable) {
    // Loud, and not a failure: a machine without the engine cannot tell anything about it.
    console.warn(`\n!!! engines: SKIPPING ${engine.name}: ${unavailable}\n`);
  }
  describe(`contract on ${engine.name}`, () => {
    // Each test is skipped by name (counted as skipped), rather than the suite vanishing.
    const it = (name: string, fn: () => Promise<void>) => test(name, { skip: unavailable ?? false }, fn);
    let sites: Sites;
    let browser: EngineSession;
    before(async () => {
      if (unavailable) return;
      sites = await startSites();
      browser = await engine.start();
      console.log(`engines: ${engine.name}; emulator ${sites.emulator}, host ${sites.host}`);
    });
    after(async () => {
      await browser?.close();
      await sites?.close();
    });

    const consoleUrl = (seed: number, path = '/agent/chat') => `${sites.emulator}${path}?autopilot=0&seed=${seed}`;
    const inConsole = <T>(fn: string, arg?: unknown, selector = '#console') => browser.frame<T>(selector, fn, arg);
    const received = () => browser.top<Envelope[]>('() => window.received');
    const state = () => inConsole<State>('() => window.emulator.state()');
    const log = () => inConsole<LogRow[]>('() => window.emulator.log()');
    const send = (message: unknown) => browser.top('(m) => window.send(m)', message);
    /** Waits for the `n`th event of `type` the host heard (1-based), and returns it. */
    const nth = async (type: string, n: number) => {
      const events = await until(
        `${n} × ${type} at the host`,
        received,
        (all) => all.filter((e) => e.type === type).length >= n,
      );
      return events.filter((e) => e.type === type)[n - 1] as Envelope;
    };
    const ready = (selector = '#console') =>
      until(
        'the console in its frame',
        () => inConsole<string>('() => typeof window.emulator', undefined, selector),
        (t) => t === 'object',
      );
    const open = async (seed: number, options: { referrerPolicy?: string; sibling?: boolean } = {}) => {
      await browser.goto(sites.hostPage(consoleUrl(seed), options));
      await ready();
    };

    it('every event type reaches the host, in the vendor envelope, from the console origin only', async () => {
      await open(101);
      const initial = await nth('unread_message_count', 1);
      assert.equal(initial.data.totalUnreadCount, (await state()).totalUnreadCount);
      const arrived = await inConsole<{ uid: string }>(
        "() => window.emulator.visitorArrives({ nickname: 'Engine01', content: '在吗', type: 'AGENT' })",
      );
      const visitor = await nth('new_visitor_message', 1);
      assert.equal((visitor.data.thread as { uid: string }).uid, arrived.uid);
      await send({ type: 'update_agent_status_busy' });
      assert.equal((await nth('agent_status_changed', 1)).data.status, 'BUSY');
      await inConsole('(uid) => window.emulator.closeThread(uid)', arrived.uid);
      const closed = await until('thread_status_changed close', received, (all) =>
        all.some((e) => e.type === 'thread_status_changed' && e.data.action === 'close'),
      );
      const types = new Set(closed.map((e) => e.type));
      for (const type of [
        'unread_message_count',
        'new_visitor_message',
        'agent_status_changed',
        'thread_status_changed',
      ])
        assert.ok(types.has(type), `${type} reached the host`);
      for (const event of closed) {
        assert.equal(event.source, 'bytedesk-desktop');
        assert.equal(typeof event.timestamp, 'number');
      }
      assert.deepEqual(
        (await log()).filter((e) => e.outcome !== 'ok'),
        [],
      );
    });

    it('every command is acknowledged by the event it causes', async () => {
      await open(102);
      await nth('unread_message_count', 1);
      const statuses: Array<[unknown, string]> = [
        [{ type: 'update_agent_status', data: { status: 'BUSY' } }, 'BUSY'],
        [{ type: 'update_agent_status_offline' }, 'OFFLINE'],
        [{ type: 'update_agent_status_available' }, 'AVAILABLE'],
        [{ type: 'update_agent_status_busy' }, 'BUSY'],
      ];
      for (const [i, [command, status]] of statuses.entries()) {
        await send(command);
        const ack = await nth('agent_status_changed', i + 1);
        assert.equal(ack.data.status, status, `${JSON.stringify(command)} → agent_status_changed ${status}`);
      }
      await send({ type: 'refresh_threads' });
      await nth('unread_message_count', 2);
      const before = await state();
      const unread = before.threads.find((t) => t.unreadCount > 0);
      assert.ok(unread, 'the seeded world has an unread thread');
      await send({ type: 'clear_unread_count', data: { threadUid: unread.uid } });
      const cleared = await nth('unread_message_count', 3);
      assert.equal(cleared.data.totalUnreadCount, before.totalUnreadCount - unread.unreadCount);
      assert.deepEqual(
        (await log()).filter((e) => e.direction === 'in').map((e) => [e.type, e.outcome]),
        [
          ['update_agent_status', 'ok'],
          ['update_agent_status_offline', 'ok'],
          ['update_agent_status_available', 'ok'],
          ['update_agent_status_busy', 'ok'],
          ['refresh_threads', 'ok'],
          ['clear_unread_count', 'ok'],
        ],
      );
    });

    it("a sibling frame's command is refused (rejected-origin) and changes nothing", async () => {
      await open(103, { sibling: true });
      await nth('unread_message_count', 1);
      await until(
        'the sibling frame',
        () => browser.frame<string>('#sibling', '() => typeof window.attack'),
        (t) => t === 'function',
      );
      await browser.frame('#sibling', '() => window.attack()');
      const rows = await until('the refusal in the log', log, (all) => all.some((e) => e.direction === 'in'));
      assert.deepEqual(
        rows.filter((e) => e.direction === 'in').map((e) => [e.type, e.outcome, e.reason]),
        [['update_agent_status_offline', 'rejected-origin', 'not sent by the parent window']],
      );
      assert.equal((await state()).agent.status, 'AVAILABLE');
      assert.deepEqual(
        (await received()).filter((e) => e.type === 'agent_status_changed'),
        [],
      );
    });

    it('an iframe with referrerpolicy="no-referrer" works, also after the console reloads itself', async () => {
      await open(104, { referrerPolicy: 'no-referrer' });
      const seen = await inConsole<{ ancestorOrigins: string[] | null; referrer: string; framing: string }>(
        `() => ({
          ancestorOrigins: location.ancestorOrigins ? [...location.ancestorOrigins] : null,
          referrer: document.referrer,
          framing: document.querySelector('[data-testid=inspector-framing]')?.textContent ?? '',
        })`,
      );
      console.log(`engines: ${engine.name} no-referrer frame sees ${JSON.stringify(seen)}`);
      await send({ type: 'update_agent_status_busy' });
      assert.equal((await nth('agent_status_changed', 1)).data.status, 'BUSY');
      const order = (await received()).map((e) => e.type);
      assert.deepEqual(order.slice(0, 2), ['unread_message_count', 'agent_status_changed'], 'the sync is not lost');

      // A self-reload: the console knows nothing again and must learn anew (Firefox keeps the referrer empty;
      // WebKit sends the console's own URL, which must never be taken for the parent's).
      await inConsole('() => { window.beforeReload = true; location.reload(); }');
      await until(
        'the reloaded console',
        () => inConsole<string>('() => String(window.beforeReload) + typeof window.emulator'),
        (t) => t === 'undefinedobject',
      );
      const referrer = await inConsole<string>('() => document.referrer');
      console.log(
        `engines: ${engine.name} no-referrer frame after its self-reload: referrer ${JSON.stringify(referrer)}`,
      );
      await send({ type: 'update_agent_status_offline' });
      assert.equal((await nth('agent_status_changed', 2)).data.status, 'OFFLINE');
    });

    it('a reload of the frame keeps the world, and the console announces its unread state again', async () => {
      await open(105);
      await nth('unread_message_count', 1);
      const arrived = await inConsole<{ uid: string }>(
        "() => window.emulator.visitorArrives({ nickname: 'Engine05', type: 'AGENT' })",
      );
      await inConsole("(uid) => window.emulator.visitorSends(uid, '订单号 123456')", arrived.uid);
      await send({ type: 'update_agent_status_busy' });
      await nth('agent_status_changed', 1);
      const before = await state();
      const announced = (await received()).filter((e) => e.type === 'unread_message_count').length;
      await inConsole('() => { window.beforeReload = true; location.reload(); }');
      await until(
        'the reloaded console',
        () => inConsole<string>('() => String(window.beforeReload) + typeof window.emulator'),
        (t) => t === 'undefinedobject',
      );
      const storage = await inConsole<string>(
        "() => { try { return localStorage.getItem('agent-console-emulator:world') === null ? 'empty' : 'kept'; } catch (e) { return String(e); } }",
      );
      console.log(`engines: ${engine.name} frame localStorage after reload: ${storage}`);
      assert.deepEqual(await state(), before);
      const again = await nth('unread_message_count', announced + 1);
      assert.equal(again.data.totalUnreadCount, before.totalUnreadCount);
    });

    it("the vendor's own example page (the seed) works with only its domain changed", async () => {
      await browser.goto(sites.vendorPage());
      await ready('#bytedesk-iframe');
      const vendor = <T>(fn: string, arg?: unknown) => inConsole<T>(fn, arg, '#bytedesk-iframe');
      const seen = () => browser.top<string[]>('() => window.seen');
      const saw = (line: string) =>
        until(`the vendor page to log ${JSON.stringify(line)}`, seen, (all) => all.includes(line));
      // The page cannot ask for a world (it is the vendor's), and the frame resumes the one the tests before left
      // in this browser: start the default world afresh, as a first visit would see it.
      await vendor('() => window.emulator.reset({ seed: 1 })');
      const { totalUnreadCount } = await vendor<State>('() => window.emulator.state()');
      await saw(`未读消息总数: ${totalUnreadCount}`);
      const visitor = await vendor<{ uid: string }>("() => window.emulator.visitorArrives({ nickname: '上海123456' })");
      await saw('新访客接入: 上海123456');
      for (const [call, status] of [
        ['setAgentBusy', 'BUSY'],
        ['setAgentOnline', 'AVAILABLE'],
        ['setAgentOffline', 'OFFLINE'],
      ]) {
        await browser.top(`() => window.${call}()`);
        await saw(`座席状态变化: ${status}`);
      }
      await browser.top('(uid) => window.clearThreadUnread(uid)', visitor.uid);
      await until(
        'the count back where it was',
        seen,
        (all) => all.filter((l) => l === `未读消息总数: ${totalUnreadCount}`).length === 2,
      );
      const counts = async () => (await seen()).filter((l) => l.startsWith('未读消息总数')).length;
      const beforeRefresh = await counts();
      await browser.top('() => window.refreshThreads()');
      await until('the refresh', counts, (n) => n === beforeRefresh + 1);
      await vendor('(uid) => window.emulator.closeThread(uid)', visitor.uid);
      await saw(`会话 ${visitor.uid} 状态变化: close`);
      assert.deepEqual(await vendor('() => window.emulator.violations()'), []);
    });
  });
}

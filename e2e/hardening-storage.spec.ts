import { type BrowserContext, expect, type Frame, type Page, test } from '@playwright/test';
import { STORAGE_KEY } from '../emulator/simulator/persist';
import { PARTITIONED_STORAGE } from './support/browser-settings';
import { emulatorFrame, type Host, openHost } from './support/host';
import { DEV_EMULATOR_ORIGIN, EMULATOR_ORIGIN, type Params } from './support/urls';

/** Issue 6, item 5: the world survives reloads, bad storage never crashes it, and a render error is recoverable. */

type Snapshot = Array<[uid: string, status: string, unread: number]>;

/**
 * Visitors arrive and talk as fast as timers allow. `stopStorm` ends it and returns the last world in the same task,
 * so the reload that follows at once still finds changes the debounced save has not written yet.
 */
function startStorm(frame: Frame) {
  return frame.evaluate(() => {
    let n = 0;
    (window as unknown as { storm: number }).storm = window.setInterval(() => {
      for (let k = 0; k < 5; k++) {
        n++;
        const talking = window.emulator
          .state()
          .threads.filter((t) => (t.type === 'AGENT' || t.type === 'WORKGROUP') && t.status === 'CHATTING');
        const thread = talking[n % Math.max(1, talking.length)];
        if (n % 9 === 0 || !thread) window.emulator.visitorArrives();
        else window.emulator.visitorSends(thread.uid, `storm ${n}`);
      }
    }, 4);
    (window as unknown as { beforeReload: boolean }).beforeReload = true;
  });
}

const stopStorm = (frame: Frame): Promise<Snapshot> =>
  frame.evaluate(() => {
    clearInterval((window as unknown as { storm: number }).storm);
    return window.emulator.state().threads.map((t) => [t.uid, t.status, t.unreadCount] as [string, string, number]);
  });

const snapshot = (frame: Frame): Promise<Snapshot> =>
  frame.evaluate(() => window.emulator.state().threads.map((t) => [t.uid, t.status, t.unreadCount]));

const byUid = (s: Snapshot) => [...s].sort((a, b) => a[0].localeCompare(b[0]));

/** The emulator frame once the new document (not the one that set `beforeReload`) has booted. */
async function reloadedFrame(page: Page): Promise<Frame> {
  const frame = await emulatorFrame(page);
  await frame.waitForFunction(() => !('beforeReload' in window) && typeof window.emulator === 'object');
  return frame;
}

async function expectWorldIsBack(page: Page, before: Snapshot) {
  const frame = await reloadedFrame(page);
  const after = await snapshot(frame);
  expect(byUid(after)).toEqual(byUid(before));
  const state = await frame.evaluate(() => window.emulator.state());
  // Queued visitors wait in their own queue, outside the unread total (E3).
  const unqueued = state.threads.filter((t) => t.status !== 'QUEUING');
  expect(state.totalUnreadCount).toBe(unqueued.reduce((n, t) => n + t.unreadCount, 0));
  return { frame, threads: after.length, unread: state.totalUnreadCount };
}

// Known gap (see README, Persistence): where the frame's storage is denied, the save sent as the page goes away is the
// only copy, and browsers drop one over 64 KiB, so a reload mid-storm can lose the last ~250 ms of changes. Exact
// only where the browser keeps a local copy too, so these run in the partitioned project; world-server.spec.ts
// proves reloads under Playwright's defaults.
test.describe('reload mid-storm', { tag: PARTITIONED_STORAGE }, () => {
  test('reloading the frame loses no thread and no unread count', async ({ page }) => {
    const host = await openHost(page, { seed: 12 });
    const initial = (await snapshot(host.frame)).length;
    await startStorm(host.frame);
    // Mid-storm: several debounced saves are behind us and changes since the last one are pending.
    await host.frame.waitForFunction((n) => window.emulator.state().threads.length >= n + 15, initial);
    const before = await stopStorm(host.frame);
    await host.frame.evaluate(() => location.reload());
    const { threads, unread } = await expectWorldIsBack(page, before);
    expect(threads).toBeGreaterThanOrEqual(initial + 15);
    expect(unread).toBeGreaterThan(0);
  });

  test('reloading the host page (the frame goes with it) loses nothing either', async ({ page }) => {
    const host = await openHost(page, { seed: 13 });
    const initial = (await snapshot(host.frame)).length;
    await startStorm(host.frame);
    await host.frame.waitForFunction((n) => window.emulator.state().threads.length >= n + 15, initial);
    const before = await stopStorm(host.frame);
    await page.reload();
    await expectWorldIsBack(page, before);
  });
});

/**
 * The emulator as a static copy serves it: no control API, so no server keeps the world and the page falls back
 * to localStorage, the store these tests damage.
 */
async function withoutServer(context: BrowserContext) {
  await context.route(`${EMULATOR_ORIGIN}/__emulator/**`, (route) => route.abort());
}

/** Puts `value` in the emulator origin's saved-world slot before any of its scripts run, on every load. */
async function seedStorage(page: Page, value: string) {
  await page.addInitScript(
    ([origin, key, text]) => {
      if (location.origin === origin) localStorage.setItem(key, text);
    },
    [EMULATOR_ORIGIN, STORAGE_KEY, value] as const,
  );
}

/** A fresh world with this seed, as a clean origin gets it: its thread uids and the world it saved. */
async function freshWorld(page: Page, seed: number): Promise<{ uids: string[]; saved: string }> {
  const other = await page.context().browser()?.newContext();
  if (!other) throw new Error('no browser');
  await withoutServer(other);
  try {
    const host = await openHost(await other.newPage(), { seed });
    const uids = (await snapshot(host.frame)).map(([uid]) => uid).sort();
    const saved = await host.frame.evaluate(async (key) => {
      while (localStorage.getItem(key) === null) await new Promise((r) => setTimeout(r, 50));
      return localStorage.getItem(key) as string;
    }, STORAGE_KEY);
    return { uids, saved };
  } finally {
    await other.close();
  }
}

/** Commands are answered and visitors are routed, with events to the host. */
async function expectWorking(host: Host) {
  const acks = (await host.events('agent_status_changed')).length;
  await host.send({ type: 'update_agent_status_available' });
  await host.nth('agent_status_changed', acks + 1);
  const arrivals = (await host.events('new_visitor_message')).length;
  const thread = await host.frame.evaluate(() => window.emulator.visitorArrives());
  expect(thread.status).toBe('CHATTING');
  await host.nth('new_visitor_message', arrivals + 1);
}

// What the localStorage fallback does with a bad save: it needs the frame to have localStorage, as stock Chrome
// gives it (partitioned; under Playwright's defaults the frame has none), and no server keeping the world.
test.describe('bad storage', { tag: PARTITIONED_STORAGE }, () => {
  test.beforeEach(({ context }) => withoutServer(context));

  test('a saved world that is not JSON: a fresh world and a visible notice', async ({ page }) => {
    await seedStorage(page, '{not json');
    const host = await openHost(page, { seed: 14 });
    await expect(host.frame.getByTestId('notice').filter({ hasText: 'not JSON' })).toBeVisible();
    expect((await snapshot(host.frame)).map(([uid]) => uid).sort()).toEqual((await freshWorld(page, 14)).uids);
    await expectWorking(host);
  });

  test('a saved world of the wrong shape, even deep inside: a fresh world and a visible notice', async ({ page }) => {
    test.setTimeout(90_000);
    const fresh = await freshWorld(page, 14);
    const damaged = (damage: (world: Record<string, Record<string, unknown>>) => void) => {
      const world = JSON.parse(fresh.saved);
      damage(world);
      return JSON.stringify(world);
    };
    const first = fresh.uids[0] ?? '';
    const cases: Array<[string, string]> = [
      ['not the world at all', JSON.stringify({ version: 2, seed: 14, scenario: 'demo', threads: [] })],
      [
        'a thread with a negative unread count',
        damaged((w) => Object.assign(w.threads?.[first] ?? {}, { unreadCount: -3 })),
      ],
      ['an agent with no fields', damaged((w) => Object.assign(w, { agent: {} }))],
      ['a history that is not a list', damaged((w) => Object.assign(w.messages ?? {}, { [first]: 'hello' }))],
      ['an open thread that does not exist', damaged((w) => Object.assign(w, { openThreadUid: 'ghost' }))],
    ];
    for (const [label, text] of cases) {
      const tab = await page.context().newPage();
      await seedStorage(tab, text);
      const host = await openHost(tab, { seed: 14 });
      await expect(host.frame.getByTestId('notice').filter({ hasText: 'damaged' }), label).toBeVisible();
      expect((await snapshot(host.frame)).map(([uid]) => uid).sort(), label).toEqual(fresh.uids);
      await expectWorking(host);
      await tab.close();
    }
  });

  test('storage over quota: the console keeps working and says the world will not survive a reload', async ({
    page,
  }) => {
    await page.addInitScript((origin) => {
      if (location.origin !== origin) return;
      Storage.prototype.setItem = () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    }, EMULATOR_ORIGIN);
    const host = await openHost(page, { seed: 15 });
    await expectWorking(host);
    await expect(host.frame.getByTestId('notice').filter({ hasText: 'QuotaExceededError' })).toBeVisible();
    await expectWorking(host);
  });
});

test.describe('render errors', () => {
  /**
   * No data can make the workbench throw by design, so the e2e uses the dev server's test hook
   * (window.__EMULATOR_TEST_HOOKS__, dropped from production builds): with `renderCrash` set, the next world
   * change throws inside the boundary. Hence `npm start`'s console (DEV_EMULATOR_ORIGIN), not the built one.
   */
  const openDevHost = (page: Page, params: Params) => openHost(page, params, undefined, undefined, DEV_EMULATOR_ORIGIN);
  const crashOnNextChange = (frame: Frame, on: boolean) =>
    frame.evaluate((value) => {
      window.__EMULATOR_TEST_HOOKS__ = { renderCrash: value };
    }, on);

  test('shows a recoverable panel, keeps answering the host, and comes back on "try again"', async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const host = await openDevHost(page, { seed: 16, lang: 'en' });
    await crashOnNextChange(host.frame, true);
    const visitor = await host.frame.evaluate(() => window.emulator.visitorArrives({ nickname: 'after the crash' }));
    const panel = host.frame.getByTestId('render-error');
    await expect(panel).toBeVisible();
    await expect(panel).toContainText('The workbench failed to render');
    await expect(host.frame.getByTestId('render-error-message')).toContainText('render crash requested');
    // The runtime and the bridge live outside the UI.
    await host.send({ type: 'update_agent_status_busy' });
    await host.nth('agent_status_changed', 1);

    await crashOnNextChange(host.frame, false);
    await host.frame.getByTestId('render-error-retry').click();
    await expect(panel).toHaveCount(0);
    await expect(
      host.frame.locator(`[data-testid="thread-item"][data-uid="${visitor.uid}"] [data-testid="thread-nickname"]`),
    ).toHaveText('after the crash');
    expect(errors).toEqual([]);
  });

  test('"reset the world" starts a fresh world and a working workbench', async ({ page }) => {
    const host = await openDevHost(page, { seed: 17, lang: 'en' });
    const fresh = (await snapshot(host.frame)).map(([uid]) => uid).sort();
    await crashOnNextChange(host.frame, true);
    const visitor = await host.frame.evaluate(() => window.emulator.visitorArrives());
    await expect(host.frame.getByTestId('render-error')).toBeVisible();
    await crashOnNextChange(host.frame, false);
    await host.frame.getByTestId('render-error-reset').click();
    await expect(host.frame.getByTestId('render-error')).toHaveCount(0);
    await expect(host.frame.getByTestId('thread-item').first()).toBeVisible();
    const uids = (await snapshot(host.frame)).map(([uid]) => uid).sort();
    expect(uids).toEqual(fresh);
    expect(uids).not.toContain(visitor.uid);
  });
});

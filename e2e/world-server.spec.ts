import { chromium, expect, type Frame, type Page, test } from '@playwright/test';
import { chromiumPath } from '../tools/ensure-chromium';
import { PARTITIONED_STORAGE } from './support/browser-settings';
import { emulatorFrame, openHost } from './support/host';
import { EMULATOR_ORIGIN } from './support/urls';

/**
 * docs/emulator.md, "The world survives a reload … whatever the browser's third-party storage policy": served by this
 * project, the server keeps each world (server/world-keeper.ts), so a cross-site frame whose localStorage the
 * browser denies still resumes its world.
 */

const storageAccess = (frame: Frame) =>
  frame.evaluate(() => {
    try {
      localStorage.getItem('probe');
      return 'allowed';
    } catch (error) {
      return error instanceof Error ? error.name : String(error);
    }
  });

const threadUids = async (frame: Frame) =>
  (await frame.evaluate(() => window.emulator.state())).threads.map((t) => t.uid);

/** Until the server's copy of the frame's world holds these threads. */
async function keptByServer(frame: Frame, uids: string[]) {
  await expect
    .poll(() =>
      frame.evaluate(async () => {
        const world = new URLSearchParams(location.search).get('world');
        const response = await fetch(`/__emulator/w/${world}/world`, { cache: 'no-store' });
        return response.status === 200 ? Object.keys((await response.json()).threads).sort() : [];
      }),
    )
    .toEqual([...uids].sort());
}

async function reloadKeepsTheWorld(page: Page) {
  const host = await openHost(page, { scenario: 'empty' });
  const thread = await host.frame.evaluate(() => window.emulator.visitorArrives({ nickname: 'kept by the server' }));
  await keptByServer(host.frame, [thread.uid]);
  await host.frame.goto(host.frame.url());
  const frame = await emulatorFrame(page);
  await expect.poll(() => threadUids(frame)).toEqual([thread.uid]);
  return frame;
}

/** Makes the emulator's frame throw on localStorage and sessionStorage, as a browser blocking third-party storage does. */
function denyStorage(emulatorOrigin: string) {
  if (location.origin !== emulatorOrigin) return;
  for (const name of ['localStorage', 'sessionStorage'] as const) {
    Object.defineProperty(window, name, {
      get() {
        throw new DOMException(`The operation is insecure (${name} denied).`, 'SecurityError');
      },
    });
  }
}

// Fails on the old code: the world lived only in the frame's localStorage.
test('a frame whose storage the browser denies still resumes its world after a reload', async ({ page }) => {
  await page.addInitScript(denyStorage, EMULATOR_ORIGIN);
  const frame = await reloadKeepsTheWorld(page);
  expect(await storageAccess(frame)).toBe('SecurityError');
});

test('under Playwright’s default Chromium switches a reload keeps the world', async () => {
  // No CHROMIUM_ARGS: a --disable-features of ours would replace Playwright's own list (issue #11).
  const browser = await chromium.launch({ executablePath: chromiumPath(), chromiumSandbox: false });
  try {
    // Pages fulfilled by Playwright's router count as public: Local Network Access needs this to frame 127.0.0.1.
    const context = await browser.newContext({ permissions: ['local-network-access'] });
    const frame = await reloadKeepsTheWorld(await context.newPage());
    test.info().annotations.push({ type: 'frame localStorage', description: await storageAccess(frame) });
  } finally {
    await browser.close();
  }
});

test('with partitioned storage (as stock Chrome has it) a reload keeps the world too', {
  tag: PARTITIONED_STORAGE,
}, async ({ page }) => {
  const frame = await reloadKeepsTheWorld(page);
  expect(await storageAccess(frame)).toBe('allowed');
});

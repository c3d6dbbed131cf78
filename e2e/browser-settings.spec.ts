import { type Browser, chromium, expect, type Page, test } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../tools/ensure-chromium';
import {
  PARTITIONING,
  partitionedStorageLaunch,
  playwrightDisabledFeatures,
  playwrightDisableFeaturesSwitch,
} from './support/browser-settings';
import { EMULATOR_ORIGIN, HOST_ORIGIN } from './support/urls';

/**
 * What e2e/support/browser-settings.ts relies on about Playwright's defaults: when Playwright changes how it
 * launches Chromium, this fails before the suite quietly starts testing another browser than integrators run.
 */

/** The switches the running browser was started with, as it reports them itself. */
async function commandLine(browser: Browser): Promise<string[]> {
  const page = await browser.newPage();
  try {
    await page.goto('chrome://version');
    return ((await page.locator('#command_line').textContent()) ?? '').split(/\s+/);
  } finally {
    await page.close();
  }
}

/** What a frame on the emulator's site, inside a page on the host's site, gets when it opens localStorage. */
async function crossSiteFrameStorage(page: Page): Promise<string> {
  await page.route(`${HOST_ORIGIN}/__settings/host.html`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<iframe src="${EMULATOR_ORIGIN}/__settings/frame.html"></iframe>`,
    }),
  );
  await page.route(`${EMULATOR_ORIGIN}/__settings/frame.html`, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<p>frame</p>' }),
  );
  await page.goto(`${HOST_ORIGIN}/__settings/host.html`);
  await expect.poll(() => page.frames().length).toBe(2);
  const frame = page.frames()[1];
  if (!frame) throw new Error('no frame');
  await frame.waitForLoadState();
  return frame.evaluate(() => {
    try {
      localStorage.setItem('probe', 'kept');
      return `usable: ${localStorage.getItem('probe')}`;
    } catch (error) {
      return `denied: ${error instanceof Error ? error.name : String(error)}`;
    }
  });
}

test("Playwright's Chromium gets exactly Playwright's own --disable-features, with partitioning among them", async ({
  browser,
}) => {
  const features = playwrightDisabledFeatures();
  expect(features).toContain(PARTITIONING);
  const switches = (await commandLine(browser)).filter((s) => s.startsWith('--disable-features='));
  // One switch only: a second one, from this project or elsewhere, would replace Playwright's list.
  expect(switches).toEqual([playwrightDisableFeaturesSwitch(features)]);
  expect(CHROMIUM_ARGS.filter((arg) => /^--(disable|enable)-features=/.test(arg))).toEqual([]);
});

test("under Playwright's defaults a cross-site frame's localStorage is denied", async ({ page }) => {
  expect(await crossSiteFrameStorage(page)).toBe('denied: SecurityError');
});

test('the partitioned-storage setting only turns partitioning back on, and the frame gets storage', async () => {
  const browser = await chromium.launch(
    partitionedStorageLaunch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS }),
  );
  try {
    const switches = (await commandLine(browser)).filter((s) => s.startsWith('--disable-features='));
    const kept = playwrightDisabledFeatures().filter((f) => f !== PARTITIONING);
    expect(switches).toEqual([`--disable-features=${kept.join(',')}`]);
    const page = await browser.newPage();
    expect(await crossSiteFrameStorage(page)).toBe('usable: kept');
  } finally {
    await browser.close();
  }
});

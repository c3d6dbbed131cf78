import { execFileSync } from 'node:child_process';
import { expect, type Page, test } from '@playwright/test';
import { emulatorFrame } from './support/host';
import { pinFonts } from './support/pinned-fonts';
import { emulatorUrl } from './support/urls';

/**
 * Visual baselines of the workbench at the two sizes the issue names: a desktop (1440×900) and a narrow iframe
 * (800×600). The world is pinned (seed, scenario, virtual clock starting at `now`, autopilot off), so the pixels
 * depend only on the code and the fonts, and the fonts are pinned (support/pinned-fonts.ts): whichever other CJK
 * fonts are installed (fonts-noto-cjk, say), the same ones draw the text.
 */

/** Without these, Chinese text and emoji render as boxes and every pixel comparison fails for the wrong reason. */
const REQUIRED_FONTS = ['WenQuanYi Micro Hei', 'Noto Color Emoji'];

function missingFonts(): string[] {
  let listed: string;
  try {
    listed = execFileSync('fc-list', ['--format', '%{family}\n'], { encoding: 'utf8' });
  } catch {
    return [...REQUIRED_FONTS, '(fc-list is not available)'];
  }
  return REQUIRED_FONTS.filter((family) => !listed.includes(family));
}

const missing = missingFonts();
test.skip(
  missing.length > 0,
  `visual baselines need the fonts ${REQUIRED_FONTS.join(' and ')}; missing: ${missing.join(', ')}. ` +
    'Install fonts-wqy-microhei and fonts-noto-color-emoji (tools/ensure-chromium.ts does it as root).',
);

const WORLD = { seed: 1, scenario: 'demo', clock: 'virtual', now: '2025-06-02T09:30:00+08:00' };

async function workbench(page: Page, size: { width: number; height: number }) {
  await page.setViewportSize(size);
  await page.goto(emulatorUrl(WORLD));
  const frame = await emulatorFrame(page);
  // The reference screenshot's moment: a conversation open with its unread banner.
  const uid = await frame.evaluate(
    () => window.emulator.state().threads.find((t) => t.unreadCount > 0 && t.type === 'WORKGROUP')?.uid,
  );
  if (!uid) throw new Error('the pinned demo world should have an unread workgroup thread');
  await page.locator(`[data-testid="thread-item"][data-uid="${uid}"]`).click();
  await expect(page.getByTestId('unread-banner')).toBeVisible();
  // Every avatar on screen decoded, so the comparison never catches an image half-loaded (lazy ones below the
  // fold never load, so they are left out).
  await page.waitForFunction(() =>
    [...document.images]
      .filter((img) => {
        const box = img.getBoundingClientRect();
        return box.width > 0 && box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth;
      })
      .every((img) => img.complete && img.naturalWidth > 0),
  );
  await pinFonts(page);
}

const masks = (page: Page) => [page.getByTestId('thread-time'), page.locator('.msg-time')];
/**
 * Playwright's default per-pixel threshold (0.2) lets light-grey text on the grey rails change unseen (a "0" in
 * #bfbfbf on #f0f2f5 passes); rendering here is deterministic, so the stricter pixelmatch default is used.
 */
const STRICT = { threshold: 0.1 } as const;

test.describe('workbench visual baselines', () => {
  test('1440×900: rail, categories, list, chat and the emulator column', async ({ page }) => {
    await workbench(page, { width: 1440, height: 900 });
    await expect(page).toHaveScreenshot('workbench-1440x900.png', { ...STRICT, mask: masks(page) });
  });

  test('800×600 (a narrow iframe): no rail, panels folded into the drawer', async ({ page }) => {
    await workbench(page, { width: 800, height: 600 });
    await expect(page).toHaveScreenshot('workbench-800x600.png', { ...STRICT, mask: masks(page) });
  });

  test('800×600 with the emulator drawer open', async ({ page }) => {
    await workbench(page, { width: 800, height: 600 });
    await page.getByTestId('emulator-toggle').click();
    await expect(page.getByTestId('sim-panel')).toBeVisible();
    // The chat's time lines are behind the drawer: a mask would be painted over the drawer itself.
    await expect(page).toHaveScreenshot('workbench-800x600-drawer.png', {
      ...STRICT,
      mask: [page.getByTestId('thread-time')],
    });
  });
});

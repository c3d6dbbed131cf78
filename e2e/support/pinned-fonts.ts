import { expect, type Page } from '@playwright/test';

/**
 * The fonts the visual baselines are drawn with, named instead of left to the machine. The workbench's stacks
 * (emulator/ui/styles.css) fall through to the generic `sans-serif` and `monospace`, which fontconfig resolves
 * from whatever is installed: with fonts-noto-cjk present the inspector's monospace Chinese came from Noto Sans
 * Mono CJK instead, and two baselines failed. Here the first family each stack names that no Linux machine has
 * ("PingFang SC", "SFMono-Regular") is made an alias of fonts that tools/ensure-chromium.ts provisions
 * (fonts-wqy-microhei, fonts-noto-color-emoji), by their PostScript names, so nothing after it is consulted for
 * the text the workbench shows.
 */
const PINNED = `
@font-face { font-family: "PingFang SC"; src: local("WenQuanYiMicroHei"); }
@font-face {
  font-family: "PingFang SC";
  src: local("NotoColorEmoji");
  unicode-range: U+200D, U+2190-21FF, U+2300-23FF, U+2600-27BF, U+2B00-2BFF, U+FE0F, U+1F000-1FAFF;
}
@font-face { font-family: "SFMono-Regular"; src: local("WenQuanYiMicroHeiMono"); }
`;

/** Pins the fonts in `page` (after its stylesheet has loaded) and fails, naming it, if a pinned font is missing. */
export async function pinFonts(page: Page): Promise<void> {
  const stacks = await page.evaluate(() => ({
    sans: getComputedStyle(document.body).fontFamily,
    mono: getComputedStyle(document.querySelector('.inspector-framing') ?? document.body).fontFamily,
  }));
  // The aliases only work while the workbench's stacks name these families before any installed font.
  expect(stacks.sans, 'the workbench font stack').toMatch(/^-apple-system, BlinkMacSystemFont, "PingFang SC",/);
  await page.addStyleTag({ content: PINNED });
  const faces = await page.evaluate(async () => {
    const pinned = [...document.fonts].filter((f) =>
      ['"PingFang SC"', '"SFMono-Regular"', 'PingFang SC', 'SFMono-Regular'].includes(f.family),
    );
    await Promise.all(pinned.map((f) => f.load().catch(() => undefined)));
    await document.fonts.ready;
    return pinned.map((f) => `${f.family} ${f.unicodeRange}: ${f.status}`);
  });
  expect(faces, 'every pinned font face is installed and loaded').toEqual([
    expect.stringMatching(/PingFang SC.*: loaded$/),
    expect.stringMatching(/PingFang SC.*: loaded$/),
    expect.stringMatching(/SFMono-Regular.*: loaded$/),
  ]);
  if (stacks.mono.includes('SFMono-Regular')) {
    expect(stacks.mono, 'the inspector font stack').toMatch(/^ui-monospace, SFMono-Regular,/);
  }
}

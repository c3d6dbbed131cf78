import { expect, type Frame, type Page, test } from '@playwright/test';
import { emulatorFrame, openHost } from './support/host';
import { hostDemoUrl } from './support/urls';

/** Issue 6, item 3: visitor text is shown as text, never as HTML (docs/emulator.md), wherever it appears. */
const IMG = `<img src=x onerror="window.__xss=(window.__xss||0)+1;alert('img')">`;
const LINK = `<a href="javascript:window.__xss=1">click me</a>`;
const JS_URL = 'javascript:alert(document.domain)//https://example.com';
const SCRIPT = '<script>window.__xss=1</script><svg onload="window.__xss=1"></svg>';
const RTL = '\u202Egnp.exe\u202C invoice \u2066ltr\u2069';
const EMOJI = '👨‍👩‍👧‍👦'.repeat(20_000);

/** Nothing hostile became markup: no injected elements, handlers, or javascript: links, and nothing ran. */
async function expectInert(target: Page | Frame, label: string) {
  const found = await target.evaluate(() => ({
    xss: (window as unknown as { __xss?: unknown }).__xss ?? null,
    // Inside the app's root only: the page's own module script sits beside it.
    scripts: document.querySelectorAll('#app script, #app object, #app embed').length,
    svgs: document.querySelectorAll('svg[onload]').length,
    handlers: [...document.querySelectorAll('*')].filter((el) =>
      [...el.attributes].some((a) => a.name.toLowerCase().startsWith('on')),
    ).length,
    // Every image is one of the emulator's avatars.
    imgs: [...document.querySelectorAll('img')].filter((img) => !img.src.includes('/avatars/')).length,
    jsLinks: [...document.querySelectorAll('[href], [src], [action], [formaction]')].filter((el) =>
      ['href', 'src', 'action', 'formaction'].some((name) => /^\s*javascript:/i.test(el.getAttribute(name) ?? '')),
    ).length,
  }));
  expect(found, label).toEqual({ xss: null, scripts: 0, svgs: 0, handlers: 0, imgs: 0, jsLinks: 0 });
}

test('hostile nicknames and messages are inert and readable verbatim in the emulator and its inspector', async ({
  page,
}) => {
  test.setTimeout(60_000);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const host = await openHost(page, { seed: 5, scenario: 'empty' });
  const frame = host.frame;
  const [a, b, c] = await frame.evaluate(
    ([img, link, rtl, jsUrl, emoji]) => [
      window.emulator.visitorArrives({ nickname: img, content: link }),
      window.emulator.visitorArrives({ nickname: rtl, content: jsUrl }),
      window.emulator.visitorArrives({ nickname: `${emoji.slice(0, 110)}`, content: emoji }),
    ],
    [IMG, LINK, RTL, JS_URL, EMOJI] as const,
  );
  if (!a || !b || !c) throw new Error('visitors did not arrive');
  await frame.evaluate(([uid, text]) => window.emulator.visitorSends(uid, text), [a.uid, SCRIPT] as const);
  // A routed thread's preview is the welcome text (S13): the hostile lines become previews once sent again.
  await frame.evaluate(([uid, text]) => window.emulator.visitorSends(uid, text), [b.uid, JS_URL] as const);
  await frame.evaluate(([uid, text]) => window.emulator.visitorSends(uid, text), [c.uid, EMOJI] as const);

  // The thread list: each nickname and preview is the very text that was sent.
  const item = (uid: string) => frame.locator(`[data-testid="thread-item"][data-uid="${uid}"]`);
  await expect(item(a.uid).getByTestId('thread-nickname')).toHaveText(IMG);
  await expect(item(a.uid).getByTestId('thread-preview')).toContainText(SCRIPT);
  await expect(item(b.uid).getByTestId('thread-nickname')).toHaveText(RTL);
  await expect(item(b.uid).getByTestId('thread-preview')).toContainText(JS_URL);
  expect(
    await item(c.uid)
      .getByTestId('thread-preview')
      .evaluate((el) => el.textContent ?? ''),
  ).toContain(EMOJI);
  // A megabyte-class line does not stretch its row: every row keeps the same height.
  const heights = await frame
    .locator('[data-testid="thread-item"]')
    .evaluateAll((els) => els.map((el) => Math.round(el.getBoundingClientRect().height)));
  expect(new Set(heights).size).toBe(1);

  // The chat pane: title and bubbles as text.
  await item(a.uid).click();
  await expect(frame.getByTestId('chat-title')).toHaveText(IMG);
  const bubbles = frame.locator('[data-testid="message"][data-from="visitor"]');
  await expect(bubbles.filter({ hasText: LINK })).toHaveCount(1);
  await expect(bubbles.filter({ hasText: SCRIPT })).toHaveCount(1);
  await item(c.uid).click();
  const huge = frame.locator('[data-testid="message"][data-from="visitor"]').last();
  expect(await huge.evaluate((el) => el.textContent)).toBe(EMOJI);
  // It wraps inside the pane instead of running off to the side.
  const pane = await frame.getByTestId('chat-pane').boundingBox();
  const bubble = await huge.boundingBox();
  expect(bubble && pane && bubble.x + bubble.width <= pane.x + pane.width + 1).toBe(true);

  // The inspector shows the payloads as JSON text.
  if (!(await frame.getByTestId('inspector').isVisible())) await frame.getByTestId('emulator-toggle').click();
  const rows = frame.locator('[data-testid="inspector-row"][data-type="new_visitor_message"]');
  await expect(rows).toHaveCount(3);
  for (const [index, nickname] of [
    [2, IMG],
    [1, RTL],
  ] as const) {
    await rows.nth(index).locator('.inspector-line').click();
    await expect(rows.nth(index).locator('pre')).toContainText(JSON.stringify(nickname));
  }

  await expectInert(frame, 'emulator');
  await expectInert(page, 'host page');
  expect(dialogs).toEqual([]);
});

test('hostile nicknames are inert and readable in the host demo', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(hostDemoUrl({ seed: 9, scenario: 'empty', autopilot: 0 }));
  const frame = await emulatorFrame(page);
  const thread = await frame.evaluate(
    ([img, link]) => window.emulator.visitorArrives({ nickname: img, content: link }),
    [IMG, LINK] as const,
  );
  await frame.evaluate(([uid, text]) => window.emulator.visitorSends(uid, text), [thread.uid, JS_URL] as const);

  const row = page.locator(`[data-testid="unread-thread"][data-uid="${thread.uid}"]`);
  await expect(row.locator('.nickname')).toHaveText(IMG);
  await expect(row.locator('.preview')).toHaveText(JS_URL);
  const logRow = page.locator('[data-testid="log-row"][data-type="new_visitor_message"]').first();
  await logRow.locator('summary').click();
  await expect(logRow.locator('pre')).toContainText(JSON.stringify(IMG));
  await expectInert(page, 'host demo');
  await expectInert(frame, 'emulator in the host demo');
  expect(dialogs).toEqual([]);
});

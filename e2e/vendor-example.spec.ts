import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { emulatorFrame } from './support/host';
import { EMULATOR_ORIGIN, HOST_ORIGIN } from './support/urls';

/**
 * The vendor's own example parent page (from the seed), verbatim but for its domain: if an integrator's copy of
 * it works against the emulator, so does the emulator's claim to speak the vendor's protocol.
 */
const VENDOR_PAGE = readFileSync(new URL('./fixtures/vendor-example.html', import.meta.url), 'utf8');

test('the vendor example page works against the emulator with only its domain changed', async ({ page }) => {
  const logs: string[] = [];
  const alerts: string[] = [];
  page.on('console', (m) => logs.push(m.text()));
  page.on('dialog', (d) => {
    alerts.push(d.message());
    void d.dismiss();
  });
  await page.route(`${HOST_ORIGIN}/vendor-example.html`, (route) =>
    route.fulfill({
      contentType: 'text/html; charset=utf-8',
      body: VENDOR_PAGE.replaceAll('https://your-domain.com', EMULATOR_ORIGIN),
    }),
  );
  await page.goto(`${HOST_ORIGIN}/vendor-example.html`);
  const frame = await emulatorFrame(page);
  expect(frame.url()).toBe(`${EMULATOR_ORIGIN}/desktop`);

  const { totalUnreadCount } = await frame.evaluate(() => window.emulator.state());
  await expect.poll(() => logs).toContain(`未读消息总数: ${totalUnreadCount}`);

  const visitor = await frame.evaluate(() => window.emulator.visitorArrives({ nickname: '上海123456' }));
  await expect.poll(() => alerts).toContain('新访客接入: 上海123456');

  await page.evaluate(() => (window as unknown as { setAgentBusy(): void }).setAgentBusy());
  await expect.poll(() => logs).toContain('座席状态变化: BUSY');
  await page.evaluate(() => (window as unknown as { setAgentOnline(): void }).setAgentOnline());
  await expect.poll(() => logs).toContain('座席状态变化: AVAILABLE');
  await page.evaluate(() => (window as unknown as { setAgentOffline(): void }).setAgentOffline());
  await expect.poll(() => logs).toContain('座席状态变化: OFFLINE');

  await page.evaluate(
    (uid) => (window as unknown as { clearThreadUnread(u: string): void }).clearThreadUnread(uid),
    visitor.uid,
  );
  await expect.poll(() => logs.filter((l) => l === `未读消息总数: ${totalUnreadCount}`).length).toBe(2);
  expect(
    (await frame.evaluate(() => window.emulator.state())).threads.find((t) => t.uid === visitor.uid)?.unreadCount,
  ).toBe(0);

  const refreshesBefore = logs.filter((l) => l.startsWith('未读消息总数')).length;
  await page.evaluate(() => (window as unknown as { refreshThreads(): void }).refreshThreads());
  await expect.poll(() => logs.filter((l) => l.startsWith('未读消息总数')).length).toBe(refreshesBefore + 1);

  await frame.evaluate((uid) => window.emulator.closeThread(uid), visitor.uid);
  await expect.poll(() => logs).toContain('会话状态变化: close');
  expect(await frame.evaluate(() => window.emulator.violations())).toEqual([]);
});

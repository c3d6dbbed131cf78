import { expect, test } from '@playwright/test';
import { emulatorFrame, openHost } from './support/host';
import { EMULATOR_ORIGIN, emulatorUrl, HOST_ORIGIN } from './support/urls';

/** A third site: not the host, not the emulator. Served by Playwright's router, so nothing listens there. */
const OTHER_ORIGIN = 'http://other.test';

test.describe('origins (docs/protocol.md §6)', () => {
  test('a sibling frame of another origin cannot command the emulator', async ({ page }) => {
    await page.route(`${OTHER_ORIGIN}/sibling.html`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<script>
          window.attack = () => parent.frames[0].postMessage({ type: 'update_agent_status_offline' }, '*');
        </script>`,
      }),
    );
    const host = await openHost(
      page,
      {},
      '/agent/chat',
      `<iframe id="sibling" src="${OTHER_ORIGIN}/sibling.html"></iframe>`,
    );
    const sibling = page.frames().find((f) => f.url().startsWith(OTHER_ORIGIN));
    if (!sibling) throw new Error('no sibling frame');
    await sibling.evaluate(() => (window as unknown as { attack(): void }).attack());
    const row = await expect
      .poll(async () => (await host.frame.evaluate(() => window.emulator.log())).find((e) => e.direction === 'in'))
      .toMatchObject({ outcome: 'rejected-origin', reason: 'not sent by the parent window' });
    void row;
    expect((await host.frame.evaluate(() => window.emulator.state())).agent.status).toBe('AVAILABLE');
    expect(await host.events('agent_status_changed')).toEqual([]);
  });

  test('a pinned allowlist rejects the parent when it is not on it', async ({ page }) => {
    const host = await openHost(page, { allowOrigin: 'https://crm.example.com', postOrigin: HOST_ORIGIN });
    await host.send({ type: 'update_agent_status_busy' });
    await expect
      .poll(
        async () => (await host.frame.evaluate(() => window.emulator.log())).find((e) => e.direction === 'in')?.outcome,
      )
      .toBe('rejected-origin');
    expect((await host.frame.evaluate(() => window.emulator.state())).agent.status).toBe('AVAILABLE');
  });

  test('a pinned allowlist that names the host accepts it', async ({ page }) => {
    const host = await openHost(page, { allowOrigin: `https://crm.example.com,${HOST_ORIGIN}` });
    await host.send({ type: 'update_agent_status_busy' });
    await host.nth('agent_status_changed', 1);
  });

  test('events are posted to the parent origin only, never to "*"', async ({ page }) => {
    const host = await openHost(page);
    await host.frame.evaluate(() => window.emulator.visitorArrives());
    await host.nth('new_visitor_message', 1);
    const out = (await host.frame.evaluate(() => window.emulator.log())).filter((e) => e.direction === 'out');
    expect(out.length).toBeGreaterThanOrEqual(3);
    expect(new Set(out.map((e) => e.target))).toEqual(new Set([HOST_ORIGIN]));
  });

  test('postOrigin=* is honoured only because the operator asked for it', async ({ page }) => {
    const host = await openHost(page, { postOrigin: '*' });
    const out = (await host.frame.evaluate(() => window.emulator.log())).filter((e) => e.direction === 'out');
    expect(out.map((e) => e.target)).toEqual(['*']);
  });

  test('a post target other than the parent is enforced by the browser: the host hears nothing', async ({ page }) => {
    const host = await openHost(page, { postOrigin: 'https://elsewhere.example' }).catch((e: Error) => e);
    expect(host).toBeInstanceOf(Error);
    expect(await page.evaluate(() => window.received)).toEqual([]);
  });

  test('the unframed emulator posts nothing', async ({ page }) => {
    await page.goto(emulatorUrl({ seed: 2 }));
    const frame = await emulatorFrame(page);
    const seen = await frame.evaluate(async () => {
      const got: unknown[] = [];
      window.addEventListener('message', (e) => got.push(e.data));
      window.emulator.visitorArrives();
      window.emulator.colleagueSends();
      await window.emulator.setStatus('BUSY');
      window.postMessage({ type: 'update_agent_status_offline' }, '*');
      await new Promise((r) => setTimeout(r, 300));
      return { got, framed: window.emulator.framed, out: window.emulator.log().filter((e) => e.direction === 'out') };
    });
    expect(seen.framed).toBe(false);
    // Only our own probe arrives; the console posted no event and did not act on the message.
    expect(seen.got).toEqual([{ type: 'update_agent_status_offline' }]);
    expect(seen.out).toEqual([]);
    expect((await frame.evaluate(() => window.emulator.state())).agent.status).toBe('BUSY');
    expect(page.url().startsWith(EMULATOR_ORIGIN)).toBe(true);
  });
});

import { expect, type Page, test } from '@playwright/test';
import { type Host, openHost } from './support/host';
import { EMULATOR_ORIGIN, HOST_ORIGIN } from './support/urls';

/** docs/protocol.md §6, issue 6 item 2: every window that can reach the emulator frame, and only the parent obeyed. */
const OTHER_ORIGIN = 'http://other.test';

/** A page whose `attack(via)` posts a command to the emulator frame through whatever reference it holds. */
const attacker = (reach: string) => `<!doctype html><script>
  window.attack = (via) => (${reach}).postMessage({ type: 'update_agent_status_offline', via }, '*');
</script>`;

type Row = { sender: string; outcome: string | undefined; reason: string | undefined };

/** The inbound log entry of the message sent `via` a sender, once the emulator has handled it. */
async function verdictOf(host: Host, via: string): Promise<Row> {
  let row: Row | undefined;
  await expect
    .poll(
      async () => {
        row = await host.frame.evaluate((v) => {
          const entry = window.emulator
            .log()
            .find((e) => e.direction === 'in' && (e.message as { via?: string } | null)?.via === v);
          return entry && { sender: v, outcome: entry.outcome, reason: entry.reason };
        }, via);
        return row !== undefined;
      },
      { message: `the emulator logged the message from ${via}` },
    )
    .toBe(true);
  return row as Row;
}

async function popup(page: Page, url: string): Promise<Page> {
  const [opened] = await Promise.all([page.waitForEvent('popup'), page.evaluate((u) => window.open(u), url)]);
  await opened.waitForLoadState();
  return opened;
}

test('origin matrix: only the framing parent commands the console; every other window is dropped', async ({
  page,
  context,
}, testInfo) => {
  const viaFrames = 'parent.frames[0]';
  const viaOpener = 'opener.frames[0]';
  await context.route(`${OTHER_ORIGIN}/sibling.html`, (r) =>
    r.fulfill({ contentType: 'text/html', body: attacker(viaFrames) }),
  );
  await context.route(`${HOST_ORIGIN}/__e2e/sibling.html`, (r) =>
    r.fulfill({ contentType: 'text/html', body: attacker(viaFrames) }),
  );
  await context.route(`${EMULATOR_ORIGIN}/__e2e/sibling.html`, (r) =>
    r.fulfill({ contentType: 'text/html', body: attacker(viaFrames) }),
  );
  await context.route(`${OTHER_ORIGIN}/popup.html`, (r) =>
    r.fulfill({ contentType: 'text/html', body: attacker(viaOpener) }),
  );
  await context.route(`${HOST_ORIGIN}/__e2e/popup.html`, (r) =>
    r.fulfill({ contentType: 'text/html', body: attacker(viaOpener) }),
  );

  const host = await openHost(
    page,
    { seed: 4 },
    '/agent/chat',
    [`${OTHER_ORIGIN}/sibling.html`, `${HOST_ORIGIN}/__e2e/sibling.html`, `${EMULATOR_ORIGIN}/__e2e/sibling.html`]
      .map((src) => `<iframe src="${src}"></iframe>`)
      .join(''),
  );
  const sibling = async (origin: string) => {
    const frame = page.frames().find((f) => f.url().startsWith(origin) && f.url().includes('sibling.html'));
    if (!frame) throw new Error(`no sibling frame on ${origin}`);
    await frame.waitForFunction(() => typeof (window as unknown as { attack?: unknown }).attack === 'function');
    return frame;
  };
  const attack = (target: { evaluate: Page['evaluate'] }, via: string) =>
    target.evaluate((v) => (window as unknown as { attack(v: string): void }).attack(v), via);

  await attack(await sibling(OTHER_ORIGIN), 'sibling frame, another site');
  // Same origin as the parent: only the source check can tell it is not the parent.
  await attack(await sibling(HOST_ORIGIN), 'sibling frame, the host origin');
  await attack(await sibling(EMULATOR_ORIGIN), 'sibling frame, the emulator origin');
  await attack(await popup(page, `${OTHER_ORIGIN}/popup.html`), 'popup, another site');
  await attack(await popup(page, `${HOST_ORIGIN}/__e2e/popup.html`), 'popup, the host origin');
  await host.frame.evaluate(() =>
    window.postMessage({ type: 'update_agent_status_offline', via: 'the emulator window itself' }, '*'),
  );
  await host.send({ type: 'update_agent_status_offline', via: 'the framing parent' });

  const senders = [
    'sibling frame, another site',
    'sibling frame, the host origin',
    'sibling frame, the emulator origin',
    'popup, another site',
    'popup, the host origin',
    'the emulator window itself',
    'the framing parent',
  ];
  const matrix: Row[] = [];
  for (const sender of senders) matrix.push(await verdictOf(host, sender));
  await testInfo.attach('origin-matrix', {
    body: matrix.map((r) => `${r.sender.padEnd(36)} ${r.outcome?.padEnd(16)} ${r.reason ?? ''}`).join('\n'),
    contentType: 'text/plain',
  });
  const dropped = { outcome: 'rejected-origin', reason: 'not sent by the parent window' };
  expect(matrix).toEqual([
    ...senders.slice(0, -1).map((sender) => ({ sender, ...dropped })),
    // Accepted; the extra `via` field is only a warning.
    {
      sender: 'the framing parent',
      outcome: 'warning',
      reason: 'update_agent_status_offline: unknown field via ignored',
    },
  ]);

  // Only the parent's command took effect, and every event went to the parent's origin, never to '*'.
  await host.nth('agent_status_changed', 1);
  expect(await host.events('agent_status_changed')).toHaveLength(1);
  expect((await host.frame.evaluate(() => window.emulator.state())).agent.status).toBe('OFFLINE');
  const targets = await host.frame.evaluate(() =>
    window.emulator
      .log()
      .filter((e) => e.direction === 'out')
      .map((e) => e.target),
  );
  expect(targets.length).toBeGreaterThanOrEqual(2);
  expect(new Set(targets)).toEqual(new Set([HOST_ORIGIN]));
});

test('a pinned allowlist is honoured against every sender: even an allowed origin must be the parent', async ({
  page,
  context,
}) => {
  await context.route(`${OTHER_ORIGIN}/popup.html`, (r) =>
    r.fulfill({ contentType: 'text/html', body: attacker('opener.frames[0]') }),
  );
  // The popup's origin is on the list, the parent's is not.
  const host = await openHost(page, { allowOrigin: OTHER_ORIGIN, postOrigin: HOST_ORIGIN });
  const opened = await popup(page, `${OTHER_ORIGIN}/popup.html`);
  await opened.evaluate(() => (window as unknown as { attack(v: string): void }).attack('allowed popup'));
  await host.send({ type: 'update_agent_status_offline', via: 'parent not on the list' });
  expect(await verdictOf(host, 'allowed popup')).toMatchObject({
    outcome: 'rejected-origin',
    reason: 'not sent by the parent window',
  });
  expect(await verdictOf(host, 'parent not on the list')).toMatchObject({
    outcome: 'rejected-origin',
    reason: expect.stringMatching(new RegExp(`^origin ${HOST_ORIGIN} is not allowed \\(allowlist ${OTHER_ORIGIN};`)),
  });
  expect((await host.frame.evaluate(() => window.emulator.state())).agent.status).toBe('AVAILABLE');
  expect(await host.events('agent_status_changed')).toEqual([]);
});

/**
 * How an integrator tests a page that frames the agent console, using only the published package:
 * `agent-console-emulator/testing` (the Playwright fixture) and `agent-console-emulator/protocol` (types, host client).
 */
import type { AgentConsoleClient } from 'agent-console-emulator/protocol';
import { expect, expectEvent, expectNoViolations, serveHostClient, test } from 'agent-console-emulator/testing';

declare global {
  interface Window {
    agentConsole: AgentConsoleClient;
  }
}

/** Stands in for the integrator's own page: it frames the console and talks to it through the typed host client. */
const hostPage = (consoleUrl: string) => `<!doctype html>
<html><head><meta charset="utf-8"><title>My helpdesk</title></head><body>
<iframe id="bytedesk-iframe" src="${consoleUrl}" width="1100" height="720"></iframe>
<script type="module">
  import { connectAgentConsole } from '/agent-console-client.js';
  window.agentConsole = connectAgentConsole(document.getElementById('bytedesk-iframe'));
</script></body></html>`;

// An integrator's config grants no permission: the fixture must grant what its routed host page needs.
test.use({ permissions: [] });

test.beforeEach(async ({ page, emulatorServer }) => {
  await serveHostClient(page, '/agent-console-client.js');
  await page.route('/helpdesk.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: hostPage(emulatorServer.consoleUrl({ seed: 11, scenario: 'empty' })),
    }),
  );
  await page.goto('/helpdesk.html');
});

test('a visitor arrives, the host hears of it, sets the agent busy and gets the acknowledgement', async ({
  page,
  consoleFrame,
}) => {
  const emulator = await consoleFrame();
  await page.waitForFunction(() => window.agentConsole !== undefined);

  const thread = await emulator.call('visitorArrives', { nickname: 'Ann', content: '你好，我想咨询一下' });
  const arrival = await expectEvent(page, 'new_visitor_message', (data) => data.thread.uid === thread.uid);
  expect(arrival.data.thread.user?.nickname).toBe('Ann');
  // The server writes its welcome text into a routed thread; the visitor's own line is the unread message.
  expect(arrival.data.thread.content).toBe('您好，有什么可以帮您？');

  await page.evaluate(() => window.agentConsole.setBusy());
  const ack = await expectEvent(page, 'agent_status_changed', (data) => data.status === 'BUSY');
  expect(ack.data.agentInfo?.status).toBe('BUSY');
  expect((await emulator.call('state')).agent.status).toBe('BUSY');

  await expectNoViolations(emulator);
});

test('expectNoViolations fails, naming the reason, when the host sends a malformed command', async ({
  page,
  consoleFrame,
}) => {
  const emulator = await consoleFrame();
  await page.waitForFunction(() => window.agentConsole !== undefined);
  await page.evaluate(() => window.agentConsole.sendRaw({ type: 'update_agent_status', data: { status: 'ONLINE' } }));
  await expect
    .poll(() =>
      expectNoViolations(emulator).then(
        () => 'none',
        (error: Error) => error.message,
      ),
    )
    .toContain('update_agent_status: data.status must be one of AVAILABLE, BUSY, OFFLINE; got "ONLINE"');
});

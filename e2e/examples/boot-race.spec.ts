/**
 * The most common integration bug, made visible (docs/protocol.md §11): a host page that talks to the console as soon
 * as the iframe fires `load` is too early — the console's app has not booted, and the real console loses the
 * command without a word. The emulator's `bootDelay` makes the console slow to boot, as the real one is; the
 * command is then logged `early` and not applied. Waiting for the console's first event (`client.ready()`) fixes it.
 */
import type { AgentConsoleClient } from 'agent-console-emulator/protocol';
import { expect, expectNoViolations, serveHostClient, test } from 'agent-console-emulator/testing';

declare global {
  interface Window {
    agentConsole: AgentConsoleClient;
  }
}

/** The integrator's page: frames the console and sets the agent busy, either on the frame's load or once ready. */
const hostPage = (consoleUrl: string, when: 'on-load' | 'when-ready') => `<!doctype html>
<html><head><meta charset="utf-8"><title>My helpdesk</title></head><body>
<iframe id="bytedesk-iframe" width="1100" height="720"></iframe>
<script type="module">
  import { connectAgentConsole } from '/agent-console-client.js';
  const iframe = document.getElementById('bytedesk-iframe');
  // Connected before the frame loads, so that it sees the console's first event.
  iframe.src = ${JSON.stringify(consoleUrl)};
  const client = (window.agentConsole = connectAgentConsole(iframe));
  ${
    when === 'on-load'
      ? `iframe.addEventListener('load', () => client.setBusy()); // too early: the console is still booting`
      : `client.ready({ timeout: 10000 }).then(() => client.setBusy()); // the console has spoken: it listens`
  }
</script></body></html>`;

/**
 * As the README tells it: a console slow to boot by 2 s. The suite's console is built and served as integrators' CI
 * runs it (`agent-console-emulator serve`), whose document loads in ~0.1 s, well inside the delay.
 */
const BOOT_DELAY = 2000;

for (const when of ['on-load', 'when-ready'] as const) {
  test.describe(`a host that sets the agent busy ${when}`, () => {
    test.beforeEach(async ({ page, emulatorServer }) => {
      await serveHostClient(page, '/agent-console-client.js');
      const url = emulatorServer.consoleUrl({ seed: 11, scenario: 'empty', bootDelay: BOOT_DELAY });
      await page.route('/helpdesk.html', (route) =>
        route.fulfill({ contentType: 'text/html', body: hostPage(url, when) }),
      );
      await page.goto('/helpdesk.html');
    });

    if (when === 'on-load') {
      test('is too early: its command is logged early, not applied, and expectNoViolations says so', async ({
        consoleFrame,
      }) => {
        // The test API appears when the console is ready, BOOT_DELAY ms after its document started.
        const emulator = await consoleFrame();
        await expect.poll(() => emulator.call('counts').then((c) => c.early)).toBe(1);
        expect((await emulator.call('state')).agent.status).toBe('AVAILABLE');
        const [early] = (await emulator.call('log')).filter((e) => e.outcome === 'early');
        expect(early?.reason).toMatch(
          /^update_agent_status_busy arrived \d+ ms before the console was ready; the real console would not have heard it$/,
        );
        await expect(expectNoViolations(emulator)).rejects.toThrow(
          /1 command\(s\) that arrived before the console was ready[\s\S]*update_agent_status_busy arrived/,
        );
        await expect(emulator.frame.getByTestId('boot-early')).toHaveText('1');
      });
    } else {
      test('waits for ready(): the command is applied and nothing was early', async ({ consoleFrame }) => {
        const emulator = await consoleFrame();
        await expect.poll(async () => (await emulator.call('state')).agent.status).toBe('BUSY');
        expect((await emulator.call('counts')).early).toBe(0);
        await expectNoViolations(emulator);
      });
    }
  });
}

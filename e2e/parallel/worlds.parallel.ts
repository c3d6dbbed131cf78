import type { APIRequestContext } from '@playwright/test';
import type { Thread } from '../../protocol';
import { consoleEvents, type EmulatorServer, expect, expectEvent, test } from '../../testing';

/**
 * PARALLEL_TESTS tests (20 by default; PARALLEL_TESTS=160 gives each of the 8 workers 20) that run at once on 8
 * workers against one server: each opens the console
 * in its own world, drives it over the control API and checks that every event its host page received and
 * every control answer belongs to its world. One event or answer from another test's world fails it.
 */
const COUNT = Number(process.env.PARALLEL_TESTS ?? 20);

async function pagesOf(request: APIRequestContext, server: EmulatorServer): Promise<number> {
  return (await (await request.get(`${server.controlUrl}pages`)).json()).pages.length;
}

for (let n = 0; n < COUNT; n++) {
  test(`world ${n}: its events and control answers are its own`, async ({ page, request, emulatorServer, world }) => {
    await page.route('/host.html', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><iframe src="${emulatorServer.consoleUrl({ scenario: 'empty' })}"></iframe>`,
      }),
    );
    await page.goto('/host.html');
    // Eight browsers starting at once on a small machine: the first frames take a while.
    await expect.poll(() => pagesOf(request, emulatorServer), { timeout: 15_000 }).toBe(1);

    const mine = [`${world}#0`, `${world}#1`];
    for (const nickname of mine) {
      const answer = await (
        await request.post(`${emulatorServer.controlUrl}visitor-arrives`, { data: { nickname } })
      ).json();
      expect(answer.world).toBe(world);
      expect((answer.value as Thread).user.nickname).toBe(nickname);
    }
    await expectEvent(page, 'new_visitor_message', (data) => data.thread.user?.nickname === mine[1]);
    const heard = (await consoleEvents(page, 'new_visitor_message')).map((e) => e.data.thread.user?.nickname);
    expect(heard).toEqual(mine);

    const state = await (await request.get(`${emulatorServer.controlUrl}state`)).json();
    expect(state.world).toBe(world);
    expect(state.value.threads.map((t: Thread) => t.user.nickname).sort()).toEqual(mine);
  });
}

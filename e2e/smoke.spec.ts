import { expect, test } from '@playwright/test';
import { DEV_EMULATOR_ORIGIN, EMULATOR_ORIGIN, HOST_ORIGIN } from './support/urls';

test('the built console, the dev console and the sandbox serve their pages', async ({ request }) => {
  const pages = [
    `${EMULATOR_ORIGIN}/agent/chat`,
    `${EMULATOR_ORIGIN}/desktop`,
    `${DEV_EMULATOR_ORIGIN}/agent/chat`,
    `${DEV_EMULATOR_ORIGIN}/desktop`,
    `${HOST_ORIGIN}/`,
  ];
  for (const url of pages) {
    const response = await request.get(url);
    expect(response.status(), url).toBe(200);
    expect(response.headers()['content-type'], url).toContain('text/html');
  }
  // The suite's console is the production build, as integrators' CI runs it; the dev console is npm start's.
  expect(await (await request.get(`${EMULATOR_ORIGIN}/agent/chat`)).text()).not.toContain('/@vite/client');
  expect(await (await request.get(`${DEV_EMULATOR_ORIGIN}/agent/chat`)).text()).toContain('/@vite/client');
});

import { expect, test } from '@playwright/test';
import { EMULATOR_ORIGIN, HOST_ORIGIN } from './support/urls';

test('both dev servers serve their pages', async ({ request }) => {
  for (const url of [`${EMULATOR_ORIGIN}/agent/chat`, `${EMULATOR_ORIGIN}/desktop`, `${HOST_ORIGIN}/`]) {
    const response = await request.get(url);
    expect(response.status(), url).toBe(200);
    expect(response.headers()['content-type'], url).toContain('text/html');
  }
});

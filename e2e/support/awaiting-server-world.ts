import { test } from '@playwright/test';

/**
 * Issue #12's server, which keeps each world so that a reload restores it whatever the browser's storage policy,
 * is not in this branch yet. Under Playwright's default Chromium the frame's localStorage and sessionStorage are
 * denied, so the reload tests that call this fail there for that reason alone: they are run and expected to
 * fail. The day the server keeps worlds they pass, Playwright reports "expected to fail, but passed", and this
 * file and its calls go. In the partitioned-storage project (stock Chrome) they are ordinary tests.
 */
export function awaitingServerWorld(): void {
  test.fail(
    test.info().project.name === 'chromium',
    "#12: the server does not keep the world yet, and Playwright's default Chromium denies the frame's storage",
  );
}

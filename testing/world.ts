import { type TestInfo, test } from '@playwright/test';

/**
 * Each test's own world on a shared emulator server (docs/emulator.md "One server, many worlds"): parallel workers
 * and shards share one `serve` without seeing each other's threads, events or control calls.
 */

/** The world of a test: its id, which Playwright keeps stable across runs; a retry or a repeat gets its own. */
export function worldOf(info: Pick<TestInfo, 'testId' | 'retry' | 'repeatEachIndex'>): string {
  const suffix = [info.repeatEachIndex ? `e${info.repeatEachIndex}` : '', info.retry ? `r${info.retry}` : '']
    .filter(Boolean)
    .join('-');
  return suffix ? `t-${info.testId}-${suffix}` : `t-${info.testId}`;
}

/** The running test's world; undefined outside a test (a worker fixture, the config). */
export function currentWorld(): string | undefined {
  try {
    return worldOf(test.info());
  } catch {
    return undefined;
  }
}

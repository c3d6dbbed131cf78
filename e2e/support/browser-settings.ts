/**
 * The one place where the e2e suite departs, on purpose and by name, from the browser an integrator's CI runs.
 *
 * Every other test runs Chromium exactly as Playwright launches it by default. Beware of adding a
 * `--disable-features=…` or `--enable-features=…` switch anywhere: Chromium keeps only the LAST of each, so one
 * such switch silently throws away Playwright's own list (which, among others, disables
 * ThirdPartyStoragePartitioning; without partitioning a cross-site frame's storage follows the third-party
 * cookie setting, blocked by default, and is denied). e2e/browser-settings.spec.ts fails when Playwright's
 * defaults stop being what this file relies on.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { LaunchOptions } from '@playwright/test';

export const PARTITIONING = 'ThirdPartyStoragePartitioning';

/**
 * Tag of the tests that need a cross-site frame's storage as stock Chrome gives it: partitioned per top-level
 * site, so the frame on 127.0.0.1 inside a page on localhost has a localStorage of its own. They run only in the
 * project named PARTITIONED_STORAGE_PROJECT.
 */
export const PARTITIONED_STORAGE = '@partitioned-storage';
export const PARTITIONED_STORAGE_PROJECT = 'chromium-partitioned-storage';

/** The Playwright install this suite runs (its Chromium switches live in playwright-core's bundle). */
function playwrightCoreFile(): string {
  const require = createRequire(import.meta.url);
  // @playwright/test → playwright → playwright-core, each resolved from the one that depends on it.
  const playwrightTest = dirname(require.resolve('@playwright/test/package.json'));
  const playwright = dirname(createRequire(join(playwrightTest, 'index.js')).resolve('playwright/package.json'));
  const core = dirname(createRequire(join(playwright, 'index.js')).resolve('playwright-core/package.json'));
  return join(core, 'lib', 'coreBundle.js');
}

/**
 * The features Playwright disables in every Chromium it launches (its `chromiumSwitches.ts`), read from the
 * installed playwright-core, in its order. Throws, naming the file, when the list cannot be found there.
 */
export function playwrightDisabledFeatures(file = playwrightCoreFile()): string[] {
  const source = readFileSync(file, 'utf8');
  const list = /\bdisabledFeatures = \[([^\]]*)\]\.filter\(Boolean\)/.exec(source)?.[1];
  const features = list
    ?.split('\n')
    .map((line) => line.replace(/\/\/.*$/, ''))
    .flatMap((line) => [...line.matchAll(/"([^"]+)"/g)].map((match) => match[1] as string));
  if (!features?.length) {
    throw new Error(
      `browser-settings: Playwright's disabledFeatures list was not found in ${file}; ` +
        'Playwright changed how it launches Chromium: read its chromiumSwitches and update this file.',
    );
  }
  return features;
}

/** Playwright's own `--disable-features` switch, exactly as it passes it. */
export function playwrightDisableFeaturesSwitch(features = playwrightDisabledFeatures()): string {
  return `--disable-features=${features.join(',')}`;
}

/**
 * Launch options for storage as stock Chrome has it: Playwright's own switch is dropped and passed again
 * without ThirdPartyStoragePartitioning, so every other feature Playwright disables stays disabled.
 */
export function partitionedStorageLaunch(base: LaunchOptions): LaunchOptions {
  const features = playwrightDisabledFeatures();
  return {
    ...base,
    ignoreDefaultArgs: [playwrightDisableFeaturesSwitch(features)],
    args: [...(base.args ?? []), playwrightDisableFeaturesSwitch(features.filter((f) => f !== PARTITIONING))],
  };
}

/**
 * Tag of the tests of a world surviving a reload. They run under both settings: Playwright's defaults (the
 * integrator's CI, where the frame's storage is denied, so only a server that keeps the world can pass them)
 * and partitioned storage (stock Chrome, where the localStorage fallback can).
 */
export const RELOAD = '@reload';

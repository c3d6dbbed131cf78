import { existsSync } from 'node:fs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { callSource, type Engine, type EngineSession } from './driver';

/** Debian's Firefox ESR; FIREFOX_PATH overrides it. */
const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/**
 * Stock Firefox driven over WebDriver BiDi by puppeteer-core (which downloads nothing): Playwright's own
 * Firefox is a patched build, and its moz-firefox channel needs Firefox 159 or later.
 */
export const firefox: Engine = {
  name: 'firefox',
  unavailable: () => (existsSync(FIREFOX) ? null : `${FIREFOX} is missing (apt-get install firefox-esr)`),
  async start() {
    const browser: Browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      headless: true,
      // A closed network: no update checks, telemetry or remote settings.
      extraPrefsFirefox: { 'app.update.enabled': false, 'datareporting.policy.dataSubmissionEnabled': false },
    });
    firefox.name = `firefox ${(await browser.version()).replace(/^firefox\//, '')}`;
    const page: Page = await browser.newPage();
    const frameOf = async (selector: string) => {
      const element = await page.$(selector);
      const frame = await element?.contentFrame();
      if (!frame) throw new Error(`no iframe ${selector} in ${page.url()}`);
      return frame;
    };
    const session: EngineSession = {
      async goto(url) {
        await page.goto(url, { waitUntil: 'load' });
      },
      // What comes back is the script's JSON: its shape is the caller's claim, as in WebDriver.
      top: <T>(fn: string, arg?: unknown) => page.evaluate(callSource(fn, arg)) as Promise<T>,
      frame: async <T>(selector: string, fn: string, arg?: unknown) =>
        (await frameOf(selector)).evaluate(callSource(fn, arg)) as Promise<T>,
      close: () => browser.close(),
    };
    return session;
  },
};

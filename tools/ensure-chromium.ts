/**
 * Provisions the browser for the e2e tests (run before `playwright test`).
 *  1. env CHROMIUM_PATH, if it points at an existing file;
 *  2. else Debian's /usr/bin/chromium, if installed;
 *  3. else, as root with apt-get: `apt-get update && apt-get install -y chromium`;
 *  4. else Playwright's own download: `npx playwright install chromium`.
 *
 * Then the fonts the visual baselines (e2e/workbench-visual.spec.ts) are drawn with: as root with apt-get, the
 * Debian packages fonts-wqy-microhei (Chinese) and fonts-noto-color-emoji when missing; otherwise it only says
 * that those tests will skip themselves.
 *
 * `chromiumPath()` is what e2e/playwright.config.ts uses; importing this module never installs anything.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { isMain } from '../server/is-main';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * How every browser of this project is launched (e2e, bench, soak): no sandbox as root, and none of the
 * background traffic this closed network would refuse. Never a `--disable-features` or `--enable-features`:
 * Chromium keeps only the last of each, so one here would silently replace Playwright's own list (see
 * e2e/support/browser-settings.ts, the one place where a test asks for another browser setting).
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** The system Chromium to launch, or undefined to let Playwright use its own downloaded build. */
export function chromiumPath(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  if (existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  return undefined;
}

function run(command: string, args: string[]): boolean {
  console.log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.error) console.error(String(result.error));
  return result.status === 0;
}

function hasCommand(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function fail(message: string): never {
  console.error(`ensure-chromium: ${message}`);
  process.exit(1);
}

function main(): void {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && !existsSync(fromEnv)) {
    console.warn(`ensure-chromium: CHROMIUM_PATH=${fromEnv} does not exist; looking elsewhere.`);
  }

  const found = chromiumPath();
  if (found) {
    console.log(`ensure-chromium: using ${found}${found === fromEnv ? ' (CHROMIUM_PATH)' : ''}`);
    return;
  }

  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && hasCommand('apt-get')) {
    console.log(`ensure-chromium: ${DEBIAN_CHROMIUM} not found; installing Debian's chromium with apt-get…`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const apt = (args: string[]) => {
      console.log(`$ apt-get ${args.join(' ')}`);
      return spawnSync('apt-get', args, { stdio: 'inherit', env }).status === 0;
    };
    if (!apt(['update'])) fail('`apt-get update` failed (see the output above); cannot install chromium.');
    if (!apt(['install', '-y', 'chromium'])) {
      fail('`apt-get install -y chromium` failed (see the output above). Install a Chromium and set CHROMIUM_PATH.');
    }
    if (!existsSync(DEBIAN_CHROMIUM)) {
      fail(`apt-get installed chromium but ${DEBIAN_CHROMIUM} is missing. Set CHROMIUM_PATH to the browser binary.`);
    }
    console.log(`ensure-chromium: using ${DEBIAN_CHROMIUM} (just installed with apt-get)`);
    return;
  }

  console.log(
    'ensure-chromium: no system Chromium; downloading Playwright’s own with `npx playwright install chromium`…',
  );
  if (!run('npx', ['playwright', 'install', 'chromium'])) {
    fail('`npx playwright install chromium` failed. Install a Chromium and set CHROMIUM_PATH to its binary.');
  }
  console.log('ensure-chromium: using Playwright’s bundled Chromium');
}

/** Chinese glyphs and colour emoji: without them the workbench renders boxes and the baselines cannot match. */
const FONT_PACKAGES = ['fonts-wqy-microhei', 'fonts-noto-color-emoji'];

function ensureFonts(): void {
  if (!hasCommand('dpkg')) {
    console.log(
      'ensure-chromium: not a Debian system; the visual baselines skip themselves if their fonts are missing.',
    );
    return;
  }
  const missing = FONT_PACKAGES.filter((pkg) => spawnSync('dpkg', ['-s', pkg], { stdio: 'ignore' }).status !== 0);
  if (missing.length === 0) {
    console.log(`ensure-chromium: fonts present (${FONT_PACKAGES.join(', ')})`);
    return;
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && hasCommand('apt-get')) {
    console.log(`ensure-chromium: installing the fonts the visual baselines need: ${missing.join(', ')}…`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const apt = (args: string[]) => spawnSync('apt-get', args, { stdio: 'inherit', env }).status === 0;
    if (apt(['update']) && apt(['install', '-y', '--no-install-recommends', ...missing])) return;
    // Fonts only matter to the visual baselines, which skip themselves without them: not a reason to stop e2e.
    console.warn(`ensure-chromium: could not install ${missing.join(', ')}; the visual baselines will be skipped.`);
    return;
  }
  console.warn(
    `ensure-chromium: fonts missing (${missing.join(', ')}) and not root: the visual baselines will be skipped. ` +
      `Install them with: sudo apt-get install -y ${missing.join(' ')}`,
  );
}

if (isMain(import.meta.url)) {
  main();
  ensureFonts();
}

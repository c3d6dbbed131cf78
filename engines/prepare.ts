/**
 * Before the cross-engine suite (npm run test:engines):
 *  1. the browsers, as tools/ensure-chromium.ts provisions Chromium: Debian's firefox-esr, webkit2gtk-driver
 *     (WebKitWebDriver and MiniBrowser) and xvfb, installed with apt-get as root where missing. When they cannot
 *     be installed this says so loudly and goes on: the suite then skips that engine, naming why.
 *  2. the production build of the emulator (dist/emulator), rebuilt only when a source is newer than it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { firefox } from './firefox';
import { webkit } from './webkit';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The Debian packages that bring each engine (and the X server WebKitGTK needs, having no headless mode). */
const PACKAGES = { firefox: ['firefox-esr'], webkit: ['webkit2gtk-driver', 'xvfb'] };

function provision(): void {
  const missing = [
    ...(firefox.unavailable() ? PACKAGES.firefox : []),
    ...(webkit.unavailable() ? PACKAGES.webkit : []),
  ];
  if (missing.length === 0) {
    console.log('engines: firefox-esr, WebKitWebDriver, MiniBrowser and xvfb-run present');
    return;
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (isRoot && hasApt) {
    console.log(`engines: installing ${missing.join(', ')} with apt-get…`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const apt = (args: string[]) => spawnSync('apt-get', args, { stdio: 'inherit', env }).status === 0;
    if (apt(['update']) && apt(['install', '-y', '--no-install-recommends', ...missing])) return;
  }
  const why = isRoot ? (hasApt ? 'apt-get failed (see above)' : 'no apt-get') : 'not root';
  console.warn(
    `\n!!! engines: could not install ${missing.join(', ')} (${why}); the suite will SKIP the engines they bring.\n` +
      `!!! Install them with: sudo apt-get install -y ${missing.join(' ')}\n`,
  );
}

/** The newest modification time under `path` (a file or a folder), in ms. */
function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const name of readdirSync(path)) latest = Math.max(latest, newest(join(path, name)));
  return latest;
}

function build(): void {
  const built = join(root, 'dist/emulator/index.html');
  const sources = ['emulator', 'protocol', 'vite.config.ts', 'package.json'].map((p) => join(root, p));
  if (existsSync(built) && statSync(built).mtimeMs >= Math.max(...sources.map(newest))) {
    console.log('engines: dist/emulator is up to date');
    return;
  }
  console.log('engines: building the emulator (vite build --mode emulator)…');
  const result = spawnSync('npx', ['vite', 'build', '--mode', 'emulator', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error('engines: the emulator build failed (see above)');
    process.exit(1);
  }
}

provision();
build();

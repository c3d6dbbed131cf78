import { spawnSync } from 'node:child_process';

/**
 * The workbench is Chinese by default. A Linux desktop without a Chinese font (many minimal installs and
 * containers) draws it as boxes, and nothing in the browser says why: `npm start` says it instead.
 */

/**
 * What to tell the user, given the platform and what `fc-list :lang=zh family` printed (undefined when it could
 * not run: then nothing is known, and nothing is said).
 */
export function cjkFontAdvice(platform: NodeJS.Platform, fcListOutput: string | undefined): string | undefined {
  if (platform !== 'linux' || fcListOutput === undefined || fcListOutput.trim() !== '') return undefined;
  return [
    'No Chinese font is installed (`fc-list :lang=zh` lists none): the workbench, Chinese by default, will show',
    'boxes instead of text. Install one, then restart the browser:',
    '    Debian/Ubuntu: sudo apt-get install fonts-noto-cjk   (or fonts-wqy-microhei, smaller)',
    '    Fedora:        sudo dnf install google-noto-sans-cjk-fonts',
    '    Arch:          sudo pacman -S noto-fonts-cjk',
    'Or open the emulator with ?lang=en.',
  ].join('\n');
}

/** Runs fc-list on Linux; undefined elsewhere or when it cannot run. */
export function listChineseFonts(platform: NodeJS.Platform = process.platform): string | undefined {
  if (platform !== 'linux') return undefined;
  const result = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8', timeout: 5000 });
  return result.status === 0 ? result.stdout : undefined;
}

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initialFiles, moduleGroup, repoRoot } from './build';

describe('initial JS from the Vite manifest', () => {
  it('counts the entry and its static imports, not lazy chunks or CSS', () => {
    const manifest = {
      'index.html': {
        file: 'assets/index.js',
        isEntry: true,
        imports: ['_shared.js'],
        dynamicImports: ['emulator/auth/token.ts'],
        css: ['assets/index.css'],
      },
      '_shared.js': { file: 'assets/shared.js', imports: ['_deeper.js'] },
      '_deeper.js': { file: 'assets/deeper.js' },
      'emulator/auth/token.ts': { file: 'assets/token.js', imports: ['_shared.js'] },
    };
    expect(initialFiles(manifest).sort()).toEqual(['assets/deeper.js', 'assets/index.js', 'assets/shared.js']);
  });

  it('says what is wrong with a manifest it cannot read', () => {
    expect(() => initialFiles({})).toThrow('no entry chunk');
    expect(() => initialFiles({ 'index.html': { file: 'a.js', isEntry: true, imports: ['_gone.js'] } })).toThrow(
      'names _gone.js as an import but has no entry for it',
    );
  });

  it('groups modules by package or project folder for the breakdown', () => {
    expect(moduleGroup(join(repoRoot, 'node_modules/zod/v4/core/core.js'))).toBe('zod');
    expect(moduleGroup(join(repoRoot, 'node_modules/@preact/signals/dist/signals.mjs'))).toBe('@preact/signals');
    expect(moduleGroup(join(repoRoot, 'emulator/ui/App.tsx'))).toBe('emulator/ui');
    expect(moduleGroup(join(repoRoot, 'emulator/main.tsx'))).toBe('emulator');
    expect(moduleGroup(join(repoRoot, 'protocol/shapes.ts'))).toBe('protocol');
    expect(moduleGroup('\0vite/modulepreload-polyfill.js')).toBe('vite runtime');
  });
});

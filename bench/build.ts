import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'vite';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const configFile = join(repoRoot, 'vite.config.ts');

/** gzip as Vite's build report computes it (zlib's default level), so figures match what `vite build` prints. */
export const gzipSize = (code: string | Uint8Array) => gzipSync(code).length;

export interface ModuleCode {
  id: string;
  code: string;
}

/** Remembers each chunk's modules with their rendered code, for the weight breakdown. */
function moduleRecorder(into: Map<string, ModuleCode[]>): Plugin {
  return {
    name: 'bench:module-recorder',
    generateBundle(_options, bundle) {
      for (const [file, output] of Object.entries(bundle)) {
        if (output.type !== 'chunk') continue;
        into.set(
          file,
          Object.entries(output.modules).map(([id, info]) => ({ id, code: info.code ?? '' })),
        );
      }
    },
  };
}

/**
 * The production emulator, built with the project's own config into a bench-private folder (dist/ belongs to
 * `npm run build`), plus a manifest to tell the initial chunks from lazy ones.
 */
export async function buildEmulator(outDir: string): Promise<Map<string, ModuleCode[]>> {
  const modules = new Map<string, ModuleCode[]>();
  await build({
    configFile,
    mode: 'emulator',
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, manifest: true },
    plugins: [moduleRecorder(modules)],
  });
  return modules;
}

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

/** The entry chunks and everything they import statically: what the browser must load before the app runs. */
export function initialFiles(manifest: Record<string, ManifestChunk>): string[] {
  const files = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk) throw new Error(`bench: the manifest names ${key} as an import but has no entry for it`);
    if (files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const next of chunk.imports ?? []) visit(next);
  };
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);
  if (files.size === 0) throw new Error('bench: the manifest has no entry chunk');
  return [...files].filter((file) => file.endsWith('.js'));
}

/** What a module is, for the breakdown: its npm package, or the project folder it lives in. */
export function moduleGroup(id: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(id);
  if (pkg) return pkg[1] as string;
  if (id.startsWith('\0')) return 'vite runtime';
  const path = relative(repoRoot, id);
  if (path.startsWith('..')) return 'other';
  // A folder's files together (emulator/ui, protocol), a sub-folder's apart from its parent's own files.
  const parts = path.split('/');
  return parts.slice(0, parts.length > 2 ? 2 : 1).join('/');
}

export interface Weight {
  files: Array<{ file: string; bytes: number; gzip: number }>;
  gzip: number;
  /** Estimated gzip bytes per package or folder: each group's share of the unminified code, applied to the total. */
  breakdown: Record<string, number>;
}

export async function emulatorWeight(outDir: string, modules: Map<string, ModuleCode[]>): Promise<Weight> {
  const manifestText = await readFile(join(outDir, '.vite', 'manifest.json'), 'utf8');
  const initial = initialFiles(JSON.parse(manifestText) as Record<string, ManifestChunk>);
  const files = await Promise.all(
    initial.map(async (file) => {
      const code = await readFile(join(outDir, file));
      return { file, bytes: code.length, gzip: gzipSize(code) };
    }),
  );
  const gzip = files.reduce((sum, f) => sum + f.gzip, 0);
  const groups = new Map<string, string>();
  for (const file of initial) {
    for (const { id, code } of modules.get(file) ?? []) {
      const group = moduleGroup(id);
      groups.set(group, (groups.get(group) ?? '') + code);
    }
  }
  const raw = [...groups].map(([group, code]) => [group, gzipSize(code)] as const);
  const rawTotal = raw.reduce((sum, [, size]) => sum + size, 0) || 1;
  const breakdown = Object.fromEntries(
    raw.sort((a, b) => b[1] - a[1]).map(([group, size]) => [group, Math.round((size / rawTotal) * gzip)]),
  );
  return { files, gzip, breakdown };
}

/**
 * The host client as an integrator's bundler would ship it: `protocol/client.ts` alone, minified like an app
 * (Vite's library mode keeps whitespace in ES output, which would overstate it).
 */
export async function hostClientWeight(outDir: string): Promise<{ bytes: number; gzip: number }> {
  await build({
    configFile: false,
    root: repoRoot,
    logLevel: 'warn',
    publicDir: false,
    build: {
      outDir,
      emptyOutDir: true,
      minify: true,
      target: 'es2022',
      modulePreload: false,
      rollupOptions: {
        input: join(repoRoot, 'protocol/client.ts'),
        preserveEntrySignatures: 'strict',
        output: { entryFileNames: 'client.js', format: 'es' },
      },
    },
  });
  const code = await readFile(join(outDir, 'client.js'));
  return { bytes: code.length, gzip: gzipSize(code) };
}

/**
 * The published CLI (`agent-console-emulator`: server/cli.ts bundled into one Node file, as the package ships
 * it), built into `outDir`; from `<outDir>/cli.js` it finds `<outDir>/../emulator`, as it does when packed.
 */
export async function buildCli(outDir: string): Promise<string> {
  await build({
    configFile: false,
    root: repoRoot,
    publicDir: false,
    logLevel: 'warn',
    ssr: { noExternal: true, target: 'node' },
    build: {
      ssr: join(repoRoot, 'server/cli.ts'),
      outDir,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      rollupOptions: { output: { format: 'es', entryFileNames: 'cli.js' } },
    },
  });
  return join(outDir, 'cli.js');
}

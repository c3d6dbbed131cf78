/**
 * Builds what `npm pack` publishes besides the two apps (`npm run build` runs the apps' Vite builds first):
 *  1. dist/cli/cli.js: the `agent-console-emulator` command, one Node 20 ESM file with a shebang and every
 *     dependency bundled, so `serve` and `token` need nothing installed next to them;
 *  2. dist/lib/protocol/index.js and dist/lib/testing/index.js: the package entries, importing only the runtime
 *     dependency (zod), the optional peer (@playwright/test) and Node's own modules;
 *  3. dist/lib/testing/host-client.js: the zod-free host client as one self-contained browser module, which the
 *     fixture serves to host pages a test builds itself;
 *  4. declarations from tsc (tools/tsconfig.types.json), with `.js` added to relative imports: the package is
 *     ESM, and TypeScript under `moduleResolution: node16/nodenext` resolves no extensionless import in it;
 *  5. a check that every `exports` target in package.json exists, so a broken package cannot be packed.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type InlineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const repo = here('.');
const lib = here('dist/lib');

/** `agent-console-emulator/<name>` and its source. */
const ENTRIES = {
  protocol: 'protocol/index.ts',
  'protocol/wire': 'protocol/wire.ts',
  'protocol/schema': 'protocol/schema.ts',
  testing: 'testing/index.ts',
} as const;

const common: InlineConfig = { configFile: false, root: repo, publicDir: false, logLevel: 'warn' };

function cliConfig(): InlineConfig {
  return {
    ...common,
    // Everything but Node's built-ins goes into the one file.
    ssr: { noExternal: true, target: 'node' },
    build: {
      ssr: here('server/cli.ts'),
      outDir: here('dist/cli'),
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      rolldownOptions: { output: { format: 'es', entryFileNames: 'cli.js', banner: '#!/usr/bin/env node' } },
    },
  };
}

function libConfig(entries: Record<string, string>): InlineConfig {
  return {
    ...common,
    build: {
      outDir: lib,
      emptyOutDir: true,
      target: 'es2022',
      minify: false,
      sourcemap: true,
      lib: { entry: entries, formats: ['es'], fileName: (_format, name) => `${name}.js` },
      rolldownOptions: {
        external: [/^zod(\/|$)/, /^@playwright\/test(\/|$)/, /^playwright(-core)?(\/|$)/, /^node:/, ...builtinModules],
      },
    },
  };
}

/** Its own build: as an entry of the lib build it would import chunks shared with protocol/index.js. */
function hostClientConfig(): InlineConfig {
  return {
    ...common,
    build: {
      outDir: join(lib, 'testing'),
      emptyOutDir: false,
      target: 'es2022',
      minify: false,
      lib: { entry: here('protocol/client.ts'), formats: ['es'], fileName: () => 'host-client.js' },
    },
  };
}

function declarations(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return declarations(path);
    return path.endsWith('.d.ts') ? [path] : [];
  });
}

// `from '../server/x'`, `import '../server/x'`, `import('../server/x')` with a relative specifier.
const RELATIVE_IMPORT = /(\bfrom\s*|\bimport\s*\(?\s*)(['"])(\.\.?(?:\/[^'"]*)?)\2/g;

function withExtension(file: string, specifier: string): string {
  if (/\.(js|mjs|cjs|json)$/.test(specifier)) return specifier;
  const base = join(dirname(file), specifier);
  if (existsSync(`${base}.d.ts`)) return `${specifier}.js`;
  if (existsSync(join(base, 'index.d.ts'))) return `${specifier.replace(/\/$/, '')}/index.js`;
  throw new Error(`${relative(repo, file)} imports ${specifier}, but tsc emitted no declaration for it`);
}

function emitDeclarations(entries: Record<string, string>): number {
  const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', here('tools/tsconfig.types.json')], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`tsc -p tools/tsconfig.types.json failed (exit ${result.status})`);

  let rewritten = 0;
  for (const file of declarations(lib)) {
    const source = readFileSync(file, 'utf8');
    const fixed = source
      .replace(
        RELATIVE_IMPORT,
        (_all, keyword: string, quote: string, specifier: string) =>
          `${keyword}${quote}${withExtension(file, specifier)}${quote}`,
      )
      // tsc names inferred Playwright types by their home, `playwright/test`, which only @playwright/test (the
      // peer the integrator installs) depends on; it re-exports them all.
      .replace(/\bimport\((['"])playwright\/test\1\)/g, 'import($1@playwright/test$1)');
    if (fixed !== source) {
      writeFileSync(file, fixed);
      rewritten++;
    }
  }
  // Each entry's declarations next to its index.js; testing's source lives in testing/.
  for (const [name, source] of Object.entries(entries)) {
    const entry = join(lib, `${name}.d.ts`);
    const emitted = join(lib, relative(repo, source).replace(/\.ts$/, '.d.ts'));
    if (emitted === entry) continue;
    if (!existsSync(emitted)) throw new Error(`tsc emitted no ${relative(repo, emitted)}`);
    const target = relative(dirname(entry), emitted).replace(/\.d\.ts$/, '.js');
    writeFileSync(entry, `export * from '${target.startsWith('.') ? target : `./${target}`}';\n`);
  }
  return rewritten;
}

function checkExports(): void {
  const pkg = JSON.parse(readFileSync(here('package.json'), 'utf8')) as {
    bin?: Record<string, string>;
    exports?: Record<string, Record<string, string>>;
  };
  const targets = [
    ...Object.entries(pkg.bin ?? {}).map(([name, target]) => [`bin["${name}"]`, target] as const),
    ...Object.entries(pkg.exports ?? {}).flatMap(([subpath, conditions]) =>
      Object.entries(conditions).map(([condition, target]) => [`exports["${subpath}"].${condition}`, target] as const),
    ),
  ];
  const missing = targets.filter(([, target]) => !existsSync(join(repo, target)));
  if (missing.length > 0)
    throw new Error(
      `package.json points at files the build did not make:\n  ${missing.map(([key, target]) => `${key} → ${target}`).join('\n  ')}`,
    );
}

async function step(label: string, run: () => unknown): Promise<void> {
  const started = performance.now();
  await run();
  console.log(`build-package: ${label} (${Math.round(performance.now() - started)} ms)`);
}

async function main(): Promise<void> {
  const entries = Object.fromEntries(
    Object.entries(ENTRIES)
      .filter(([name, source]) => {
        if (existsSync(here(source))) return true;
        console.warn(`build-package: skipping agent-console-emulator/${name}: ${source} does not exist yet.`);
        return false;
      })
      .map(([name, source]) => [`${name}/index`, here(source)]),
  );
  await step('dist/cli/cli.js', async () => {
    await build(cliConfig());
    chmodSync(here('dist/cli/cli.js'), 0o755);
  });
  await step(`dist/lib: ${Object.keys(entries).join(', ')}`, () => build(libConfig(entries)));
  if ('testing/index' in entries) await step('dist/lib/testing/host-client.js', () => build(hostClientConfig()));
  await step('declarations', () => {
    const rewritten = emitDeclarations(entries);
    console.log(`build-package: ${rewritten} declaration files given .js imports`);
  });
  checkExports();
  console.log('build-package: every bin and exports target in package.json exists');
}

main().catch((error: unknown) => {
  console.error(`build-package: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

/**
 * `npm run contract`: writes the JSON Schema files and protocol/REFERENCE.md from the zod schemas, and deletes
 * schema files no schema produces any more (a renamed message must not leave its old file behind).
 * `npm run contract -- --check` writes nothing and exits 1 if the files on disk are out of date.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findDrift, readContractFiles } from './contract/drift';
import { generateContract } from './contract/generate';

const root = fileURLToPath(new URL('..', import.meta.url));
const generated = generateContract();
const onDisk = readContractFiles(root, generated.keys());

if (process.argv.includes('--check')) {
  const problems = findDrift(generated, onDisk);
  for (const problem of problems) console.error(problem);
  console.log(`contract: ${generated.size} files, ${problems.length} out of date`);
  process.exit(problems.length > 0 ? 1 : 0);
}

let written = 0;
for (const [path, text] of generated) {
  if (onDisk.get(path) === text) continue;
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
  written++;
  console.log(`wrote ${path}`);
}
let removed = 0;
for (const path of onDisk.keys()) {
  if (generated.has(path)) continue;
  rmSync(join(root, path));
  removed++;
  console.log(`removed ${path}`);
}
console.log(`contract: ${generated.size} files, ${written} written, ${removed} removed`);

/**
 * JSON as Biome formats it (biome.json: 2 spaces, line width 120), so that generated files pass `biome check`
 * untouched and `npm run format` never rewrites them: objects always open one key per line, arrays of scalars
 * stay on one line when they fit, any other array opens one item per line.
 */

const LINE_WIDTH = 120;
const INDENT = '  ';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const commaAfter = (index: number, list: readonly unknown[]) => (index < list.length - 1 ? 1 : 0);

const isScalar = (value: Json): value is null | boolean | number | string =>
  value === null || typeof value !== 'object';

/** `before`/`after`: the width of what shares the value's line (indent and key; a following comma). */
function print(value: Json, depth: number, before: number, after: number): string {
  if (isScalar(value)) return JSON.stringify(value);
  const inner = INDENT.repeat(depth + 1);
  const outer = INDENT.repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every(isScalar)) {
      const flat = `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
      if (before + flat.length + after <= LINE_WIDTH) return flat;
    }
    const items = value.map((item, i) => `${inner}${print(item, depth + 1, inner.length, commaAfter(i, value))}`);
    return `[\n${items.join(',\n')}\n${outer}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  const lines = entries.map(([key, item], i) => {
    const head = `${inner}${JSON.stringify(key)}: `;
    return `${head}${print(item, depth + 1, head.length, commaAfter(i, entries))}`;
  });
  return `{\n${lines.join(',\n')}\n${outer}}`;
}

/** The file's full text, trailing newline included. Throws on values JSON cannot carry (undefined, functions). */
export function formatJson(value: unknown): string {
  const plain: unknown = JSON.parse(JSON.stringify(value));
  return `${print(plain as Json, 0, 0, 0)}\n`;
}

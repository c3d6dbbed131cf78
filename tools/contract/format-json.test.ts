import { describe, expect, it } from 'vitest';
import { formatJson } from './format-json';

/** The layout Biome gives JSON with biome.json's settings; checked against `biome format` at 120/121 columns. */
describe('formatJson', () => {
  it('opens every non-empty object one key per line, 2 spaces deep, and ends with a newline', () => {
    expect(formatJson({ a: { b: 1 }, c: {} })).toBe('{\n  "a": {\n    "b": 1\n  },\n  "c": {}\n}\n');
  });

  it('keeps an array of scalars on one line while the line, comma included, fits in 120 columns', () => {
    const fits = formatJson({ k: ['x'.repeat(108)], z: 0 });
    expect(fits.split('\n')[1]).toHaveLength(120);
    const over = formatJson({ k: ['x'.repeat(109)], z: 0 });
    expect(over.split('\n')[1]).toBe('  "k": [');
  });

  it('counts the comma only where one follows', () => {
    expect(formatJson({ k: ['x'.repeat(109)] }).split('\n')[1]).toHaveLength(120);
  });

  it('opens arrays that hold objects one item per line', () => {
    expect(formatJson([{ a: 1 }, []])).toBe('[\n  {\n    "a": 1\n  },\n  []\n]\n');
  });

  it('refuses what JSON cannot carry instead of writing "undefined"', () => {
    expect(() => formatJson(undefined)).toThrow();
  });
});

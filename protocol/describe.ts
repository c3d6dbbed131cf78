import type { z } from 'zod';

/**
 * Turns zod issues into sentences an integrator can act on: the field, what was expected, what arrived.
 * Zod's own messages name the expectation but not the value, and not in the vendor's terms.
 */

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

export function pathToString(path: Path): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(message)';
}

/** Reads own properties only: a path from a hostile message must not walk into prototypes. */
export function valueAt(root: unknown, path: Path): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.hasOwn(current, key)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

const MAX_PREVIEW = 80;

export function preview(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol') return 'a symbol';
  // JSON.stringify would print NaN and Infinity as null: say what actually arrived.
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = Array.isArray(value) ? 'an array' : 'an object';
  }
  return text.length > MAX_PREVIEW ? `${text.slice(0, MAX_PREVIEW - 1)}…` : text;
}

const article = (word: string) => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);

function expectation(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${article(issue.expected)}`;
    case 'invalid_value': {
      const values = issue.values.map((v) => (typeof v === 'string' ? v : preview(v)));
      return values.length === 1 ? `must be ${values[0]}` : `must be one of ${values.join(', ')}`;
    }
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return 'must be a non-empty string';
      if (issue.origin === 'string') return `must be at least ${issue.minimum} characters long`;
      if (issue.origin === 'array') return `must have at least ${issue.minimum} items`;
      return `must be ${issue.inclusive ? '>=' : '>'} ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string') return `must be at most ${issue.maximum} characters long`;
      if (issue.origin === 'array') return `must have at most ${issue.maximum} items`;
      return `must be ${issue.inclusive ? '<=' : '<'} ${issue.maximum}`;
    case 'invalid_format':
      return `must be ${issue.message && !issue.message.startsWith('Invalid') ? issue.message : `a valid ${issue.format}`}`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    default:
      return `is invalid (${issue.message})`;
  }
}

/** One sentence per issue: `data.status must be one of AVAILABLE, BUSY, OFFLINE; got "ONLINE"`. */
export function describeIssue(issue: Issue, input: unknown): string {
  // NaN needs no case of its own: `preview(NaN)` is "NaN", so a number field reads "must be a number; got NaN".
  return `${pathToString(issue.path)} ${expectation(issue)}; got ${preview(valueAt(input, issue.path))}`;
}

/** Names the unknown fields of an `unrecognized_keys` issue with their full paths. */
export function unknownFields(issue: Extract<Issue, { code: 'unrecognized_keys' }>): string[] {
  return issue.keys.map((key) => pathToString([...issue.path, key]));
}

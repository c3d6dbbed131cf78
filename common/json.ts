/**
 * JSON copies of untrusted values, environment-neutral: a clone that cannot be polluted or overflow, and a bounded
 * copy for logs that keep what hosts send.
 */
/** Deeper than any real message; beyond it JSON.stringify would overflow the stack. */
const MAX_DEPTH = 200;

/**
 * A JSON copy of anything a host can post: structured clone lets through BigInt, cycles and absurd nesting,
 * which JSON.stringify would throw on, and the test API must never throw because of what a host sent.
 * Only a true cycle (an object inside itself) becomes `[Circular]`; an object seen twice side by side is copied.
 */
export function jsonSafe<T>(value: T): T {
  const ancestors: object[] = [];
  let text: string | undefined;
  try {
    text = JSON.stringify(value, function (this: unknown, _key, v: unknown) {
      if (typeof v === 'bigint') return `${v}n`;
      if (typeof v !== 'object' || v === null) return v;
      // `this` is the object holding `v`: drop the ancestors we have since left.
      while (ancestors.length > 0 && ancestors.at(-1) !== this) ancestors.pop();
      if (ancestors.includes(v)) return '[Circular]';
      if (ancestors.length >= MAX_DEPTH) return '[Too deep]';
      ancestors.push(v);
      return v;
    });
  } catch (error) {
    return `[Unserializable: ${String(error)}]` as T;
  }
  return text === undefined ? (undefined as T) : (JSON.parse(text) as T);
}

const KEEP = { string: 4096, items: 200, depth: 32 };

/**
 * What the log keeps of a message a host sent: the same value when it is small, else a copy cut to size
 * (long strings, long arrays and objects, deep nesting), so 2,000 hostile megabyte messages cost kilobytes.
 * The work is bounded by what is kept, not by what arrived.
 */
export function keepable(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') {
    return value.length > KEEP.string
      ? `${value.slice(0, KEEP.string)}… [${value.length - KEEP.string} more characters]`
      : value;
  }
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= KEEP.depth) return '[Too deep]';
  try {
    if (Array.isArray(value)) {
      const kept = value.slice(0, KEEP.items).map((item) => keepable(item, depth + 1));
      if (value.length > KEEP.items) kept.push(`[${value.length - KEEP.items} more items]`);
      return kept;
    }
    if (value instanceof Date) return value;
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) {
      return `[${value.constructor.name} of ${value.byteLength} bytes]`;
    }
    if (Object.getPrototypeOf(value) !== Object.prototype) return `[${value.constructor?.name ?? 'object'}]`;
    const out: Record<string, unknown> = {};
    let n = 0;
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      if (n++ === KEEP.items) {
        out['…'] = 'more fields';
        break;
      }
      const kept = keepable((value as Record<string, unknown>)[key], depth + 1);
      // A "__proto__" key must stay a plain field of the copy, as it was in the message; defineProperty does that,
      // at a cost every other key of every message need not pay.
      if (key === '__proto__')
        Object.defineProperty(out, key, { value: kept, enumerable: true, writable: true, configurable: true });
      else out[key] = kept;
    }
    return out;
  } catch {
    return '[Unreadable]';
  }
}

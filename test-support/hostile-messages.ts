/**
 * Hostile host → console traffic for the fuzz tests (not used by the app): valid commands and mutations of
 * them (dropped fields, swapped types, changed case, extra and prototype-named keys, ~1 MB strings, nesting
 * 1000+ deep), plus whole messages that are not commands at all. Also the expected verdict for any message,
 * written by hand from docs/protocol.md §4–5 so that it does not share code with the parser it checks.
 */
import fc from 'fast-check';
import { COMMAND_TYPES } from '../protocol';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** A value too big to print in a counterexample: built once, shown by its label. */
class Sized {
  private value: unknown;
  private built = false;
  constructor(
    readonly label: string,
    private readonly make: () => unknown,
  ) {}
  get(): unknown {
    if (!this.built) {
      this.value = this.make();
      this.built = true;
    }
    return this.value;
  }
  [fc.toStringMethod](): string {
    return this.label;
  }
}

const nest = (depth: number, wrap: (inner: unknown) => unknown, bottom: unknown): unknown => {
  let value = bottom;
  for (let i = 0; i < depth; i++) value = wrap(value);
  return value;
};

/** Builds the actual value of a generated one (a `Sized` one may also sit one level down, in a field). */
function build(value: unknown): unknown {
  if (value instanceof Sized) return value.get();
  if (isObject(value) && Object.values(value).some((v) => v instanceof Sized)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, build(v)]));
  }
  return value;
}

const SIZED = [
  new Sized('"x" × 1 MB', () => 'x'.repeat(1 << 20)),
  new Sized('"BUSY" + 1 MB of spaces', () => `BUSY${' '.repeat(1 << 20)}`),
  new Sized('"😀" × 300k (1.2 MB)', () => '😀'.repeat(300_000)),
  new Sized('[[[…]]] 1000 deep', () => nest(1000, (v) => [v], [])),
  new Sized('{a:{a:…}} 1200 deep', () => nest(1200, (v) => ({ a: v }), { status: 'BUSY' })),
  // Structured clone itself overflows its stack at about 2000 levels (Node 20), so nothing deeper can arrive.
  new Sized('{data:{data:…}} 1500 deep', () => nest(1500, (v) => ({ data: v }), 'BUSY')),
  new Sized('array of 100k numbers', () => Array.from({ length: 100_000 }, (_, i) => i)),
  new Sized('object with 10k keys', () => Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i]))),
];

/** Keys that could reach a prototype if anything assigned them naively, plus the protocol's own names. */
const PROTO_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
] as const;
const KEYS = [...PROTO_KEYS, 'type', 'data', 'status', 'threadUid', 'requestId', 'source', ''] as const;

/** Set on an object's prototype only if something got polluted; tests check `{}` never has it. */
export const CANARY = 'pollutedByFuzz';

/** Objects with own `__proto__`/`constructor` keys, as JSON.parse (and structured clone) make them. */
/** fast-check's `anything`, widened to what structured clone (postMessage) can carry. */
export const STRUCTURED_CLONEABLE = {
  withBigInt: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withTypedArray: true,
  withSparseArray: true,
  withNullPrototype: true,
  withBoxedValues: true,
  withObjectString: true,
} as const;

const polluting = fc
  .constantFrom(
    `{"__proto__":{"${CANARY}":1}}`,
    `{"constructor":{"prototype":{"${CANARY}":1}}}`,
    `{"__proto__":{"status":"BUSY","threadUid":"1"}}`,
    `{"prototype":{"${CANARY}":1},"__proto__":[1,2]}`,
  )
  .map((text) => JSON.parse(text) as unknown);

/** Values of every kind structured clone carries, each cheap to clone. */
const ordinary: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    undefined,
    true,
    false,
    0,
    -0,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    '',
    ' ',
    'BUSY',
    'busy',
    'Busy',
    'ONLINE',
    'AWAY',
    'AVAILABLE ',
    '\u202eBUSY',
    'null',
    '__proto__',
    'constructor',
    '<img src=x onerror=alert(1)>',
  ),
  fc.integer(),
  fc.double(),
  fc.bigInt(),
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.date(),
  fc.oneof(fc.uint8Array(), fc.int32Array(), fc.float64Array(), fc.bigInt64Array()),
  polluting,
  fc.anything({ ...STRUCTURED_CLONEABLE, maxDepth: 3 }),
);

/**
 * Anything structured clone can carry, and (about one value in a hundred, since each costs milliseconds to
 * clone) a `Sized` one: megabyte strings, nesting 1000+ deep, huge arrays and objects.
 */
const wild: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constantFrom(...SIZED), weight: 1 },
  { arbitrary: ordinary, weight: 99 },
);

/** Stands for "a thread uid the world has when the message is sent"; the test resolves it at that moment. */
const KNOWN_UID = '\u0000known-thread-uid';

type Path = readonly string[];
type Mutation =
  | { op: 'drop'; path: Path }
  | { op: 'set'; path: Path; value: unknown }
  | { op: 'case'; path: Path; to: 'upper' | 'lower' | 'title' }
  | { op: 'extra'; path: Path; key: string; value: unknown };

/** A message to send: a valid command changed by `mutations`, or something else entirely (`replace`). */
export type Plan = { base: Record<string, unknown>; mutations: Mutation[] } | { replace: unknown };

const STATUSES = ['AVAILABLE', 'BUSY', 'OFFLINE'] as const;

const validCommand: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.constantFrom(...STATUSES).map((status) => ({ type: 'update_agent_status', data: { status } })),
  fc
    .constantFrom(
      'update_agent_status_available',
      'update_agent_status_busy',
      'update_agent_status_offline',
      'refresh_threads',
    )
    .map((type) => ({ type })),
  fc.constant({ type: 'clear_unread_count', data: { threadUid: KNOWN_UID } }),
  fc
    .oneof(fc.constantFrom('1838275102935040', '__proto__', 'constructor', 'toString'), fc.string({ minLength: 1 }))
    .map((threadUid) => ({ type: 'clear_unread_count', data: { threadUid } })),
);

const fieldPath = fc.constantFrom<Path>(['type'], ['data'], ['data', 'status'], ['data', 'threadUid']);
const objectPath = fc.constantFrom<Path>([], ['data']);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fieldPath.map((path) => ({ op: 'drop' as const, path })),
  fc.record({ op: fc.constant('set' as const), path: fieldPath, value: wild }),
  fc.record({ op: fc.constant('case' as const), path: fieldPath, to: fc.constantFrom('upper', 'lower', 'title') }),
  fc.record({
    op: fc.constant('extra' as const),
    path: objectPath,
    key: fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 12 })),
    value: wild,
  }),
);

/** Other traffic a console's window sees: HMR, devtools, other libraries, and commands named almost right. */
const foreignLooking = fc.oneof(
  fc.constantFrom(
    { type: 'webpackHotUpdate', hash: 'abc' },
    { source: 'react-devtools-content-script', payload: {} },
    { type: 'vite:beforeUpdate' },
    { type: 'UPDATE_AGENT_STATUS_BUSY' },
    { type: 'update-agent-status-busy' },
    { type: ' refresh_threads' },
    { type: 'unread_message_count', data: { totalUnreadCount: 0, unreadThreads: [] } },
  ),
  fc.record({ type: wild, data: wild }, { requiredKeys: [] }),
);

export const plan: fc.Arbitrary<Plan> = fc.oneof(
  { weight: 2, arbitrary: validCommand.map((base) => ({ base, mutations: [] })) },
  {
    weight: 10,
    arbitrary: fc.record({ base: validCommand, mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }) }),
  },
  { weight: 3, arbitrary: wild.map((replace) => ({ replace })) },
  { weight: 1, arbitrary: polluting.map((replace) => ({ replace })) },
  { weight: 2, arbitrary: foreignLooking.map((replace) => ({ replace })) },
);

/** An own, enumerable property even where the key is `__proto__` (plain assignment would set the prototype). */
function defineOwn(target: object, key: string, value: unknown): void {
  try {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } catch {
    // Typed arrays refuse some keys: that mutation simply does not apply.
  }
}

function recase(text: string, to: 'upper' | 'lower' | 'title'): string {
  if (to === 'upper') return text.toUpperCase();
  if (to === 'lower') return text.toLowerCase();
  return text.replace(/(^|_)([a-z])/g, (_m, sep: string, c: string) => `${sep}${c.toUpperCase()}`);
}

/** The message a plan stands for; `knownUid` picks a uid the world has right now (or any string if none). */
export function materialize(p: Plan, knownUid: () => string): unknown {
  if ('replace' in p) return build(p.replace);
  const message = structuredClone(p.base);
  const data = message.data;
  if (isObject(data) && data.threadUid === KNOWN_UID) data.threadUid = knownUid();
  for (const m of p.mutations) {
    const parentPath = m.op === 'extra' ? m.path : m.path.slice(0, -1);
    let target: unknown = message;
    for (const key of parentPath) target = isObject(target) && Object.hasOwn(target, key) ? target[key] : undefined;
    if (!isObject(target)) continue;
    const last = m.path.at(-1) ?? '';
    switch (m.op) {
      case 'drop':
        delete target[last];
        break;
      case 'set':
        defineOwn(target, last, build(m.value));
        break;
      case 'case': {
        const value = target[last];
        if (typeof value === 'string') defineOwn(target, last, recase(value, m.to));
        break;
      }
      case 'extra':
        defineOwn(target, m.key, build(m.value));
        break;
    }
  }
  return message;
}

export type Verdict = 'foreign' | 'invalid' | 'valid' | 'valid-with-extras';

const COMMANDS: readonly string[] = COMMAND_TYPES;
const hasOnly = (value: Record<string, unknown>, keys: readonly string[]) => {
  for (const key in value) if (!keys.includes(key)) return false;
  return true;
};

/**
 * What docs/protocol.md §4–5 say should become of a message as it arrives (after structured clone): not a
 * command at all, a command with invalid data, or a valid one (with unknown fields, which are only a warning).
 */
export function verdict(message: unknown): Verdict {
  if (!isObject(message) || Array.isArray(message)) return 'foreign';
  if (!Object.hasOwn(message, 'type')) return 'foreign';
  const type = message.type;
  if (typeof type !== 'string' || !COMMANDS.includes(type)) return 'foreign';
  const field = { update_agent_status: 'status', clear_unread_count: 'threadUid' }[type];
  if (field === undefined) return hasOnly(message, ['type']) ? 'valid' : 'valid-with-extras';
  const data = message.data;
  if (!isObject(data) || Array.isArray(data) || !Object.hasOwn(data, field)) return 'invalid';
  const value = data[field];
  const ok =
    field === 'status'
      ? (STATUSES as readonly unknown[]).includes(value)
      : typeof value === 'string' && value.length > 0;
  if (!ok) return 'invalid';
  return hasOnly(message, ['type', 'data']) && hasOnly(data, [field]) ? 'valid' : 'valid-with-extras';
}

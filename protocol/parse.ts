import * as z from 'zod/mini';
import { type Command, CommandSchema } from './commands';
import { describeIssue, pathToString, preview, unknownFields, valueAt } from './describe';
import { type ConsoleEvent, EmittedEventSchemas, EventSchema, KnownEventSchema } from './events';
import { EVENT_SOURCE, isCommandType, isEventType, type PayloadFamily } from './names';

export type Parsed<T> =
  /**
   * Valid. `warnings` name what was tolerated: for a command, unknown fields that were dropped (the vendor console
   * would ignore them); for an event, nulls, missing, unknown or unreadable fields and unknown enum values.
   */
  | { ok: true; value: T; warnings: string[] }
  /** Not addressed to this side of the protocol at all (other libraries, devtools, HMR): ignore silently. */
  | { ok: false; kind: 'foreign'; reason: string }
  /** Addressed to the protocol but malformed: `reason` names the field, the expectation and what arrived. */
  | { ok: false; kind: 'invalid'; reason: string };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A copy of `root` without `keys` in the object at `path`; only that branch is copied. */
function omitAt(root: unknown, path: readonly PropertyKey[], keys: readonly string[]): unknown {
  if (!isRecord(root) && !Array.isArray(root)) return root;
  if (path.length === 0) {
    return Object.fromEntries(Object.entries(root).filter(([k]) => !keys.includes(k)));
  }
  const [head, ...rest] = path;
  if (Array.isArray(root)) {
    return root.map((item, i) => (i === head ? omitAt(item, rest, keys) : item));
  }
  return Object.fromEntries(Object.entries(root).map(([k, v]) => [k, k === head ? omitAt(v, rest, keys) : v]));
}

/**
 * Strict schema, lenient reading: unknown fields become warnings and are dropped; anything else is invalid.
 * Never throws, whatever arrives.
 */
function parseLeniently<S extends z.ZodMiniType>(schema: S, label: string, input: unknown): Parsed<z.output<S>> {
  try {
    const first = z.safeParse(schema, input);
    if (first.success) return { ok: true, value: first.data, warnings: [] };
    // Unknown fields are dropped and the rest read again: its verdict is the answer, so a real problem (with or
    // without unknown fields beside it) is named exactly as the strict schema sees it.
    let pruned = input;
    const fields: string[] = [];
    for (const issue of first.error.issues) {
      if (issue.code !== 'unrecognized_keys') continue;
      pruned = omitAt(pruned, issue.path, issue.keys);
      fields.push(...unknownFields(issue));
    }
    const second = z.safeParse(schema, pruned);
    if (!second.success) {
      const reasons = second.error.issues.map((i) => describeIssue(i, pruned));
      return { ok: false, kind: 'invalid', reason: `${label}: ${reasons.join(' · ')}` };
    }
    const warning = `${label}: unknown field${fields.length > 1 ? 's' : ''} ${fields.join(', ')} ignored`;
    return { ok: true, value: second.data, warnings: [warning] };
  } catch (error) {
    return { ok: false, kind: 'invalid', reason: `${label}: could not be read (${String(error)})` };
  }
}

/**
 * An own field of a record, else `undefined`; never throws: a revoked Proxy throws even on Array.isArray, and a
 * getter may throw. Inherited fields are not read, as a hostile message must not reach into prototypes.
 */
function ownField(input: unknown, key: string): unknown {
  try {
    if (isRecord(input) && Object.hasOwn(input, key)) return input[key];
  } catch {
    // Unreadable: the message is still just not one of ours.
  }
  return undefined;
}

function foreignWhat(input: unknown, type: unknown): string {
  try {
    if (!isRecord(input))
      return input === undefined ? 'the message is empty' : `the message is ${preview(input)}, not an object`;
    return type === undefined ? 'it has no type field' : `type ${preview(type)}`;
  } catch {
    // A revoked Proxy throws even on Array.isArray: it is still just not a command.
    return 'the message could not be read';
  }
}

/** Reads a host → console message. Non-command traffic is `foreign`, not an error. */
export function parseCommand(input: unknown): Parsed<Command> {
  const type = ownField(input, 'type');
  if (!isCommandType(type)) return { ok: false, kind: 'foreign', reason: `not a command: ${foreignWhat(input, type)}` };
  return parseLeniently(CommandSchema, type, input);
}

type Issue = z.core.$ZodIssue;

/**
 * A union's issue replaced by the issues of its nearest branch (the one with fewest), paths made absolute, so
 * that a thread that is almost a ThreadResponse is described against ThreadResponse, not against every shape.
 */
function flatten(issues: readonly Issue[], prefix: readonly PropertyKey[] = []): Issue[] {
  const out: Issue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const branches = issue.errors.map((branch) => flatten(branch, path));
      out.push(...branches.reduce((best, b) => (b.length < best.length ? b : best)));
    } else out.push({ ...issue, path } as Issue);
  }
  return out;
}

/** One sentence per way a message strays from the shapes the vendor is known to send; the value is kept. */
function deviation(issue: Issue, input: unknown): string {
  const field = pathToString(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const fields = unknownFields(issue);
    return `unknown field${fields.length > 1 ? 's' : ''} ${fields.join(', ')} (kept)`;
  }
  const value = valueAt(input, issue.path);
  if (value === undefined) return `${field} is missing`;
  if (value === null) return `${field} is null`;
  if (issue.code === 'invalid_value' && typeof value === 'string') {
    return `${field} is ${preview(value)}, a value the vendor is not known to send`;
  }
  return describeIssue(issue, input);
}

/** At most this many warnings per message: a thread that is nothing like the vendor's would drown the log. */
const MAX_WARNINGS = 12;

/** The path of the object field an issue is about (an array item's issue is about the array's field). */
const fieldPath = (path: readonly PropertyKey[]): PropertyKey[] => {
  const out = [...path];
  while (out.length > 0 && typeof out[out.length - 1] !== 'string') out.pop();
  return out;
};

/**
 * Reads with the tolerant schema: a field of the wrong type is dropped with a warning if the reader can do
 * without it (it is optional); a required one (a uid, the total) makes the message invalid.
 */
function readTolerantly(input: unknown, label: string): Parsed<ConsoleEvent> {
  let value = input;
  const dropped = new Map<string, string>();
  for (let round = 0; round < 8; round++) {
    const result = z.safeParse(EventSchema, value);
    if (result.success) {
      const problems = [...dropped.values()].map((why) => `${why} (ignored)`);
      const known = z.safeParse(KnownEventSchema, value);
      if (!known.success) for (const issue of flatten(known.error.issues)) problems.push(deviation(issue, value));
      const shown = problems.slice(0, MAX_WARNINGS).map((p) => `${label}: ${p}`);
      if (problems.length > MAX_WARNINGS) shown.push(`${label}: … and ${problems.length - MAX_WARNINGS} more`);
      return { ok: true, value: result.data, warnings: shown };
    }
    const fatal: string[] = [];
    for (const issue of flatten(result.error.issues)) {
      const at = fieldPath(issue.path);
      const key = pathToString(at);
      const earlier = dropped.get(key);
      if (earlier !== undefined) fatal.push(earlier);
      else if (at.length < 2 || valueAt(value, at) === undefined) fatal.push(describeIssue(issue, value));
      else {
        dropped.set(key, describeIssue(issue, value));
        value = omitAt(value, at.slice(0, -1), [String(at[at.length - 1])]);
      }
    }
    if (fatal.length > 0) return { ok: false, kind: 'invalid', reason: `${label}: ${fatal.join(' · ')}` };
  }
  return { ok: false, kind: 'invalid', reason: `${label}: too many unreadable fields` };
}

/**
 * Reads a console → host message as a tolerant reader (docs/protocol.md §9): anything without `source:
 * 'bytedesk-desktop'` and a known type is `foreign`; what a host cannot work without (an object `data`, a
 * non-negative integer total and an array, a thread with a string uid, a string status) is required; nulls,
 * missing or unknown fields, wrong types in optional fields and unknown enum values are warnings naming the
 * field. Never throws, whatever arrives.
 */
export function parseEvent(input: unknown): Parsed<ConsoleEvent> {
  const type = ownField(input, 'type');
  const source = ownField(input, 'source');
  if (!isEventType(type)) {
    return { ok: false, kind: 'foreign', reason: `not a console event: type ${preview(type)}` };
  }
  if (source !== EVENT_SOURCE) {
    return {
      ok: false,
      kind: 'foreign',
      reason: `${pathToString(['source'])} is ${preview(source)}, not "${EVENT_SOURCE}"`,
    };
  }
  try {
    return readTolerantly(input, type);
  } catch (error) {
    return { ok: false, kind: 'invalid', reason: `${type}: could not be read (${String(error)})` };
  }
}

/**
 * Strict check for what the EMULATOR emits, against the payload family it declares (docs/protocol.md §9); without a
 * family, against any shape the vendor is known to send. Unknown fields are errors here, never warnings.
 */
export function checkEmitted(event: unknown, family?: PayloadFamily): string | null {
  const schema = family === undefined ? KnownEventSchema : EmittedEventSchemas[family];
  const result = z.safeParse(schema, event);
  if (result.success) return null;
  const label = ownField(event, 'type');
  const reasons = flatten(result.error.issues).map((i) =>
    i.code === 'unrecognized_keys' ? `unknown field(s) ${unknownFields(i).join(', ')}` : describeIssue(i, event),
  );
  return `${typeof label === 'string' ? label : 'event'}${family ? ` (payload=${family})` : ''}: ${reasons.join(' · ')}`;
}

import * as z from 'zod/mini';
import { type Command, CommandSchema } from './commands';
import { describeIssue, pathToString, preview, unknownFields } from './describe';
import { type ConsoleEvent, EventSchema } from './events';
import { EVENT_SOURCE, isCommandType, isEventType } from './names';

export type Parsed<T> =
  /** Valid. `warnings` name unknown fields that were dropped, as the vendor console would ignore them. */
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
    const extra = first.error.issues.filter((i) => i.code === 'unrecognized_keys');
    const real = first.error.issues.filter((i) => i.code !== 'unrecognized_keys');
    if (real.length > 0) {
      return {
        ok: false,
        kind: 'invalid',
        reason: `${label}: ${real.map((i) => describeIssue(i, input)).join(' · ')}`,
      };
    }
    let pruned = input;
    const fields: string[] = [];
    for (const issue of extra) {
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

function typeOf(input: unknown): unknown {
  try {
    return isRecord(input) && Object.hasOwn(input, 'type') ? input.type : undefined;
  } catch {
    return undefined;
  }
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
  const type = typeOf(input);
  if (!isCommandType(type)) return { ok: false, kind: 'foreign', reason: `not a command: ${foreignWhat(input, type)}` };
  return parseLeniently(CommandSchema, type, input);
}

/** Reads a console → host message. Anything without `source: 'bytedesk-desktop'` and a known type is `foreign`. */
export function parseEvent(input: unknown): Parsed<ConsoleEvent> {
  const type = typeOf(input);
  const source = isRecord(input) ? input.source : undefined;
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
  return parseLeniently(EventSchema, type, input);
}

/** Strict check for what we emit: unknown fields are errors here, never warnings. */
export function checkEmitted(event: unknown): string | null {
  const result = z.safeParse(EventSchema, event);
  if (result.success) return null;
  const label = typeOf(event);
  return `${typeof label === 'string' ? label : 'event'}: ${result.error.issues.map((i) => (i.code === 'unrecognized_keys' ? `unknown field(s) ${unknownFields(i).join(', ')}` : describeIssue(i, event))).join(' · ')}`;
}

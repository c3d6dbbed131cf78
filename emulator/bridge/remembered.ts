import type { Command, Parsed } from '../../protocol';

/**
 * Verdicts remembered by value, for the two checks every message of a storm pays: the strict check of what the
 * console posts (protocol/parse.ts checkEmitted) and the parse of what the host sends (parseCommand). A command
 * storm is 10,000 status updates with two distinct commands, acknowledged with a handful of distinct payloads;
 * running zod on each again was the larger part of the console's own time per message (bench/: storm).
 *
 * A value is looked up field by field among the last few of its kind that were judged: serializing it to JSON for
 * a key cost as much (a 550-character string built, hashed and thrown away per event), where comparing allocates
 * nothing and stops at the first difference. Each remembered value is a private JSON copy, frozen, so nothing the
 * page holds can change it later. Equal value, equal verdict: both checks are functions of the value alone.
 */

/** Events whose JSON is longer than this (an unread event listing many threads) are not remembered. */
const MAX_EVENT_JSON = 16_384;
/**
 * Commands are a few dozen characters; one longer than this carries fields the vendor ignores, and is parsed every
 * time and kept by the log cut to size (common/json.ts keepable), so that hostile traffic cannot make the log keep
 * 2,000 full copies.
 */
const MAX_COMMAND_JSON = 1_024;
/** Values remembered per kind (an event or command type), the latest first: a storm alternates between two. */
const PER_KIND = 8;

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/** Whether `value` is exactly the JSON value `json`: the same fields (in any order), the same values, nothing more. */
function sameJson(json: Json, value: unknown): boolean {
  if (typeof json !== 'object' || json === null) return Object.is(json, value);
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(json)) {
    if (!Array.isArray(value) || value.length !== json.length) return false;
    for (let i = 0; i < json.length; i++) if (!sameJson(json[i] as Json, value[i])) return false;
    return true;
  }
  if (Array.isArray(value) || Object.getPrototypeOf(value) !== Object.prototype) return false;
  const record = json as { readonly [key: string]: Json };
  let fields = 0;
  for (const key in record) {
    if (!Object.hasOwn(value, key) || !sameJson(record[key] as Json, (value as Record<string, unknown>)[key]))
      return false;
    fields++;
  }
  // Every field of `json` is an own field of `value`: as many enumerable ones in all means no more, none inherited.
  for (const _ in value) fields--;
  return fields === 0;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const field of Object.values(value)) deepFreeze(field);
    Object.freeze(value);
  }
  return value;
}

/** A frozen private copy of `value` to remember it by, or null when it cannot be one: not JSON as it is, or too long. */
function copyOf(value: unknown, maxJson: number): Json | null {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    return null;
  }
  if (text === undefined || text.length > maxJson) return null;
  const copy = JSON.parse(text) as Json;
  // What JSON would change (undefined, NaN, a Date) is not remembered: its copy is not what was judged.
  return sameJson(copy, value) ? deepFreeze(copy) : null;
}

/** The last PER_KIND values of each kind with their verdicts; values whose JSON is longer than `maxJson` are not kept. */
function byValue<V>(maxJson: number) {
  const kinds = new Map<string, Array<{ copy: Json; verdict: V }>>();
  return {
    find(kind: string, value: unknown): V | undefined {
      const remembered = kinds.get(kind);
      if (!remembered) return undefined;
      try {
        for (const entry of remembered) if (sameJson(entry.copy, value)) return entry.verdict;
      } catch {
        // Unreadable (a hostile getter or proxy): not a value we judged.
      }
      return undefined;
    },
    /** Remembers `value` with the verdict made from its copy; null (nothing kept) when it cannot be remembered. */
    keep(kind: string, value: unknown, verdictOf: (copy: Json) => V): V | null {
      const copy = copyOf(value, maxJson);
      if (copy === null) return null;
      const entry = { copy, verdict: verdictOf(copy) };
      const remembered = kinds.get(kind);
      if (!remembered) kinds.set(kind, [entry]);
      else {
        remembered.unshift(entry);
        if (remembered.length > PER_KIND) remembered.pop();
      }
      return entry.verdict;
    },
  };
}

/**
 * What the check said of an event: its problem, or that it passed and the payload to post. That payload is the
 * remembered frozen copy when there is one: every event of a storm that carries it shares it, so that what the
 * log keeps of each (docs/protocol.md §7) is its envelope, not another copy of the world's objects.
 */
export type Checked<D> = { problem: string } | { problem: null; data: D };

/**
 * The strict emission check, remembered per event type and payload (`data`): the envelope around it (type, a
 * Date.now() timestamp, the fixed source) is the same kind of thing every time. Only passes are remembered; a
 * failure is checked again, so its message is always exact.
 */
export function rememberedCheck(
  check: (event: unknown) => string | null,
): <D>(event: { type: string; data: D }) => Checked<D> {
  // A remembered pass is one object, made once: a storm's events allocate nothing here.
  const passed = byValue<{ problem: null; data: unknown }>(MAX_EVENT_JSON);
  return <D>(event: { type: string; data: D }): Checked<D> => {
    const known = passed.find(event.type, event.data) ?? null;
    if (known) return known as Checked<D>;
    const problem = check(event);
    if (problem !== null) return { problem };
    const kept = passed.keep(event.type, event.data, (copy) => Object.freeze({ problem: null, data: copy }));
    return (kept ?? { problem: null, data: event.data }) as Checked<D>;
  };
}

/** A parsed command and, when it was remembered, the frozen copy of the message it was parsed from. */
export interface ParsedMessage {
  parsed: Parsed<Command>;
  /** A frozen JSON copy equal to the message: the log can keep it as it is. */
  copy: Json | null;
}

/**
 * The command parse, remembered per message: a valid command's result (its value frozen, so that the world and
 * whoever reads it later share it safely) and a copy of the message it came from. Only valid commands are
 * remembered; foreign traffic and invalid commands are parsed every time.
 */
export function rememberedParse(parse: (input: unknown) => Parsed<Command>): (message: unknown) => ParsedMessage {
  // The verdict is the whole answer, copy included, so that a remembered message costs no allocation.
  const valid = byValue<ParsedMessage>(MAX_COMMAND_JSON);
  return (message) => {
    const type = typeof message === 'object' && message !== null ? kindOf(message) : undefined;
    const known = type === undefined ? undefined : valid.find(type, message);
    if (known) return known;
    const parsed = parse(message);
    if (!parsed.ok || type === undefined) return { parsed, copy: null };
    const frozen = deepFreeze(parsed);
    return (
      valid.keep(type, message, (copy) => Object.freeze({ parsed: frozen, copy })) ??
      Object.freeze({ parsed: frozen, copy: null })
    );
  };
}

/** A message's own string `type`, the kind it is remembered under; undefined for anything else or unreadable. */
function kindOf(message: object): string | undefined {
  try {
    const type: unknown = Object.hasOwn(message, 'type') ? (message as { type: unknown }).type : undefined;
    return typeof type === 'string' ? type : undefined;
  } catch {
    return undefined;
  }
}

import { SCENARIOS } from '../common/config';
import type { ControlMethod } from '../common/control-wire';
import { preview } from '../protocol/describe';

/**
 * The CI-facing endpoints of the control API: each maps an HTTP call onto one test API method, and checks its
 * JSON body first, so that a typo in a CI script gets a 400 naming the field instead of a puzzling page error.
 */

type FieldType =
  | { kind: 'string' }
  | { kind: 'boolean' }
  | { kind: 'uint32' }
  | { kind: 'oneOf'; values: readonly string[] };

interface Field {
  type: FieldType;
  required?: boolean;
}

export interface Endpoint {
  method: 'GET' | 'POST';
  /**
   * `read`: answered by the world's page when exactly one is open, else from the world the server keeps
   * (world-keeper.ts; `state`, and the reads in KEPT_READS). `call`: needs a page of the world (503 without).
   */
  kind: 'read' | 'call';
  /** The path under the prefix, e.g. `visitor-sends`. */
  name: string;
  call: ControlMethod;
  fields: Record<string, Field>;
  args(body: Record<string, unknown>): unknown[];
}

const string: Field = { type: { kind: 'string' } };
const requiredString: Field = { type: { kind: 'string' }, required: true };

const read = (call: ControlMethod, name: string): Endpoint => ({
  method: 'GET',
  kind: 'read',
  name,
  call,
  fields: {},
  args: () => [],
});

export const ENDPOINTS: readonly Endpoint[] = [
  read('state', 'state'),
  read('log', 'log'),
  read('violations', 'violations'),
  read('counts', 'counts'),
  {
    method: 'POST',
    kind: 'call',
    name: 'visitor-arrives',
    call: 'visitorArrives',
    fields: { nickname: string, content: string, type: { type: { kind: 'oneOf', values: ['AGENT', 'WORKGROUP'] } } },
    args: (body) => [body],
  },
  {
    method: 'POST',
    kind: 'call',
    name: 'visitor-sends',
    call: 'visitorSends',
    fields: { threadUid: requiredString, content: requiredString },
    args: (body) => [body.threadUid, body.content],
  },
  {
    method: 'POST',
    kind: 'call',
    name: 'colleague-sends',
    call: 'colleagueSends',
    fields: { nickname: string, content: string },
    args: (body) => [body],
  },
  {
    method: 'POST',
    kind: 'call',
    name: 'close',
    call: 'closeThread',
    fields: { threadUid: requiredString, auto: { type: { kind: 'boolean' } } },
    args: (body) => [body.threadUid, { auto: body.auto === true }],
  },
  {
    method: 'POST',
    kind: 'call',
    name: 'accept',
    call: 'acceptThread',
    fields: { threadUid: requiredString },
    args: (body) => [body.threadUid],
  },
  {
    method: 'POST',
    kind: 'call',
    name: 'reset',
    call: 'reset',
    fields: { seed: { type: { kind: 'uint32' } }, scenario: { type: { kind: 'oneOf', values: SCENARIOS } } },
    args: (body) => [body],
  },
  // docs/protocol.md §11: the console reloads as the agent's F5 would; the world survives, the initial sync comes again.
  { method: 'POST', kind: 'call', name: 'reload', call: 'reload', fields: {}, args: () => [] },
];

function expectation(type: FieldType): string {
  switch (type.kind) {
    case 'string':
      return 'a string';
    case 'boolean':
      return 'true or false';
    case 'uint32':
      return 'an integer from 0 to 4294967295';
    case 'oneOf':
      return `one of ${type.values.join(', ')}`;
  }
}

function fits(type: FieldType, value: unknown): boolean {
  switch (type.kind) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'uint32':
      return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 0xffffffff;
    case 'oneOf':
      return (type.values as readonly unknown[]).includes(value);
  }
}

/** A TypeScript-like shape of the body, for error messages and the endpoint list: `{ threadUid: string }`. */
export function bodyShape(endpoint: Endpoint): string {
  const typeText = (type: FieldType) => {
    switch (type.kind) {
      case 'oneOf':
        return type.values.map((v) => JSON.stringify(v)).join(' | ');
      case 'uint32':
        return 'integer 0..4294967295';
      default:
        return type.kind;
    }
  };
  const parts = Object.entries(endpoint.fields).map(
    ([name, field]) => `${name}${field.required ? '' : '?'}: ${typeText(field.type)}`,
  );
  return `{ ${parts.join(', ')} }`;
}

/** The body as the endpoint's arguments, or a reason naming the field, the expectation and what arrived. */
export function checkBody(
  endpoint: Endpoint,
  body: unknown,
): { ok: true; value: Record<string, unknown> } | { ok: false; reason: string } {
  const label = endpoint.name;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return {
      ok: false,
      reason: `${label}: the body must be a JSON object ${bodyShape(endpoint)}; got ${preview(body)}`,
    };
  }
  const record = body as Record<string, unknown>;
  const known = Object.keys(endpoint.fields);
  for (const key of Object.keys(record)) {
    if (!Object.hasOwn(endpoint.fields, key)) {
      const expected = known.length > 0 ? `expected only ${known.join(', ')}` : 'it takes no fields';
      return { ok: false, reason: `${label}: unknown field "${key}"; ${expected}` };
    }
  }
  for (const [name, field] of Object.entries(endpoint.fields)) {
    const value = Object.hasOwn(record, name) ? record[name] : undefined;
    if (value === undefined && !field.required) continue;
    if (!fits(field.type, value)) {
      return { ok: false, reason: `${label}: ${name} must be ${expectation(field.type)}; got ${preview(value)}` };
    }
  }
  return { ok: true, value: record };
}

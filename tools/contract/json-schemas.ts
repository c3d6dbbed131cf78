import { z } from 'zod';
import {
  AgentInfoSchema,
  AgentStatusSchema,
  CommandSchema,
  EventSchema,
  ThreadActionSchema,
  ThreadSchema,
  ThreadStatusSchema,
  ThreadTypeSchema,
  UserSchema,
} from '../../protocol';

/** One JSON Schema file of the contract. */
export interface SchemaDocument {
  kind: 'event' | 'command' | 'union' | 'shape';
  /** Relative to the repository root. */
  path: string;
  /** The message type, the union's name or the shape's name. */
  title: string;
  json: JsonSchema;
}

export type JsonSchema = { [keyword: string]: unknown };

export const SCHEMA_DIR = 'protocol/json-schema';
const URN = 'urn:agent-console-emulator';

/** The shared shapes, by the name they get as files and as `$defs` entries. */
export const SHAPES = [
  ['Thread', ThreadSchema],
  ['User', UserSchema],
  ['AgentInfo', AgentInfoSchema],
  ['AgentStatus', AgentStatusSchema],
  ['ThreadType', ThreadTypeSchema],
  ['ThreadStatus', ThreadStatusSchema],
  ['ThreadAction', ThreadActionSchema],
] as const satisfies ReadonlyArray<readonly [string, z.core.$ZodType]>;

type Member = (typeof EventSchema.def.options)[number] | (typeof CommandSchema.def.options)[number];
const typeOf = (member: Member): string => member.shape.type.def.values[0] as string;

/**
 * The global registry (where `.describe()` puts descriptions) plus an `id` for the schemas that should become
 * named `$defs`, without registering ids globally: an id there would rename `$defs` for every caller of
 * `z.toJSONSchema` in the app.
 */
class NamedDefs extends z.core.$ZodRegistry<Record<string, unknown>> {
  constructor(private readonly names: ReadonlyMap<z.core.$ZodType, string>) {
    super();
  }

  override get(schema: z.core.$ZodType): Record<string, unknown> | undefined {
    const meta = z.globalRegistry.get(schema);
    const id = this.names.get(schema);
    return id === undefined ? meta : { ...meta, id };
  }
}

function convert(
  schema: z.core.$ZodType,
  header: { id: string; title: string },
  named: ReadonlyArray<readonly [string, z.core.$ZodType]>,
): JsonSchema {
  // The root must not carry an id of its own, or zod moves it into `$defs` and leaves a bare `$ref` behind.
  const names = new Map(named.filter(([, s]) => s !== schema).map(([name, s]) => [s as z.core.$ZodType, name]));
  const generated = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'output',
    unrepresentable: 'throw',
    cycles: 'throw',
    reused: 'inline',
    metadata: new NamedDefs(names),
  }) as JsonSchema;
  const { $schema, description, $defs, ...body } = generated;
  if (typeof description !== 'string' || description === '') {
    throw new Error(`${header.title}: the zod schema has no description; add one with .describe()`);
  }
  const defs = $defs as Record<string, unknown> | undefined;
  const sortedDefs =
    defs &&
    Object.fromEntries(
      Object.keys(defs)
        .sort()
        .map((k) => [k, defs[k]]),
    );
  return {
    $schema,
    $id: header.id,
    title: header.title,
    description,
    ...body,
    ...(sortedDefs ? { $defs: sortedDefs } : {}),
  };
}

export function schemaDocuments(): SchemaDocument[] {
  const docs: SchemaDocument[] = [];
  const member = (kind: 'event' | 'command', schema: Member) => {
    const type = typeOf(schema);
    const json = convert(schema, { id: `${URN}:${kind}:${type}`, title: type }, SHAPES);
    docs.push({ kind, path: `${SCHEMA_DIR}/${kind}s/${type}.schema.json`, title: type, json });
  };
  for (const schema of EventSchema.def.options) member('event', schema);
  for (const schema of CommandSchema.def.options) member('command', schema);

  // In the unions every member is a named `$defs` entry, so the `oneOf` reads as a list of message types.
  const union = (kind: 'event' | 'command', schema: z.core.$ZodType, members: readonly Member[]) => {
    const named = [...members.map((m) => [typeOf(m), m] as const), ...SHAPES];
    const json = convert(schema, { id: `${URN}:${kind}`, title: kind === 'event' ? 'Event' : 'Command' }, named);
    docs.push({ kind: 'union', path: `${SCHEMA_DIR}/${kind}.schema.json`, title: String(json.title), json });
  };
  union('event', EventSchema, EventSchema.def.options);
  union('command', CommandSchema, CommandSchema.def.options);

  for (const [name, schema] of SHAPES) {
    const json = convert(schema, { id: `${URN}:shape:${name}`, title: name }, SHAPES);
    docs.push({ kind: 'shape', path: `${SCHEMA_DIR}/shapes/${name}.schema.json`, title: name, json });
  }
  return docs;
}

import { z } from 'zod';
import {
  AgentInfoSchema,
  AgentStatusSchema,
  CommandSchema,
  ConsoleAgentStatusSchema,
  EmittedEventSchemas,
  EventSchema,
  MemberSchema,
  MinimalThreadSchema,
  PAYLOAD_FAMILIES,
  ReceivedAgentInfoSchema,
  ReceivedThreadSchema,
  ReceivedUserSchema,
  ThinThreadSchema,
  ThinUserSchema,
  ThreadActionSchema,
  ThreadSchema,
  ThreadStatusSchema,
  ThreadTypeSchema,
  UserProtobufSchema,
  UserSchema,
  UserTypeSchema,
} from '../../protocol';

/** One JSON Schema file of the contract. */
export interface SchemaDocument {
  /** `emitted`: the emulator's strict emission contract for one payload family (title: the family). */
  kind: 'event' | 'command' | 'union' | 'shape' | 'emitted';
  /** Relative to the repository root. */
  path: string;
  /** The message type, the union's name or the shape's name. */
  title: string;
  json: JsonSchema;
}

export type JsonSchema = { [keyword: string]: unknown };

export const SCHEMA_DIR = 'protocol/json-schema';
const URN = 'urn:agent-console-emulator';

/**
 * The shared shapes, by the name they get as files and as `$defs` entries: first what a host may receive (the
 * tolerant reader's), then the vendor's shapes exactly as the emulator emits them.
 */
const RECEIVED_SHAPES = [
  ['ReceivedThread', ReceivedThreadSchema],
  ['ReceivedUser', ReceivedUserSchema],
  ['ReceivedAgentInfo', ReceivedAgentInfoSchema],
] as const satisfies ReadonlyArray<readonly [string, z.core.$ZodType]>;
const SHAPES = [
  ...RECEIVED_SHAPES,
  ['Thread', ThreadSchema],
  ['ThinThread', ThinThreadSchema],
  ['MinimalThread', MinimalThreadSchema],
  ['User', UserSchema],
  ['UserProtobuf', UserProtobufSchema],
  ['ThinUser', ThinUserSchema],
  ['Member', MemberSchema],
  ['AgentInfo', AgentInfoSchema],
  ['AgentStatus', AgentStatusSchema],
  ['ConsoleAgentStatus', ConsoleAgentStatusSchema],
  ['ThreadType', ThreadTypeSchema],
  ['ThreadStatus', ThreadStatusSchema],
  ['ThreadAction', ThreadActionSchema],
  ['UserType', UserTypeSchema],
] as const satisfies ReadonlyArray<readonly [string, z.core.$ZodType]>;

type Member =
  | (typeof EventSchema.def.options)[number]
  | (typeof CommandSchema.def.options)[number]
  | (typeof EmittedEventSchemas)[keyof typeof EmittedEventSchemas]['def']['options'][number];
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

  // The emulator's own emission contract, one strict union per payload family: published, and named as such.
  for (const family of PAYLOAD_FAMILIES) {
    const schema = EmittedEventSchemas[family];
    const named = [...schema.def.options.map((m) => [`${typeOf(m)}`, m] as const), ...SHAPES];
    const json = convert(schema, { id: `${URN}:emitted:${family}`, title: `Emitted event (payload=${family})` }, named);
    docs.push({ kind: 'emitted', path: `${SCHEMA_DIR}/emulator/event.${family}.schema.json`, title: family, json });
  }

  for (const [name, schema] of SHAPES) {
    const json = convert(schema, { id: `${URN}:shape:${name}`, title: name }, SHAPES);
    docs.push({ kind: 'shape', path: `${SCHEMA_DIR}/shapes/${name}.schema.json`, title: name, json });
  }
  return docs;
}

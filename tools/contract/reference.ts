import {
  COMMAND_TYPES,
  type CommandType,
  EVENT_SOURCE,
  EVENT_TYPES,
  type EventType,
  parseCommand,
  type ThreadAction,
  ThreadActionSchema,
} from '../../protocol';
import type { Examples } from './examples';
import type { JsonSchema, SchemaDocument } from './json-schemas';

/** Where the page lives; its links to schema files are relative to it. */
export const REFERENCE_PATH = 'protocol/REFERENCE.md';
const REFERENCE_DIR = 'protocol/';

/** The vocabulary the vendor leaves open (docs/protocol.md §3); a Record so that a new action cannot go undocumented. */
const ACTIONS: Record<ThreadAction, { change: string; when: string }> = {
  accept: { change: 'QUEUING → CHATTING', when: 'the agent accepts a queued visitor (接入)' },
  close: { change: '→ CLOSED', when: 'the agent ends the conversation (结束)' },
  auto_close: { change: '→ CLOSED', when: 'the visitor was idle too long (the emulator: 30 minutes)' },
  transfer: { change: 'leaves the list', when: 'the agent hands the thread to a colleague (转接)' },
  queue: { change: 'NEW → QUEUING', when: 'a new visitor arrives while the agent is BUSY or full' },
};

/** Typical host mistakes, shown with the reason the console logs for them (computed, not written by hand). */
const MISTAKES: unknown[] = [
  { type: 'update_agent_status', data: { status: 'ONLINE' } },
  { type: 'update_agent_status', data: { status: 'busy' } },
  { type: 'clear_unread_count', data: {} },
  { type: 'clear_unread_count', data: { threadUid: 42 } },
];

const isObject = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v);
const cell = (text: string) => text.replaceAll('|', '\\|');
const code = (text: string) => `\`${text}\``;
const defName = (ref: string) => ref.replace('#/$defs/', '');
/** GitHub's heading anchors: lowercase, spaces to dashes, punctuation dropped. */
const anchor = (heading: string) =>
  heading
    .toLowerCase()
    .replaceAll(' ', '-')
    .replace(/[^a-z0-9_-]/g, '');

function defOf(node: JsonSchema, defs: JsonSchema): JsonSchema | undefined {
  if (typeof node.$ref !== 'string') return undefined;
  const def = defs[defName(node.$ref)];
  if (!isObject(def)) throw new Error(`reference: ${node.$ref} is not in $defs`);
  return def;
}

function typeText(node: JsonSchema, defs: JsonSchema): string {
  if (typeof node.$ref === 'string') {
    const name = defName(node.$ref);
    return `[${name}](#${anchor(name)})`;
  }
  if (node.const !== undefined) return code(JSON.stringify(node.const));
  if (Array.isArray(node.enum)) return node.enum.map((v) => code(JSON.stringify(v))).join(' \\| ');
  if (node.type === 'array' && isObject(node.items)) return `${typeText(node.items, defs)}[]`;
  const limits: string[] = [];
  if (node.minimum === 0) limits.push('≥ 0');
  if (node.minLength === 1) limits.push('non-empty');
  if (typeof node.pattern === 'string') limits.push(`matching ${code(node.pattern)}`);
  return [String(node.type), ...limits].join(', ');
}

function fieldTable(object: JsonSchema, defs: JsonSchema, prefix = ''): string {
  const properties = isObject(object.properties) ? object.properties : {};
  const required = Array.isArray(object.required) ? object.required : [];
  const rows = Object.entries(properties).map(([name, value]) => {
    const node = isObject(value) ? value : {};
    const description = node.description ?? defOf(node, defs)?.description ?? '';
    return `| ${code(prefix + name)} | ${typeText(node, defs)} | ${required.includes(name) ? 'yes' : 'no'} | ${cell(String(description))} |`;
  });
  return ['| field | type | required | description |', '|---|---|---|---|', ...rows].join('\n');
}

const jsonBlock = (value: unknown) => ['```json', JSON.stringify(value, null, 2), '```'].join('\n');
const schemaLink = (doc: SchemaDocument, label = 'JSON Schema') => {
  const relative = doc.path.slice(REFERENCE_DIR.length);
  return `${label}: [${code(relative)}](${relative}) (${code(String(doc.json.$id))})`;
};

function find(docs: readonly SchemaDocument[], kind: SchemaDocument['kind'], title: string): SchemaDocument {
  const doc = docs.find((d) => d.kind === kind && d.title === title);
  if (!doc) throw new Error(`reference: no ${kind} schema titled ${title}`);
  return doc;
}

const defsOf = (doc: SchemaDocument): JsonSchema => (isObject(doc.json.$defs) ? doc.json.$defs : {});
const dataOf = (doc: SchemaDocument): JsonSchema | undefined => {
  const properties = isObject(doc.json.properties) ? doc.json.properties : {};
  return isObject(properties.data) ? properties.data : undefined;
};

function eventSection(docs: readonly SchemaDocument[], type: EventType, examples: Examples): string {
  const doc = find(docs, 'event', type);
  const data = dataOf(doc);
  if (!data) throw new Error(`reference: event ${type} has no data`);
  return [
    `### ${code(type)}`,
    `**Fires when:** ${doc.json.description}`,
    schemaLink(doc),
    fieldTable(data, defsOf(doc), 'data.'),
    'Example:',
    jsonBlock(examples.events[type]),
  ].join('\n\n');
}

function commandSection(docs: readonly SchemaDocument[], type: CommandType, examples: Examples): string {
  const doc = find(docs, 'command', type);
  const data = dataOf(doc);
  const { message, answers } = examples.commands[type];
  return [
    `### ${code(type)}`,
    `**Effect:** ${doc.json.description}`,
    schemaLink(doc),
    data
      ? fieldTable(data, defsOf(doc), 'data.')
      : `No ${code('data')}: send ${code(JSON.stringify({ type }))}. An extra field is ignored and logged as a warning.`,
    'Example:',
    jsonBlock(message),
    `In the example world the console answered with ${answers.map(code).join(', ') || 'nothing'}.`,
  ].join('\n\n');
}

function shapeSection(doc: SchemaDocument): string {
  const { json } = doc;
  const body = Array.isArray(json.enum)
    ? `Values: ${json.enum.map((v) => code(String(v))).join(', ')}.`
    : fieldTable(json, defsOf(doc));
  return [`### ${doc.title}`, String(json.description), schemaLink(doc), body].join('\n\n');
}

function envelopeTable(docs: readonly SchemaDocument[]): string {
  const doc = find(docs, 'event', EVENT_TYPES[0]);
  const properties = isObject(doc.json.properties) ? doc.json.properties : {};
  // `type` and `data` differ per event: describe them for all events instead of showing the first one's.
  const envelope: JsonSchema = {
    properties: {
      ...properties,
      type: { type: 'string', description: 'The event type: one of the four below.' },
      data: { type: 'object', description: 'The payload; its fields depend on the type.' },
    },
    required: doc.json.required,
  };
  return fieldTable(envelope, defsOf(doc));
}

function mistakesList(): string {
  return MISTAKES.map((message) => {
    const parsed = parseCommand(message);
    if (parsed.ok) throw new Error(`reference: the mistake ${JSON.stringify(message)} is accepted`);
    return `- ${code(JSON.stringify(message))} → ${code(parsed.reason)}`;
  }).join('\n');
}

function fileList(docs: readonly SchemaDocument[]): string {
  const rows = docs.map((doc) => {
    const relative = doc.path.slice(REFERENCE_DIR.length);
    return `| [${code(relative)}](${relative}) | ${code(String(doc.json.$id))} |`;
  });
  return ['| file | $id |', '|---|---|', ...rows].join('\n');
}

export function renderReference(docs: readonly SchemaDocument[], examples: Examples): string {
  const shapes = docs.filter((d) => d.kind === 'shape');
  const sections = [
    '# Agent console iframe protocol: reference',
    [
      '> Generated by `npm run contract` (`tools/contract.ts`) from the zod schemas in `protocol/`. Do not edit it',
      '> by hand: change the schemas and run the command again. `npm run test:unit` fails while this page or the',
      '> JSON Schema files in `protocol/json-schema/` differ from what the schemas generate.',
    ].join('\n'),
    [
      'The wire format of the Bytedesk (微语) agent console (客服端) embedded in an `<iframe>`: four events the console',
      "posts to the host page and six commands the host posts to the console. Field names are the vendor's",
      '(ThreadResponse, AgentResponse, UserProtobuf). Where the vendor documents nothing, this emulator fixes a',
      '**mock choice**; the descriptions say "mock choice" wherever one applies.',
    ].join('\n'),
    '## Transport',
    [
      '- The console runs in an `<iframe>` of the host page and enables the bridge only when it is framed.',
      '- Console → host: `window.parent.postMessage(event, targetOrigin)`, where `targetOrigin` is the framing',
      "  page's origin (mock choice: never `'*'` unless the operator asks with `postOrigin=*`).",
      "- Host → console: `iframe.contentWindow.postMessage({ type, data? }, '*')` in the vendor's example; the",
      "  typed host client posts to the console's origin instead. Commands carry no envelope: no timestamp, no source.",
      '- No handshake, no request ids, no acknowledgements: the vendor protocol has none and the emulator adds none.',
      '  A status command is acknowledged only by the `agent_status_changed` it causes.',
      '- Mock choice: commands are accepted only from the framing window and its origin (or the `allowOrigin` list);',
      '  anything else is dropped as `rejected-origin`.',
    ].join('\n'),
    [
      'Bad input (mock choice): a message whose `type` is not a command is ignored (`foreign`); a command with',
      'invalid `data` changes nothing and is logged as a violation with a reason naming the field, the expectation',
      'and what arrived; unknown extra fields are accepted and logged as a warning. The reasons for typical mistakes:',
    ].join('\n'),
    mistakesList(),
    '## Envelope',
    `Every event is an object with exactly these fields; ${code('source')} is always ${code(JSON.stringify(EVENT_SOURCE))}.`,
    envelopeTable(docs),
    '## Events',
    [
      `Console → host. ${schemaLink(find(docs, 'union', 'Event'), 'The union of all four')}.`,
      `The examples come from the emulator's own world (${examples.world}) and are checked against the schemas.`,
    ].join(' '),
    ...EVENT_TYPES.map((type) => eventSection(docs, type, examples)),
    '## Commands',
    `Host → console. ${schemaLink(find(docs, 'union', 'Command'), 'The union of all six')}.`,
    ...COMMAND_TYPES.map((type) => commandSection(docs, type, examples)),
    '## Shared shapes',
    ...shapes.map(shapeSection),
    '## ThreadAction vocabulary',
    `Mock choice: the vendor names no actions. ${code('thread_status_changed')} carries one of these:`,
    [
      '| action | thread status | when |',
      '|---|---|---|',
      ...ThreadActionSchema.options.map((a) => `| ${code(a)} | ${ACTIONS[a].change} | ${ACTIONS[a].when} |`),
    ].join('\n'),
    '## JSON Schema files',
    'Draft 2020-12, one self-contained file per message, union and shape; shared shapes appear under `$defs`.',
    fileList(docs),
  ];
  return `${sections.join('\n\n')}\n`;
}

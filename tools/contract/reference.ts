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
  queue: {
    change: 'NEW → QUEUING',
    when: 'a new visitor arrives while the agent is AVAILABLE but full (BUSY is not accepting)',
  },
};

/**
 * Every behaviour the emulator implements, with where it comes from (docs/protocol.md §9–§11, docs/emulator.md;
 * references into ../shared/reference/vendor-evidence.md). README's "How it differs" is written from this table.
 */
const BEHAVIOURS: ReadonlyArray<{
  what: string;
  kind: 'doc' | 'source' | 'inferred' | 'mock choice';
  ref: string;
}> = [
  {
    what: 'The four events, the six commands, the envelope and `source: "bytedesk-desktop"`',
    kind: 'doc',
    ref: 'T1, T2, T8, T10, T11',
  },
  { what: 'The bridge turns on only when the console is framed', kind: 'doc', ref: 'T4' },
  { what: 'No handshake, request ids or acknowledgements', kind: 'doc', ref: 'T9' },
  {
    what: 'A visitor is assigned only to a connected AVAILABLE agent with fewer than maxThreadCount CHATTING threads (status CHATTING, content = the welcome text) → new_visitor_message, then unread_message_count',
    kind: 'source',
    ref: 'R1, S13',
  },
  {
    what: 'AVAILABLE but full: the visitor is queued (QUEUING, content = the queue text) → thread_status_changed `queue`',
    kind: 'source',
    ref: 'R2, S13',
  },
  {
    what: 'BUSY, REST or OFFLINE: not accepting; the visitor leaves a message (status OFFLINE, the offline text), not in the list, no event',
    kind: 'source',
    ref: 'R3, R4',
  },
  { what: 'Default maxThreadCount 10 (the busy-queue scenario configures 5)', kind: 'source', ref: 'A4' },
  {
    what: 'Queued threads are not in unreadThreads nor in totalUnreadCount; the queue has its own count',
    kind: 'inferred',
    ref: 'E3',
  },
  { what: 'The thread the agent has open is read: its unreadCount stays 0', kind: 'source', ref: 'E3, R6' },
  {
    what: 'A closed thread keeps its unreadCount; opening it or clear_unread_count reads it',
    kind: 'inferred',
    ref: 'R7',
  },
  { what: 'A thread’s content follows its latest message after routing', kind: 'source', ref: 'S13' },
  {
    what: 'Member topics are org/member/{selfMemberUid}/{otherMemberUid}; group chats use channel SYSTEM',
    kind: 'source',
    ref: 'S6, R10',
  },
  {
    what: '`agent`/`workgroup`/`robot` are JSON strings with alphabetical keys; agentProtobuf & co. are objects',
    kind: 'source',
    ref: 'S25–S28',
  },
  {
    what: 'payload=vendor: threads from the list are full ThreadResponse objects, threads born from a live message are thin until refresh_threads or a reload',
    kind: 'inferred',
    ref: 'E4–E6',
  },
  {
    what: 'payload=minimal: exactly uid, topic, type, user, content, createdAt; payload=full: ThreadResponse everywhere',
    kind: 'mock choice',
    ref: 'E5 (what the doc promises)',
  },
  {
    what: 'The workbench offers 休息 (REST); agent_status_changed may then carry it (commands still take only AVAILABLE, BUSY, OFFLINE)',
    kind: 'source',
    ref: 'E9, C1',
  },
  {
    what: 'unread_message_count also after the first load and after every refresh_threads; one coalesced event per task; never two identical in a row otherwise',
    kind: 'mock choice',
    ref: 'E2',
  },
  {
    what: 'Every accepted status update is acknowledged by one agent_status_changed, also to the same status',
    kind: 'mock choice',
    ref: 'E10',
  },
  { what: 'The ThreadAction vocabulary (accept, close, auto_close, transfer, queue)', kind: 'mock choice', ref: 'E12' },
  {
    what: 'Idle visitor threads close after 30 minutes (`auto_close`)',
    kind: 'mock choice',
    ref: 'R9 (the vendor’s is server configuration)',
  },
  {
    what: 'Transfer removes the thread at once (one event, the thread as it was)',
    kind: 'mock choice',
    ref: 'R8 (the vendor’s is two-phase)',
  },
  {
    what: 'Invalid commands change nothing and are violations; unknown fields are warnings; an unknown threadUid is a violation',
    kind: 'mock choice',
    ref: 'C2, C6',
  },
  {
    what: 'Events are posted to the parent’s origin only; commands only from the parent window and origin',
    kind: 'mock choice',
    ref: 'T5, T7 (the vendor most likely uses "*" and checks nothing)',
  },
  {
    what: 'The HMAC key is Base64-decode(secret), the algorithm follows the key length, the username is lower-cased',
    kind: 'source',
    ref: 'L7, L9, L10 (implemented in emulator/auth/)',
  },
];

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

/** doc, source, inferred, mock choice: where a field or behaviour comes from (docs/protocol.md, introduction). */
const PROVENANCE = /^\[(doc|source|inferred|mock choice)([^\]]*)\]\s*/;

/**
 * Splits a description into its provenance tag and the text. Every field must carry one: a schema change that
 * forgets to say where a field comes from fails `npm run contract` instead of publishing an unmarked field.
 */
function provenanceOf(description: string, where: string): { kind: string; ref: string; text: string } {
  const match = PROVENANCE.exec(description);
  if (!match)
    throw new Error(`reference: ${where} has no provenance tag ([doc], [source: …], [inferred: …], [mock choice])`);
  const ref = (match[2] ?? '').replace(/^[:;,]?\s*/, '').trim();
  return { kind: match[1] ?? '', ref, text: description.slice(match[0].length) };
}

const provenanceCell = ({ kind, ref }: { kind: string; ref: string }) => `**${kind}**${ref ? ` ${cell(ref)}` : ''}`;

/** Nullable and optional fields come out of zod as anyOf [T, null]; show T, or null. */
function unwrap(node: JsonSchema): { node: JsonSchema; nullable: boolean } {
  if (Array.isArray(node.anyOf)) {
    const options = node.anyOf.filter(isObject);
    const other = options.find((o) => o.type !== 'null');
    if (other && options.length === 2 && options.some((o) => o.type === 'null')) {
      return { node: { ...other, description: node.description ?? other.description }, nullable: true };
    }
  }
  return { node, nullable: false };
}

function fieldTable(object: JsonSchema, defs: JsonSchema, prefix = ''): string {
  const properties = isObject(object.properties) ? object.properties : {};
  const required = Array.isArray(object.required) ? object.required : [];
  const rows = Object.entries(properties).map(([name, value]) => {
    const { node, nullable } = unwrap(isObject(value) ? value : {});
    const description = String(node.description ?? defOf(node, defs)?.description ?? '');
    const origin = provenanceOf(description, `field ${prefix}${name}`);
    const type = `${typeText(node, defs)}${nullable ? ' \\| null' : ''}`;
    return `| ${code(prefix + name)} | ${type} | ${required.includes(name) ? 'yes' : 'no'} | ${provenanceCell(origin)} | ${cell(origin.text)} |`;
  });
  return ['| field | type | required | provenance | description |', '|---|---|---|---|---|', ...rows].join('\n');
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
      type: { type: 'string', description: '[doc] The event type: one of the four below.' },
      data: { type: 'object', description: '[doc] The payload; its fields depend on the type.' },
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
    '## Provenance',
    [
      "Every field and behaviour says where it comes from: **doc** (the vendor's developer page says so),",
      "**source** (the vendor's code shows it), **inferred** (the vendor's nearby code points to it; not proven) or",
      "**mock choice** (the emulator's own decision where the vendor is silent). References (T1, S13, R7…) are rows",
      "of the project's evidence file, `vendor-evidence.md`, which quotes the vendor's classes and commits.",
      'A host developer can see at a glance which assumptions the real console is known to honour.',
    ].join('\n'),
    [
      '| behaviour | provenance | reference |',
      '|---|---|---|',
      ...BEHAVIOURS.map((b) => `| ${cell(b.what)} | **${b.kind}** | ${cell(b.ref)} |`),
    ].join('\n'),
    '## Reading and emitting',
    [
      'What a host may **receive** is published open: `event.schema.json`, `events/*.schema.json` and the',
      '`Received*` shapes require only what the doc promises and a host cannot work without (the envelope with',
      '`source`, an integer total >= 0 and an array, a thread with a string uid, a string status). `parseEvent` reads',
      'the same way and reports nulls, missing, unknown or unreadable fields and unknown enum values as warnings.',
      "What the **emulator** emits is checked strictly against its payload family's union, published as",
      '`emulator/event.{vendor,minimal,full}.schema.json` with the strict shapes (Thread, ThinThread,',
      "MinimalThread, User, AgentInfo…): that is the emulator's emission contract, not a host's reading rule.",
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
      `The examples come from the emulator's own world (${examples.world}) and are checked against the schemas`,
      '(field tables: what a host may receive; see Shared shapes for the emitted ones).',
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

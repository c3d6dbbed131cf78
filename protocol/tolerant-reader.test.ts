/**
 * docs/protocol.md §9 "Reading", proven: what the real console most likely sends (the evidence's real and derived
 * examples, and property-generated vendor-shaped payloads) reaches a host built on the host client, with
 * warnings at most; garbage is still refused.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DERIVED_AGENT_RESPONSE,
  DERIVED_THREAD_RESPONSE,
  DOC_THREAD,
  STOMP_MESSAGE_THREAD,
  THIN_THREAD_FROM_MESSAGE,
  VENDOR_EVENTS,
} from '../test-support/vendor-examples';
import {
  type ConnectOptions,
  type ConsoleEvent,
  connectAgentConsole,
  EVENT_SOURCE,
  parseEvent,
  ThreadStatusSchema,
  ThreadTypeSchema,
  UserTypeSchema,
} from './index';

const CONSOLE = 'https://kefu.example.com';

/** A host page built on the host client, without a DOM: what it delivered and what it reported. */
function host(options: Omit<ConnectOptions, 'window'> = {}) {
  let listener: ((event: MessageEvent) => void) | undefined;
  const win = {
    location: { href: 'https://shop.example.com/' },
    addEventListener: (_: string, l: (event: MessageEvent) => void) => {
      listener = l;
    },
    removeEventListener: () => {},
  };
  const contentWindow = { postMessage: () => {} };
  const iframe = {
    src: `${CONSOLE}/agent/chat`,
    contentWindow,
    ownerDocument: { defaultView: win },
    addEventListener: () => {},
  };
  const client = connectAgentConsole(iframe as unknown as HTMLIFrameElement, {
    ...options,
    window: win as unknown as Window,
  });
  const delivered: ConsoleEvent[] = [];
  const problems: Array<{ level: string; reason: string }> = [];
  client.onEvent((e) => delivered.push(e));
  client.onProblem(({ level, reason }) => problems.push({ level, reason }));
  const deliver = (data: unknown) =>
    listener?.({ data, origin: CONSOLE, source: contentWindow } as unknown as MessageEvent);
  return { client, delivered, problems, deliver };
}

const envelope = (type: string, data: unknown) => ({ type, data, timestamp: 1752724832000, source: EVENT_SOURCE });

describe('the evidence’s real and derived examples (vendor-evidence.md §3)', () => {
  it.each(VENDOR_EVENTS.map((e, i) => [i, e.type, e] as const))('#%i %s is read, never dropped', (_, __, event) => {
    const parsed = parseEvent(event);
    expect(parsed.ok, parsed.ok ? '' : parsed.reason).toBe(true);
    for (const options of [{ validate: parseEvent }, {}]) {
      const { delivered, problems, deliver } = host(options);
      deliver(event);
      expect(delivered).toHaveLength(1);
      expect(problems.filter((p) => p.level === 'invalid')).toEqual([]);
    }
  });

  it('a full ThreadResponse, a thin thread and the doc’s six fields are each read without a warning', () => {
    for (const thread of [DERIVED_THREAD_RESPONSE, THIN_THREAD_FROM_MESSAGE, DOC_THREAD]) {
      expect(parseEvent(envelope('new_visitor_message', { thread }))).toMatchObject({ ok: true, warnings: [] });
    }
  });

  it('the live message’s own thread (§3.2: user with type, no content) is read, with a warning naming what strays', () => {
    const parsed = parseEvent(envelope('thread_status_changed', { thread: STOMP_MESSAGE_THREAD, action: 'queue' }));
    expect(parsed).toMatchObject({ ok: true });
    if (!parsed.ok || parsed.value.type !== 'thread_status_changed') throw new Error('not read');
    expect(parsed.value.data.thread.user?.nickname).toBe('Local[192.168.0.104]');
    expect(parsed.warnings.length).toBeGreaterThan(0);
    expect(parsed.warnings).toEqual([
      'thread_status_changed: unknown field data.thread.user.type (kept)',
      'thread_status_changed: data.thread.content is missing',
      'thread_status_changed: data.thread.createdAt is missing',
    ]);
  });

  it('an AgentResponse with fields beyond docs/protocol.md §9 is read; the warning names them', () => {
    const parsed = parseEvent(envelope('agent_status_changed', { status: 'REST', agentInfo: DERIVED_AGENT_RESPONSE }));
    expect(parsed).toMatchObject({ ok: true });
    if (!parsed.ok || parsed.value.type !== 'agent_status_changed') throw new Error('not read');
    expect(parsed.value.data.agentInfo?.maxThreadCount).toBe(10);
    expect(parsed.warnings.join('\n')).toContain('data.agentInfo.messageLeaveSettings');
  });

  it('names the field of each tolerated oddity: a null, a missing field, an unknown enum value, a wrong type', () => {
    const thread = { ...DERIVED_THREAD_RESPONSE, type: 'TELEPATHY', content: null, star: 'many' };
    const { status: _gone, ...withoutStatus } = thread;
    const parsed = parseEvent(envelope('new_visitor_message', { thread: withoutStatus }));
    expect(parsed).toMatchObject({ ok: true });
    if (!parsed.ok) return;
    expect(parsed.warnings).toEqual(
      expect.arrayContaining([
        'new_visitor_message: data.thread.star must be a number; got "many" (ignored)',
        'new_visitor_message: data.thread.type is "TELEPATHY", a value the vendor is not known to send',
        'new_visitor_message: data.thread.content is null',
        'new_visitor_message: data.thread.status is missing',
      ]),
    );
    // The unreadable field is left out of the value, so the host's types stay true.
    expect(parsed.value.data.thread).not.toHaveProperty('star');
  });
});

describe('garbage is still refused', () => {
  const thread = THIN_THREAD_FROM_MESSAGE;
  it.each([
    ['a wrong source', { ...envelope('new_visitor_message', { thread }), source: 'bytedesk' }, 'foreign'],
    ['data that is not an object', envelope('unread_message_count', [1]), 'invalid'],
    ['a negative total', envelope('unread_message_count', { totalUnreadCount: -1, unreadThreads: [] }), 'invalid'],
    ['a fractional total', envelope('unread_message_count', { totalUnreadCount: 0.5, unreadThreads: [] }), 'invalid'],
    ['unread threads that are not an array', envelope('unread_message_count', { totalUnreadCount: 0 }), 'invalid'],
    ['a missing thread', envelope('new_visitor_message', {}), 'invalid'],
    ['a thread without uid', envelope('thread_status_changed', { thread: { topic: 't' }, action: 'close' }), 'invalid'],
    ['a thread uid that is a number', envelope('new_visitor_message', { thread: { ...thread, uid: 7 } }), 'invalid'],
    ['a status that is not a string', envelope('agent_status_changed', { status: null }), 'invalid'],
  ] as const)('%s', (_, message, kind) => {
    expect(parseEvent(message)).toMatchObject({ ok: false, kind });
    const { delivered, deliver } = host({ validate: parseEvent });
    deliver(message);
    expect(delivered).toEqual([]);
    const bare = host();
    bare.deliver(message);
    expect(bare.delivered).toEqual([]);
  });
});

/** Every known enum value, and strings the vendor may add tomorrow. */
const enumOrNew = (values: readonly string[]) => fc.oneof(fc.constantFrom(...values), fc.string({ maxLength: 12 }));

/** A thread shape the vendor is known to send, then mangled the ways a real payload may be. */
const vendorThread = fc
  .record({
    base: fc.constantFrom<Record<string, unknown>>(DERIVED_THREAD_RESPONSE, THIN_THREAD_FROM_MESSAGE, DOC_THREAD),
    type: enumOrNew(ThreadTypeSchema.options),
    status: fc.option(enumOrNew(ThreadStatusSchema.options), { nil: undefined }),
    userType: fc.option(enumOrNew(UserTypeSchema.options), { nil: undefined }),
    nulls: fc.array(fc.constantFrom('topic', 'content', 'note', 'createdAt', 'updatedAt', 'user', 'agent', 'owner')),
    missing: fc.array(fc.constantFrom('topic', 'content', 'createdAt', 'updatedAt', 'user', 'unreadCount', 'agent')),
    extra: fc.dictionary(
      fc.string({ minLength: 1, maxLength: 8 }).filter((k) => !['__proto__', 'uid', 'constructor'].includes(k)),
      fc.jsonValue({ maxDepth: 2 }),
      { maxKeys: 3 },
    ),
  })
  .map(({ base, type, status, userType, nulls, missing, extra }) => {
    const thread: Record<string, unknown> = { ...extra, ...base, type };
    if (status !== undefined) thread.status = status;
    const user = thread.user as Record<string, unknown> | undefined;
    if (user && userType !== undefined) thread.user = { ...user, type: userType };
    for (const key of nulls) thread[key] = null;
    for (const key of missing) delete thread[key];
    return { thread, extra: Object.keys(extra).filter((k) => !Object.hasOwn(base, k)) };
  });

describe('property: vendor-shaped payloads are never dropped', () => {
  it('any event built from them is read, delivered by the host client, and extra fields are named', () => {
    fc.assert(
      fc.property(
        fc.array(vendorThread, { minLength: 1, maxLength: 4 }),
        fc.constantFrom('unread_message_count', 'new_visitor_message', 'thread_status_changed'),
        fc.nat(50),
        (threads, type, total) => {
          const first = threads[0]!;
          const event =
            type === 'unread_message_count'
              ? envelope(type, { totalUnreadCount: total, unreadThreads: threads.map((t) => t.thread) })
              : envelope(type, {
                  thread: first.thread,
                  action: type === 'thread_status_changed' ? 'close' : undefined,
                });
          const parsed = parseEvent(event);
          if (!parsed.ok) throw new Error(`dropped: ${parsed.reason}`);
          const { delivered, deliver } = host({ validate: parseEvent });
          deliver(event);
          expect(delivered).toHaveLength(1);
          // Unknown fields are warned about by name (the first dozen warnings are shown).
          if (type !== 'unread_message_count' && parsed.warnings.length < 12) {
            for (const key of first.extra) expect(parsed.warnings.join('\n')).toContain(`data.thread.${key}`);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('every status the vendor enum has, and unknown ones, reach the host', () => {
    fc.assert(
      fc.property(enumOrNew(['AVAILABLE', 'AWAY', 'REST', 'BUSY', 'OFFLINE', 'DISABLED']), (status) => {
        const { delivered, deliver } = host({ validate: parseEvent });
        deliver(envelope('agent_status_changed', { status, agentInfo: null }));
        expect(delivered).toHaveLength(1);
      }),
      { numRuns: 100 },
    );
  });
});

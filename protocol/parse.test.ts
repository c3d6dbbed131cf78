import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { SEED_COMMANDS } from '../test-support/seed-commands';
import { DERIVED_AGENT_RESPONSE, DERIVED_THREAD_RESPONSE, DOC_THREAD } from '../test-support/vendor-examples';
import { Sim, stamp } from '../test-support/world-kit';
import { CommandSchema, checkEmitted, EVENT_SOURCE, parseCommand, parseEvent, preview } from './index';

const invalid = (reason: string) => ({ ok: false, kind: 'invalid', reason });

describe('parseCommand: valid commands', () => {
  it.each([...SEED_COMMANDS, { type: 'clear_unread_count', data: { threadUid: '1838275102935040' } }])(
    '%j is ok without warnings',
    (command) => {
      expect(parseCommand(command)).toEqual({ ok: true, value: command, warnings: [] });
    },
  );
});

describe('parseCommand: invalid data changes nothing and names field, expectation and value', () => {
  it.each([
    [
      { type: 'update_agent_status', data: { status: 'ONLINE' } },
      'update_agent_status: data.status must be one of AVAILABLE, BUSY, OFFLINE; got "ONLINE"',
    ],
    [
      { type: 'update_agent_status', data: { status: 'busy' } },
      'update_agent_status: data.status must be one of AVAILABLE, BUSY, OFFLINE; got "busy"',
    ],
    [
      { type: 'update_agent_status', data: { status: 'AWAY' } },
      'update_agent_status: data.status must be one of AVAILABLE, BUSY, OFFLINE; got "AWAY"',
    ],
    [
      { type: 'update_agent_status', data: {} },
      'update_agent_status: data.status must be one of AVAILABLE, BUSY, OFFLINE; got nothing (the field is missing)',
    ],
    [
      { type: 'update_agent_status' },
      'update_agent_status: data must be an object; got nothing (the field is missing)',
    ],
    [{ type: 'update_agent_status', data: 'BUSY' }, 'update_agent_status: data must be an object; got "BUSY"'],
    [{ type: 'update_agent_status', data: null }, 'update_agent_status: data must be an object; got null'],
    [{ type: 'update_agent_status', data: ['BUSY'] }, 'update_agent_status: data must be an object; got ["BUSY"]'],
    [
      { type: 'clear_unread_count', data: {} },
      'clear_unread_count: data.threadUid must be a string; got nothing (the field is missing)',
    ],
    [{ type: 'clear_unread_count' }, 'clear_unread_count: data must be an object; got nothing (the field is missing)'],
    [
      { type: 'clear_unread_count', data: { threadUid: 42 } },
      'clear_unread_count: data.threadUid must be a string; got 42',
    ],
    [
      { type: 'clear_unread_count', data: { threadUid: 1838275102935040 } },
      'clear_unread_count: data.threadUid must be a string; got 1838275102935040',
    ],
    [
      { type: 'clear_unread_count', data: { threadUid: '' } },
      'clear_unread_count: data.threadUid must be a non-empty string; got ""',
    ],
    [
      { type: 'clear_unread_count', data: { threadUid: null } },
      'clear_unread_count: data.threadUid must be a string; got null',
    ],
    [
      { type: 'clear_unread_count', data: '1838275102935040' },
      'clear_unread_count: data must be an object; got "1838275102935040"',
    ],
    [{ type: 'clear_unread_count', data: [] }, 'clear_unread_count: data must be an object; got []'],
  ])('%j', (message, reason) => {
    expect(parseCommand(message)).toEqual(invalid(reason));
  });

  it('says NaN and Infinity arrived, not null (JSON would print them as null)', () => {
    expect(parseCommand({ type: 'clear_unread_count', data: { threadUid: Number.NaN } })).toEqual(
      invalid('clear_unread_count: data.threadUid must be a string; got NaN'),
    );
    expect(parseCommand({ type: 'clear_unread_count', data: { threadUid: Number.POSITIVE_INFINITY } })).toEqual(
      invalid('clear_unread_count: data.threadUid must be a string; got Infinity'),
    );
  });

  it('cuts a long value short in the reason', () => {
    const result = parseCommand({ type: 'update_agent_status', data: { status: 'x'.repeat(10_000) } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe(
      `update_agent_status: data.status must be one of AVAILABLE, BUSY, OFFLINE; got "${'x'.repeat(78)}…`,
    );
  });

  it('an invalid field wins over unknown ones: still invalid, not a warning', () => {
    expect(parseCommand({ type: 'update_agent_status', data: { status: 'ONLINE', reason: 'lunch' } })).toEqual(
      invalid('update_agent_status: data.status must be one of AVAILABLE, BUSY, OFFLINE; got "ONLINE"'),
    );
  });
});

describe('parseCommand: foreign traffic is not an error', () => {
  it.each([
    ['a string', 'refresh_threads', 'not a command: the message is "refresh_threads", not an object'],
    ['null', null, 'not a command: the message is null, not an object'],
    ['undefined', undefined, 'not a command: the message is empty'],
    ['a number', 42, 'not a command: the message is 42, not an object'],
    [
      'an array',
      [{ type: 'refresh_threads' }],
      'not a command: the message is [{"type":"refresh_threads"}], not an object',
    ],
    ['an object without type', { data: { status: 'BUSY' } }, 'not a command: it has no type field'],
    ['webpack HMR', { type: 'webpackHotUpdate', data: {} }, 'not a command: type "webpackHotUpdate"'],
    ['React devtools', { source: 'react-devtools-bridge', payload: {} }, 'not a command: it has no type field'],
    [
      'a console event echoed back',
      { type: 'unread_message_count', data: {} },
      'not a command: type "unread_message_count"',
    ],
    ['a type in the wrong case', { type: 'REFRESH_THREADS' }, 'not a command: type "REFRESH_THREADS"'],
    ['a numeric type', { type: 7 }, 'not a command: type 7'],
  ])('%s', (_label, message, reason) => {
    expect(parseCommand(message)).toEqual({ ok: false, kind: 'foreign', reason });
  });

  it('ignores a type inherited from the prototype', () => {
    expect(parseCommand(Object.create({ type: 'refresh_threads' }))).toMatchObject({ ok: false, kind: 'foreign' });
  });
});

describe('parseCommand: unknown fields are accepted with a warning naming their path', () => {
  it('top level', () => {
    expect(parseCommand({ type: 'refresh_threads', requestId: 1 })).toEqual({
      ok: true,
      value: { type: 'refresh_threads' },
      warnings: ['refresh_threads: unknown field requestId ignored'],
    });
  });

  it('data on a command that takes none', () => {
    expect(parseCommand({ type: 'update_agent_status_busy', data: {} })).toEqual({
      ok: true,
      value: { type: 'update_agent_status_busy' },
      warnings: ['update_agent_status_busy: unknown field data ignored'],
    });
  });

  it('inside data, and several at once', () => {
    expect(parseCommand({ type: 'clear_unread_count', data: { threadUid: '1', all: true }, ts: 1 })).toEqual({
      ok: true,
      value: { type: 'clear_unread_count', data: { threadUid: '1' } },
      warnings: ['clear_unread_count: unknown fields data.all, ts ignored'],
    });
  });

  it('does not mutate the message it read', () => {
    const message = { type: 'update_agent_status', data: { status: 'BUSY', note: 'x' }, extra: 1 };
    const copy = structuredClone(message);
    parseCommand(message);
    expect(message).toEqual(copy);
  });
});

describe('parseCommand: hostile keys', () => {
  afterEach(() => {
    delete (Object.prototype as Record<string, unknown>).polluted;
  });

  it('__proto__ and constructor keys (as JSON.parse makes them) do not pollute Object.prototype', () => {
    const messages = [
      '{"type":"refresh_threads","__proto__":{"polluted":1}}',
      '{"type":"clear_unread_count","data":{"threadUid":"1","__proto__":{"polluted":2}}}',
      '{"type":"update_agent_status","data":{"status":"BUSY","constructor":{"prototype":{"polluted":3}}}}',
      '{"type":"refresh_threads","constructor":{"prototype":{"polluted":4}},"prototype":{"polluted":5}}',
    ];
    const results = messages.map((text) => parseCommand(JSON.parse(text)));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    expect(results.map((r) => (r.ok ? r.warnings : r.reason))).toEqual([
      ['refresh_threads: unknown field __proto__ ignored'],
      ['clear_unread_count: unknown field data.__proto__ ignored'],
      ['update_agent_status: unknown field data.constructor ignored'],
      ['refresh_threads: unknown fields constructor, prototype ignored'],
    ]);
    for (const result of results) {
      expect(result.ok).toBe(true);
      if (!result.ok) continue;
      expect(Object.getPrototypeOf(result.value)).toBe(Object.prototype);
      expect(Object.hasOwn(result.value, '__proto__')).toBe(false);
      expect(CommandSchema.safeParse(result.value).success).toBe(true);
    }
  });

  it('a __proto__ type or threadUid is read as a plain value', () => {
    expect(parseCommand(JSON.parse('{"type":"__proto__"}'))).toMatchObject({ ok: false, kind: 'foreign' });
    expect(parseCommand({ type: 'clear_unread_count', data: { threadUid: '__proto__' } })).toMatchObject({
      ok: true,
      value: { data: { threadUid: '__proto__' } },
    });
  });

  it('survives cyclic messages (structured clone allows cycles)', () => {
    const message: Record<string, unknown> = { type: 'clear_unread_count', data: { threadUid: 5 } };
    (message.data as Record<string, unknown>).self = message;
    message.self = message;
    expect(parseCommand(message)).toEqual(invalid('clear_unread_count: data.threadUid must be a string; got 5'));
    const cyclicValue: Record<string, unknown> = {};
    cyclicValue.me = cyclicValue;
    expect(parseCommand({ type: 'update_agent_status', data: { status: cyclicValue } })).toEqual(
      invalid('update_agent_status: data.status must be one of AVAILABLE, BUSY, OFFLINE; got an object'),
    );
  });

  it('never throws and only ever returns ok commands that satisfy the strict schema', () => {
    const typed = fc.record(
      {
        type: fc.constantFrom('update_agent_status', 'clear_unread_count', 'refresh_threads', 'x'),
        data: fc.anything(),
      },
      { requiredKeys: ['type'] },
    );
    fc.assert(
      fc.property(fc.oneof(fc.anything(), typed), (message) => {
        const result = parseCommand(message);
        if (result.ok) expect(CommandSchema.safeParse(result.value).success).toBe(true);
        else expect(['foreign', 'invalid']).toContain(result.kind);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });
});

describe('preview', () => {
  it('describes what arrived in a few words', () => {
    expect(preview(undefined)).toBe('nothing (the field is missing)');
    expect(preview(() => 1)).toBe('a function');
    expect(preview(10n)).toBe('10n');
    expect(preview(Symbol('s'))).toBe('a symbol');
    expect(preview(Number.NEGATIVE_INFINITY)).toBe('-Infinity');
    expect(preview({ a: [1, 'b'] })).toBe('{"a":[1,"b"]}');
  });
});

describe('parseEvent', () => {
  const sim = new Sim({ scenario: 'busy-queue' });
  const [queued] = sim.byStatus('QUEUING');
  sim.ok({ kind: 'acceptThread', threadUid: queued!.uid });
  sim.ok({ kind: 'visitorSends', threadUid: queued!.uid, content: '在吗' });
  sim.step({ kind: 'setStatus', status: 'BUSY' });
  sim.ok({ kind: 'visitorArrives' });
  sim.ok({ kind: 'closeThread', threadUid: queued!.uid });
  const events = sim.events.map((e) => stamp(e));

  it('reads every event the world emits as ok, without warnings', () => {
    expect(new Set(events.map((e) => e.type))).toEqual(
      new Set(['unread_message_count', 'agent_status_changed', 'thread_status_changed']),
    );
    for (const event of events) expect(parseEvent(event)).toEqual({ ok: true, value: event, warnings: [] });
  });

  it('reads new_visitor_message from the world', () => {
    const fresh = new Sim();
    const { events: out } = fresh.ok({ kind: 'visitorArrives' });
    const event = stamp(out[0]!);
    expect(event.type).toBe('new_visitor_message');
    expect(parseEvent(event)).toEqual({ ok: true, value: event, warnings: [] });
  });

  it('treats anything without source bytedesk-desktop as foreign', () => {
    const event = events[0]!;
    expect(parseEvent({ ...event, source: 'react-devtools' })).toEqual({
      ok: false,
      kind: 'foreign',
      reason: 'source is "react-devtools", not "bytedesk-desktop"',
    });
    const { source: _source, ...unsourced } = event;
    expect(parseEvent(unsourced)).toMatchObject({ ok: false, kind: 'foreign' });
  });

  it('treats an unknown type or a command as foreign', () => {
    expect(parseEvent({ type: 'hello', data: {}, timestamp: 1, source: EVENT_SOURCE })).toEqual({
      ok: false,
      kind: 'foreign',
      reason: 'not a console event: type "hello"',
    });
    expect(parseEvent({ type: 'refresh_threads' })).toMatchObject({ ok: false, kind: 'foreign' });
    expect(parseEvent('unread_message_count')).toMatchObject({ ok: false, kind: 'foreign' });
  });

  it('reports a malformed console event as invalid with the field path', () => {
    const event = { type: 'unread_message_count', data: { totalUnreadCount: -1, unreadThreads: [] } };
    expect(parseEvent({ ...event, timestamp: 1, source: EVENT_SOURCE })).toEqual(
      invalid('unread_message_count: data.totalUnreadCount must be >= 0; got -1'),
    );
    const status = { type: 'agent_status_changed', data: { status: 42, agentInfo: sim.state.agent } };
    expect(parseEvent({ ...status, timestamp: 1, source: EVENT_SOURCE })).toEqual(
      invalid('agent_status_changed: data.status must be a string; got 42'),
    );
  });

  it('accepts a status it has never seen with a warning naming the field: a tolerant reader (§9)', () => {
    const status = { type: 'agent_status_changed', data: { status: 'ONLINE', agentInfo: sim.state.agent } };
    expect(parseEvent({ ...status, timestamp: 1, source: EVENT_SOURCE })).toMatchObject({
      ok: true,
      warnings: ['agent_status_changed: data.status is "ONLINE", a value the vendor is not known to send'],
    });
  });

  it('accepts a newer console’s extra fields with a warning naming the nested path, and keeps them', () => {
    const event = events.find((e) => e.type === 'unread_message_count' && e.data.unreadThreads.length > 1);
    if (event?.type !== 'unread_message_count') throw new Error('no unread event with two threads');
    const [first, second, ...rest] = event.data.unreadThreads;
    const extended = {
      ...event,
      data: { ...event.data, unreadThreads: [first, { ...second, priority: 3 }, ...rest] },
    };
    expect(parseEvent(extended)).toEqual({
      ok: true,
      value: extended,
      warnings: ['unread_message_count: unknown field data.unreadThreads[1].priority (kept)'],
    });
  });
});

describe('checkEmitted', () => {
  it('returns null for everything a lively world emits', () => {
    const sim = new Sim({ scenario: 'demo', seed: 3 });
    for (let i = 0; i < 200; i++) sim.step({ kind: 'autopilot' }, 20_000);
    sim.step({ kind: 'tick' }, 40 * 60_000);
    expect(sim.events.length).toBeGreaterThan(200);
    const problems = sim.events.map((e) => checkEmitted(stamp(e))).filter((p) => p !== null);
    expect(problems).toEqual([]);
  });

  it('rejects an event without its envelope', () => {
    const sim = new Sim();
    expect(checkEmitted(sim.events[0])).toBe(
      'unread_message_count: timestamp must be a number; got nothing (the field is missing) · source must be bytedesk-desktop; got nothing (the field is missing)',
    );
  });

  it('makes unknown fields errors, not warnings', () => {
    const sim = new Sim();
    const event = stamp(sim.ok({ kind: 'visitorArrives' }).events[0]!);
    expect(event.type).toBe('new_visitor_message');
    const withExtra = { ...event, data: { ...event.data, debug: true } };
    expect(checkEmitted(withExtra)).toBe('new_visitor_message: unknown field(s) data.debug');
  });

  it('names a date in the wrong format', () => {
    const sim = new Sim();
    const event = stamp(sim.ok({ kind: 'visitorArrives' }).events[0]!);
    if (event.type !== 'new_visitor_message') throw new Error(event.type);
    const iso = { ...event, data: { thread: { ...event.data.thread, createdAt: '2025-01-15T04:00:00Z' } } };
    expect(checkEmitted(iso)).toBe(
      'new_visitor_message: data.thread.createdAt must be a date "yyyy-MM-dd HH:mm:ss"; got "2025-01-15T04:00:00Z"',
    );
  });

  it('labels a non-event as "event"', () => {
    expect(checkEmitted(null)).toMatch(/^event: /);
  });
});

const envelope = (type: string, data: unknown) => ({ type, data, timestamp: 1752724832000, source: EVENT_SOURCE });
/** The warnings of a message that must be read, or the reason it was not. */
const warningsOf = (message: unknown) => {
  const parsed = parseEvent(message);
  if (!parsed.ok) throw new Error(`not read: ${parsed.reason}`);
  return parsed;
};

describe('parseEvent: an unreadable optional field is dropped from its own object only', () => {
  it('in the second of two unread threads: the first keeps its star', () => {
    const parsed = warningsOf(
      envelope('unread_message_count', {
        totalUnreadCount: 2,
        unreadThreads: [
          { ...DERIVED_THREAD_RESPONSE, star: 1 },
          { ...DERIVED_THREAD_RESPONSE, uid: '2', star: 'many' },
        ],
      }),
    );
    expect(parsed.warnings).toEqual([
      'unread_message_count: data.unreadThreads[1].star must be a number; got "many" (ignored)',
      'unread_message_count: data.unreadThreads[1].star is missing',
    ]);
    if (parsed.value.type !== 'unread_message_count') throw new Error(parsed.value.type);
    const [first, second] = parsed.value.data.unreadThreads;
    expect(Array.isArray(parsed.value.data.unreadThreads)).toBe(true);
    expect(first).toEqual({ ...DERIVED_THREAD_RESPONSE, star: 1 });
    const { star: _star, ...unstarred } = DERIVED_THREAD_RESPONSE;
    expect(second).toStrictEqual({ ...unstarred, uid: '2' });
  });

  it('in the thread’s user: the owner’s field of the same name is kept', () => {
    const parsed = warningsOf(
      envelope('new_visitor_message', {
        thread: { ...DERIVED_THREAD_RESPONSE, user: { ...DERIVED_THREAD_RESPONSE.user, nickname: 42 } },
      }),
    );
    expect(parsed.warnings).toEqual([
      'new_visitor_message: data.thread.user.nickname must be a string; got 42 (ignored)',
      'new_visitor_message: data.thread.user.nickname is missing',
    ]);
    if (parsed.value.type !== 'new_visitor_message') throw new Error(parsed.value.type);
    const { nickname: _nickname, ...nameless } = DERIVED_THREAD_RESPONSE.user;
    expect(parsed.value.data.thread.user).toStrictEqual(nameless);
    expect(parsed.value.data.thread).toMatchObject({ owner: DERIVED_THREAD_RESPONSE.owner });
  });

  it('a list with one unreadable item is dropped whole, named by the item', () => {
    const parsed = warningsOf(
      envelope('new_visitor_message', { thread: { ...DERIVED_THREAD_RESPONSE, tagList: ['vip', 5] } }),
    );
    expect(parsed.warnings).toEqual([
      'new_visitor_message: data.thread.tagList[1] must be a string; got 5 (ignored)',
      'new_visitor_message: data.thread.tagList is missing',
    ]);
    if (parsed.value.type !== 'new_visitor_message') throw new Error(parsed.value.type);
    expect(parsed.value.data.thread).not.toHaveProperty('tagList');
  });

  it('an optional field of data itself (action, agentInfo) is dropped too', () => {
    expect(warningsOf(envelope('thread_status_changed', { thread: DOC_THREAD, action: 7 })).warnings).toEqual([
      'thread_status_changed: data.action must be a string; got 7 (ignored)',
      'thread_status_changed: data.action is missing',
    ]);
    const agent = warningsOf(envelope('agent_status_changed', { status: 'BUSY', agentInfo: 'admin' }));
    expect(agent.value.data).toStrictEqual({ status: 'BUSY' });
    expect(agent.warnings[0]).toBe('agent_status_changed: data.agentInfo must be an object; got "admin" (ignored)');
  });

  it('but the envelope is not tolerant: a timestamp that is not a number makes the message invalid', () => {
    expect(parseEvent({ ...envelope('new_visitor_message', { thread: DOC_THREAD }), timestamp: 'now' })).toEqual(
      invalid('new_visitor_message: timestamp must be a number; got "now"'),
    );
  });
});

describe('parseEvent: how each deviation from the vendor’s shapes is worded', () => {
  it('several unknown fields of one object in one warning, plural', () => {
    expect(
      warningsOf(envelope('new_visitor_message', { thread: { ...DOC_THREAD, priority: 3, pinned: true } })).warnings,
    ).toEqual(['new_visitor_message: unknown fields data.thread.priority, data.thread.pinned (kept)']);
  });

  it('a string in the wrong format is described by its format, not as an unknown value', () => {
    const iso = { ...DOC_THREAD, createdAt: '2025-07-17T12:00:32Z' };
    expect(warningsOf(envelope('new_visitor_message', { thread: iso })).warnings).toEqual([
      'new_visitor_message: data.thread.createdAt must be a date "yyyy-MM-dd HH:mm:ss"; got "2025-07-17T12:00:32Z"',
    ]);
  });

  it('a non-string where the vendor sends one fixed value names that value', () => {
    const member = { ...DERIVED_AGENT_RESPONSE.member, type: 5 };
    const parsed = warningsOf(
      envelope('agent_status_changed', { status: 'BUSY', agentInfo: { ...DERIVED_AGENT_RESPONSE, member } }),
    );
    expect(parsed.warnings[0]).toBe('agent_status_changed: data.agentInfo.member.type must be MEMBER; got 5');
  });
});

describe('parseEvent: at most twelve warnings per message, then a count of the rest', () => {
  const unread = (n: number) =>
    envelope('unread_message_count', {
      totalUnreadCount: n,
      unreadThreads: Array.from({ length: n }, (_, i) => ({ ...DOC_THREAD, uid: `u${i}`, content: null })),
    });
  const nulls = (n: number) =>
    Array.from({ length: n }, (_, i) => `unread_message_count: data.unreadThreads[${i}].content is null`);

  it('twelve problems are all shown', () => {
    expect(warningsOf(unread(12)).warnings).toEqual(nulls(12));
  });

  it('thirteen show the first twelve and "… and 1 more"; twenty "… and 8 more"', () => {
    expect(warningsOf(unread(13)).warnings).toEqual([...nulls(12), 'unread_message_count: … and 1 more']);
    expect(warningsOf(unread(20)).warnings).toEqual([...nulls(12), 'unread_message_count: … and 8 more']);
  });
});

describe('parseEvent: never throws, whatever arrives', () => {
  it('a revoked Proxy is foreign', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(parseEvent(proxy)).toMatchObject({ ok: false, kind: 'foreign' });
  });

  it('a source that throws when read is foreign', () => {
    const message = {
      type: 'unread_message_count',
      get source(): string {
        throw new Error('boom');
      },
    };
    expect(parseEvent(message)).toMatchObject({ ok: false, kind: 'foreign' });
  });

  it('a source inherited from the prototype does not make an event, as an inherited type does not', () => {
    const message = Object.assign(
      Object.create({ source: EVENT_SOURCE }),
      envelope('new_visitor_message', { thread: DOC_THREAD }),
    );
    delete message.source;
    expect(parseEvent(message)).toEqual({
      ok: false,
      kind: 'foreign',
      reason: 'source is nothing (the field is missing), not "bytedesk-desktop"',
    });
  });

  it('gives up after eight rounds on a message whose fields change each time they are read, instead of looping', () => {
    // postMessage cannot deliver a getter, but parseEvent is public. Each round drops what it could not read and
    // reads again; here thread i turns unreadable on its (i+1)-th read (zod reads a field once per pass), so every
    // round finds a new one: seven rounds still end in a message, the eighth is the last.
    const threads = (n: number) =>
      Array.from({ length: n }, (_, i) => {
        let reads = 0;
        return {
          ...DOC_THREAD,
          uid: `u${i}`,
          get star(): unknown {
            reads++;
            return reads > i ? 'many' : 0;
          },
        };
      });
    const seven = warningsOf(envelope('unread_message_count', { totalUnreadCount: 7, unreadThreads: threads(7) }));
    expect(seven.warnings.filter((w) => w.endsWith('(ignored)'))).toHaveLength(7);
    expect(parseEvent(envelope('unread_message_count', { totalUnreadCount: 8, unreadThreads: threads(8) }))).toEqual(
      invalid('unread_message_count: too many unreadable fields'),
    );
  });

  it('an event whose data throws when read is invalid, naming the error', () => {
    const message = {
      type: 'unread_message_count',
      source: EVENT_SOURCE,
      get data(): unknown {
        throw new Error('boom');
      },
    };
    expect(parseEvent(message)).toEqual(invalid('unread_message_count: could not be read (Error: boom)'));
  });
});

describe('checkEmitted: names what is wrong in words', () => {
  it('an unknown type is named, not thrown on', () => {
    expect(checkEmitted(envelope('hello', {}))).toBe('hello: type is invalid (Invalid input); got "hello"');
  });

  it('names the payload family it checked against', () => {
    expect(checkEmitted(envelope('new_visitor_message', { thread: { ...DOC_THREAD, content: 5 } }), 'minimal')).toBe(
      'new_visitor_message (payload=minimal): data.thread.content must be a string; got 5',
    );
  });
});

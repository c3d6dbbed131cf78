import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { parseCommand } from '../../protocol';
import { rememberedCheck, rememberedParse } from './remembered';

const event = (status: string, timestamp = 1) => ({
  type: 'agent_status_changed',
  data: { status, agentInfo: { status } },
  timestamp,
  source: 'bytedesk-desktop',
});

describe('rememberedCheck', () => {
  it('checks a payload once, whatever its timestamp, and each distinct payload once', () => {
    const check = vi.fn(() => null);
    const remembered = rememberedCheck(check);
    for (let i = 0; i < 100; i++) expect(remembered(event(i % 2 ? 'BUSY' : 'AVAILABLE', i)).problem).toBeNull();
    expect(check).toHaveBeenCalledTimes(2);
  });

  it('never remembers a failure: each failing event is checked and reported again', () => {
    const check = vi.fn(() => 'agent_status_changed: data.status must be …');
    const remembered = rememberedCheck(check);
    expect(remembered(event('ONLINE')).problem).toBe('agent_status_changed: data.status must be …');
    expect(remembered(event('ONLINE')).problem).toBe('agent_status_changed: data.status must be …');
    expect(check).toHaveBeenCalledTimes(2);
  });

  it('tells payloads of different event types apart', () => {
    const check = vi.fn((e: unknown) => ((e as { type: string }).type === 'bad' ? 'bad' : null));
    const remembered = rememberedCheck(check);
    expect(remembered({ type: 'good', data: { x: 1 } }).problem).toBeNull();
    expect(remembered({ type: 'bad', data: { x: 1 } }).problem).toBe('bad');
  });

  it('knows a payload by value: the same fields in another order, in new objects', () => {
    const check = vi.fn(() => null);
    const remembered = rememberedCheck(check);
    remembered({ type: 't', data: { a: 1, b: { c: [1, 'x', null, true] } } });
    remembered({ type: 't', data: { b: { c: [1, 'x', null, true] }, a: 1 } });
    expect(check).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['a field more', { a: 1, b: { c: [1], d: 2 } }],
    ['a field less', { a: 1, b: {} }],
    ['a field renamed', { a: 1, b: { e: [1] } }],
    ['a value changed deep down', { a: 1, b: { c: [2] } }],
    ['a number where a string was', { a: '1', b: { c: [1] } }],
    ['an array longer', { a: 1, b: { c: [1, 1] } }],
    ['an object where an array was', { a: 1, b: { c: { 0: 1 } } }],
    ['an array where an object was', { a: 1, b: [[1]] }],
    ['null where an object was', { a: 1, b: null }],
    ['-0 where 0 was', { a: 1, b: { c: [1] }, z: -0 }],
  ])('checks again a payload with %s', (_, changed) => {
    const check = vi.fn(() => null);
    const remembered = rememberedCheck(check);
    remembered({ type: 't', data: { a: 1, b: { c: [1] }, ...('z' in changed ? { z: 0 } : {}) } });
    remembered({ type: 't', data: changed });
    expect(check).toHaveBeenCalledTimes(2);
  });

  it.each([
    ['an array for an object with index fields', { x: { 0: 'a' } }, { x: ['a'] }],
    ['an object without a prototype', { x: 1 }, Object.assign(Object.create(null), { x: 1 })],
  ])('does not take %s for the payload it remembers', (_, first, then) => {
    const check = vi.fn(() => null);
    const remembered = rememberedCheck(check);
    remembered({ type: 't', data: first });
    remembered({ type: 't', data: then });
    expect(check).toHaveBeenCalledTimes(2);
  });

  it('does not take an inherited field for one of the payload', () => {
    const check = vi.fn(() => null);
    const remembered = rememberedCheck(check);
    remembered({ type: 't', data: { a: 1, b: 2 } });
    remembered({ type: 't', data: Object.assign(Object.create({ b: 2 }), { a: 1 }) });
    expect(check).toHaveBeenCalledTimes(2);
  });

  it('checks without remembering what JSON cannot hold as it is, or what is too long to keep', () => {
    const check = vi.fn(() => null);
    const remembered = rememberedCheck(check);
    const big = { type: 'unread_message_count', data: { text: 'x'.repeat(20_000) } };
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const unlike = [{ at: new Date(0) }, { n: Number.NaN }, { gone: undefined }, [undefined], undefined, null];
    for (const data of [big.data, cyclic, ...unlike]) {
      check.mockClear();
      remembered({ type: 't', data });
      remembered({ type: 't', data });
      expect(check).toHaveBeenCalledTimes(2);
    }
  });

  it('passes a remembered payload on as one frozen copy, equal to it, shared by every event that carries it', () => {
    const remembered = rememberedCheck(() => null);
    const first = remembered(event('BUSY', 1));
    const later = remembered(event('BUSY', 2));
    if (first.problem !== null || later.problem !== null) throw new Error('expected passes');
    expect(first.data).toEqual(event('BUSY').data);
    expect(later.data).toBe(first.data);
    expect(Object.isFrozen(first.data)).toBe(true);
    expect(Object.isFrozen(first.data.agentInfo)).toBe(true);
  });

  it('passes on as it is a payload it cannot remember', () => {
    const remembered = rememberedCheck(() => null);
    const data = { at: new Date(0) };
    const checked = remembered({ type: 't', data });
    expect(checked).toEqual({ problem: null, data });
    expect(checked.problem === null && checked.data).toBe(data);
  });

  it('keeps a private copy: changing the payload after its check does not change what passed', () => {
    const check = vi.fn((e: unknown) => (JSON.stringify(e).includes('bad') ? 'bad' : null));
    const remembered = rememberedCheck(check);
    const data = { status: 'ok' };
    expect(remembered({ type: 't', data }).problem).toBeNull();
    data.status = 'bad';
    expect(remembered({ type: 't', data }).problem).toBe('bad');
  });

  it('answers what the check answers, for any sequence of payloads (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('a', 'b'), fc.jsonValue({ maxDepth: 3 })), { maxLength: 40 }),
        (events) => {
          // A verdict that depends on every value in the payload, and not on the order of its fields.
          const canonical = (v: unknown): string =>
            Array.isArray(v)
              ? `[${v.map(canonical).join(',')}]`
              : typeof v === 'object' && v !== null
                ? `{${Object.keys(v)
                    .sort()
                    .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
                    .join(',')}}`
                : Object.is(v, -0)
                  ? '-0'
                  : JSON.stringify(v);
          const check = (e: unknown) => {
            const text = canonical((e as { data: unknown }).data);
            return text.length % 3 === 0 ? `bad ${text}` : null;
          };
          const remembered = rememberedCheck(check);
          for (const [type, data] of events) expect(remembered({ type, data }).problem).toBe(check({ type, data }));
        },
      ),
    );
  });
});

describe('rememberedCheck: bounded memory', () => {
  /** A payload whose JSON is exactly `length` characters long. */
  const sized = (length: number) => ({ type: 't', data: { text: 'x'.repeat(length - '{"text":""}'.length) } });

  it('remembers a payload whose JSON is exactly 16 KiB long, and not one a character longer', () => {
    const check = vi.fn(() => null);
    const remembered = rememberedCheck(check);
    remembered(sized(16_384));
    remembered(sized(16_384));
    expect(check).toHaveBeenCalledTimes(1);
    remembered(sized(16_385));
    remembered(sized(16_385));
    expect(check).toHaveBeenCalledTimes(3);
  });

  it('remembers the last 8 passing payloads of each type: a 9th pushes the oldest out', () => {
    const check = vi.fn(() => null);
    const remembered = rememberedCheck(check);
    const payload = (n: number, type = 't') => ({ type, data: { n } });
    for (let n = 0; n < 8; n++) remembered(payload(n));
    remembered(payload(0, 'other'));
    for (let n = 0; n < 8; n++) remembered(payload(n));
    expect(check).toHaveBeenCalledTimes(9);
    remembered(payload(8));
    remembered(payload(1));
    expect(check).toHaveBeenCalledTimes(10);
    remembered(payload(0));
    expect(check).toHaveBeenCalledTimes(11);
    remembered(payload(0, 'other'));
    expect(check).toHaveBeenCalledTimes(11);
  });
});

describe('rememberedParse', () => {
  const status = (s: string) => ({ type: 'update_agent_status', data: { status: s } });

  it('parses each distinct command once, and answers the same result after', () => {
    const parse = vi.fn(parseCommand);
    const remembered = rememberedParse(parse);
    const first = remembered(status('BUSY'));
    for (let i = 0; i < 10; i++) {
      expect(remembered(status(i % 2 ? 'BUSY' : 'AVAILABLE')).parsed).toEqual(
        parseCommand(status(i % 2 ? 'BUSY' : 'AVAILABLE')),
      );
    }
    expect(parse).toHaveBeenCalledTimes(2);
    expect(remembered(status('BUSY')).parsed).toBe(first.parsed);
  });

  it('gives a frozen copy equal to the message, for the log to keep', () => {
    const remembered = rememberedParse(parseCommand);
    const message = { type: 'update_agent_status', data: { status: 'BUSY' }, extra: 1 };
    const { copy, parsed } = remembered(message);
    expect(copy).toEqual(message);
    expect(copy).not.toBe(message);
    expect(Object.isFrozen(copy)).toBe(true);
    expect(Object.isFrozen((copy as { data: object }).data)).toBe(true);
    // The result is shared by every equal message after: nobody can change it for the next one.
    expect(parsed.ok && Object.isFrozen(parsed.value) && Object.isFrozen(parsed.warnings)).toBe(true);
    expect(parsed).toMatchObject({ ok: true, warnings: [expect.stringContaining('extra')] });
  });

  it('parses every time a valid command longer than 1 KiB of JSON, and gives no copy for the log to keep', () => {
    const parse = vi.fn(parseCommand);
    const remembered = rememberedParse(parse);
    const padded = (length: number) => {
      const message = { type: 'update_agent_status', data: { status: 'BUSY' }, pad: '' };
      message.pad = 'x'.repeat(length - JSON.stringify(message).length);
      return message;
    };
    expect(remembered(padded(1_024)).copy).not.toBeNull();
    expect(remembered(padded(1_024)).copy).not.toBeNull();
    expect(parse).toHaveBeenCalledTimes(1);
    expect(remembered(padded(1_025)).copy).toBeNull();
    expect(remembered(padded(1_025)).parsed.ok).toBe(true);
    expect(parse).toHaveBeenCalledTimes(3);
  });

  it('parses foreign traffic and invalid commands every time, and gives no copy for them', () => {
    const parse = vi.fn(parseCommand);
    const remembered = rememberedParse(parse);
    for (const message of [{ type: 'vite:ping' }, status('ONLINE'), 'text', null, { type: 7 }]) {
      const first = remembered(message);
      expect(remembered(message)).toEqual(first);
      expect(first.copy).toBeNull();
      expect(first.parsed.ok).toBe(false);
    }
    expect(parse).toHaveBeenCalledTimes(10);
  });

  it('parses again a message whose reading throws, rather than failing', () => {
    const parse = vi.fn(parseCommand);
    const remembered = rememberedParse(parse);
    remembered(status('BUSY'));
    const hostile = new Proxy(status('BUSY'), {
      ownKeys: () => {
        throw new Error('no');
      },
    });
    expect(() => remembered(hostile)).not.toThrow();
    expect(parse).toHaveBeenCalledTimes(2);
    // Even its type cannot be read without a trap that throws.
    const typeless = new Proxy(status('BUSY'), {
      getOwnPropertyDescriptor: () => {
        throw new Error('no');
      },
    });
    expect(() => remembered(typeless)).not.toThrow();
  });
});

/**
 * The issue-to-sentence translator on every kind of issue zod can raise, including those today's schemas do not
 * produce (a schema that gains a length or a range must not get a vague reason), and the own-property reading
 * of what arrived.
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { describeIssue, preview, valueAt } from './describe';
import { checkEmitted, EVENT_SOURCE, parseEvent } from './index';

/** The sentence for `value` against `schema`: one issue, described as parse.ts would. */
function reason(schema: z.ZodMiniType, value: unknown): string {
  const result = z.safeParse(schema, value);
  if (result.success) throw new Error(`expected ${preview(value)} to fail`);
  return result.error.issues.map((issue) => describeIssue(issue, value)).join(' · ');
}

describe('describeIssue', () => {
  it.each([
    ['a string of at least 1', z.string().check(z.minLength(1)), '', '(message) must be a non-empty string; got ""'],
    [
      'a string of at least 3',
      z.string().check(z.minLength(3)),
      'ab',
      '(message) must be at least 3 characters long; got "ab"',
    ],
    [
      'an array of at least 2',
      z.array(z.number()).check(z.minLength(2)),
      [1],
      '(message) must have at least 2 items; got [1]',
    ],
    ['a number >= 1', z.number().check(z.gte(1)), 0, '(message) must be >= 1; got 0'],
    ['a number > 0', z.number().check(z.gt(0)), 0, '(message) must be > 0; got 0'],
    [
      'a string of at most 2',
      z.string().check(z.maxLength(2)),
      'abc',
      '(message) must be at most 2 characters long; got "abc"',
    ],
    [
      'an array of at most 1',
      z.array(z.number()).check(z.maxLength(1)),
      [1, 2],
      '(message) must have at most 1 items; got [1,2]',
    ],
    ['a number <= 9', z.number().check(z.lte(9)), 10, '(message) must be <= 9; got 10'],
    ['a number < 9', z.number().check(z.lt(9)), 9, '(message) must be < 9; got 9'],
    ['a multiple of 5', z.number().check(z.multipleOf(5)), 7, '(message) must be a multiple of 5; got 7'],
    [
      'a pattern with its own message',
      z.string().check(z.regex(/^\d+$/, { error: 'digits only' })),
      'x',
      '(message) must be digits only; got "x"',
    ],
    [
      'a pattern with zod’s message',
      z.string().check(z.regex(/^\d+$/)),
      'x',
      '(message) must be a valid regex; got "x"',
    ],
    ['a number, given NaN', z.number(), Number.NaN, '(message) must be a number; got NaN'],
    ['a number, given a string', z.number(), 'NaN', '(message) must be a number; got "NaN"'],
    ['one literal number', z.literal(3), 4, '(message) must be 3; got 4'],
    ['one literal bigint', z.literal(10n), 11n, '(message) must be 10n; got 11n'],
  ] as const)('%s', (_, schema, value, expected) => {
    expect(reason(schema, value)).toBe(expected);
  });

  it('falls back to zod’s own message for an issue it has no sentence for', () => {
    const schema = z.string().check(z.refine((s) => s.startsWith('a'), { error: 'must start with a' }));
    expect(reason(schema, 'b')).toBe('(message) is invalid (must start with a); got "b"');
  });

  it('names the path of the field, with indexes', () => {
    const schema = z.object({ data: z.object({ list: z.array(z.string()) }) });
    expect(reason(schema, { data: { list: ['a', 2] } })).toBe('data.list[1] must be a string; got 2');
  });
});

describe('valueAt', () => {
  it('walks own fields and array indexes', () => {
    expect(valueAt({ a: [{ b: 2 }] }, ['a', 0, 'b'])).toBe(2);
    expect(valueAt({ a: 1 }, ['a', 'b'])).toBeUndefined();
    expect(valueAt(null, ['a'])).toBeUndefined();
  });

  it('reads own properties only: inherited and prototype fields read as missing', () => {
    expect(valueAt(Object.create({ status: 'BUSY' }), ['status'])).toBeUndefined();
    expect(valueAt({}, ['constructor'])).toBeUndefined();
    expect(valueAt({ data: {} }, ['data', 'toString'])).toBeUndefined();
    expect(valueAt([], ['length'])).toBe(0);
  });
});

describe('preview', () => {
  it('keeps up to 80 characters and cuts longer text with an ellipsis', () => {
    const exactly80 = 'x'.repeat(78); // JSON adds the two quotes
    expect(preview(exactly80)).toBe(`"${exactly80}"`);
    expect(preview(`${exactly80}y`)).toBe(`"${exactly80.slice(0, 78)}…`);
    expect(preview(`${exactly80}y`)).toHaveLength(80);
  });

  it('names an array or an object it cannot print', () => {
    const list: unknown[] = [];
    list.push(list);
    const record: Record<string, unknown> = {};
    record.self = record;
    expect([preview(list), preview(record)]).toEqual(['an array', 'an object']);
  });
});

describe('reasons with more than one problem', () => {
  it('parseEvent joins the reasons for several fields with " · "', () => {
    const event = {
      type: 'unread_message_count',
      data: { totalUnreadCount: 'x', unreadThreads: 5 },
      timestamp: 1,
      source: EVENT_SOURCE,
    };
    expect(parseEvent(event)).toEqual({
      ok: false,
      kind: 'invalid',
      reason:
        'unread_message_count: data.totalUnreadCount must be a number; got "x" · data.unreadThreads must be an array; got 5',
    });
  });

  it('checkEmitted names every unknown field of an event, comma-separated', () => {
    const event = {
      type: 'unread_message_count',
      data: { totalUnreadCount: 0, unreadThreads: [] },
      timestamp: 1,
      source: EVENT_SOURCE,
      extra: 1,
      more: 2,
    };
    expect(checkEmitted(event)).toBe('unread_message_count: unknown field(s) extra, more');
  });
});

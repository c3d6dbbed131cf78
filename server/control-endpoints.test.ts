/**
 * The control API's endpoint table on its own: what each body must look like, how a wrong one is named, and which
 * test API arguments a body becomes. control-server.test.ts covers the same table over HTTP.
 */
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../common/config';
import { bodyShape, checkBody, ENDPOINTS, type Endpoint } from './control-endpoints';

const endpoint = (name: string): Endpoint => {
  const found = ENDPOINTS.find((e) => e.name === name);
  if (!found) throw new Error(`no endpoint ${name}`);
  return found;
};

describe('bodyShape: the body each endpoint takes, as the endpoint list and its 400s print it', () => {
  it('marks required fields without "?" and optional ones with it', () => {
    expect(bodyShape(endpoint('visitor-sends'))).toBe('{ threadUid: string, content: string }');
    expect(bodyShape(endpoint('close'))).toBe('{ threadUid: string, auto?: boolean }');
  });

  it('spells a choice as its quoted values and a seed as its integer range', () => {
    expect(bodyShape(endpoint('visitor-arrives'))).toBe(
      '{ nickname?: string, content?: string, type?: "AGENT" | "WORKGROUP" }',
    );
    expect(bodyShape(endpoint('reset'))).toBe(
      `{ seed?: integer 0..4294967295, scenario?: ${SCENARIOS.map((s) => `"${s}"`).join(' | ')} }`,
    );
  });

  it('prints an empty shape for an endpoint that takes no fields', () => {
    expect(bodyShape(endpoint('reload'))).toBe('{  }');
  });
});

describe('checkBody: a body that is not a JSON object is refused with the shape it should have', () => {
  it.each([
    ['null', null, 'null'],
    ['a string', 'hello', '"hello"'],
    ['a number', 7, '7'],
    ['an array', [{ threadUid: '1' }], '[{"threadUid":"1"}]'],
  ])('%s', (_label, body, shown) => {
    expect(checkBody(endpoint('accept'), body)).toEqual({
      ok: false,
      reason: `accept: the body must be a JSON object { threadUid: string }; got ${shown}`,
    });
  });
});

describe('checkBody: unknown fields are named, with the fields the endpoint does take', () => {
  it('lists the known fields', () => {
    expect(checkBody(endpoint('close'), { threadUid: '1', force: true })).toEqual({
      ok: false,
      reason: 'close: unknown field "force"; expected only threadUid, auto',
    });
  });

  it('says so when the endpoint takes no fields at all', () => {
    expect(checkBody(endpoint('reload'), { hard: true })).toEqual({
      ok: false,
      reason: 'reload: unknown field "hard"; it takes no fields',
    });
    expect(checkBody(endpoint('reload'), {})).toEqual({ ok: true, value: {} });
  });
});

describe('checkBody: a seed is an unsigned 32-bit integer, both bounds included', () => {
  it.each([0, 1, 4294967295])('accepts %d', (seed) => {
    expect(checkBody(endpoint('reset'), { seed })).toEqual({ ok: true, value: { seed } });
  });

  it.each([
    [-1, '-1'],
    [4294967296, '4294967296'],
    [1.5, '1.5'],
    ['7', '"7"'],
  ])('refuses %j, naming the range', (seed, shown) => {
    expect(checkBody(endpoint('reset'), { seed })).toEqual({
      ok: false,
      reason: `reset: seed must be an integer from 0 to 4294967295; got ${shown}`,
    });
  });
});

describe('checkBody: a choice takes exactly one of its strings', () => {
  it('accepts each listed value', () => {
    for (const scenario of SCENARIOS) {
      expect(checkBody(endpoint('reset'), { scenario })).toEqual({ ok: true, value: { scenario } });
    }
  });

  it.each([
    ['another case', 'agent', '"agent"'],
    ['a non-string', 1, '1'],
    ['a list of the values', ['AGENT'], '["AGENT"]'],
  ])('refuses %s, listing the choices', (_label, type, shown) => {
    expect(checkBody(endpoint('visitor-arrives'), { type })).toEqual({
      ok: false,
      reason: `visitor-arrives: type must be one of AGENT, WORKGROUP; got ${shown}`,
    });
  });
});

describe('args: the test API arguments each endpoint makes of its checked body', () => {
  it('reads and reload take no arguments, whatever the body', () => {
    for (const name of ['state', 'log', 'violations', 'counts', 'reload']) {
      expect(endpoint(name).args({ anything: 1 })).toEqual([]);
    }
  });

  it('passes the options endpoints their body as one object, with only the fields sent', () => {
    expect(endpoint('visitor-arrives').args({ nickname: 'Ann' })).toStrictEqual([{ nickname: 'Ann' }]);
    expect(endpoint('colleague-sends').args({})).toStrictEqual([{}]);
    expect(endpoint('reset').args({ seed: 7, scenario: 'empty' })).toStrictEqual([{ seed: 7, scenario: 'empty' }]);
  });

  it('spreads the positional endpoints’ fields, and reads a missing auto as false', () => {
    expect(endpoint('visitor-sends').args({ threadUid: '1', content: 'hi' })).toEqual(['1', 'hi']);
    expect(endpoint('accept').args({ threadUid: '1' })).toEqual(['1']);
    expect(endpoint('close').args({ threadUid: '1' })).toEqual(['1', { auto: false }]);
    expect(endpoint('close').args({ threadUid: '1', auto: true })).toEqual(['1', { auto: true }]);
  });
});

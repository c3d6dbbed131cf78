import { describe, expect, it } from 'vitest';
import { originPolicy } from './origins';

const HOST = 'http://localhost:5173';
const OTHER = 'https://evil.example';
const THIRD = 'https://partner.example';

describe('originPolicy: default (no allowlist)', () => {
  const policy = originPolicy({ parent: HOST, allow: [] });

  it('accepts commands only from the parent origin', () => {
    expect(policy.accepts(HOST)).toBe(true);
    expect(policy.accepts(OTHER)).toBe(false);
    expect(policy.accepts('http://localhost:5174')).toBe(false);
    expect(policy.accepts('null')).toBe(false);
    expect(policy.accepts('')).toBe(false);
    expect(policy.accepts('*')).toBe(false);
  });

  it('posts to exactly the parent origin, never *', () => {
    expect(policy.postTarget).toBe(HOST);
  });

  it('says so in its summary', () => {
    expect(policy.summary).toBe(`parent origin ${HOST}; posting to ${HOST}`);
  });
});

describe('originPolicy: parent origin unknown', () => {
  it('accepts nothing and posts nowhere', () => {
    const policy = originPolicy({ parent: null, allow: [] });
    for (const origin of [HOST, OTHER, 'null', '']) expect(policy.accepts(origin)).toBe(false);
    expect(policy.postTarget).toBeNull();
    expect(policy.summary).toContain('parent origin unknown');
    expect(policy.summary).toContain('allowOrigin');
    expect(policy.summary).toContain('posting to nobody');
  });

  it('posts to postOrigin when the operator configured one, still accepting nothing', () => {
    const policy = originPolicy({ parent: null, allow: [], postOrigin: HOST });
    expect(policy.postTarget).toBe(HOST);
    expect(policy.accepts(HOST)).toBe(false);
    expect(policy.summary).toContain(`posting to ${HOST}`);
  });
});

describe('originPolicy: allowlist', () => {
  it('accepts every listed origin and nothing else, the parent included', () => {
    const policy = originPolicy({ parent: HOST, allow: [THIRD, OTHER] });
    expect(policy.accepts(THIRD)).toBe(true);
    expect(policy.accepts(OTHER)).toBe(true);
    expect(policy.accepts(HOST)).toBe(false);
  });

  it('posts to the parent when the parent is in the allowlist', () => {
    const policy = originPolicy({ parent: HOST, allow: [THIRD, HOST] });
    expect(policy.postTarget).toBe(HOST);
    expect(policy.summary).toBe(`allowlist ${THIRD}, ${HOST}; posting to ${HOST}`);
  });

  it('with one entry and an unknown parent, posts to that entry', () => {
    const policy = originPolicy({ parent: null, allow: [HOST] });
    expect(policy.postTarget).toBe(HOST);
    expect(policy.accepts(HOST)).toBe(true);
  });

  it('with several entries and the parent not among them, posts nowhere', () => {
    for (const parent of [null, OTHER]) {
      const policy = originPolicy({ parent, allow: [HOST, THIRD] });
      expect(policy.postTarget).toBeNull();
      expect(policy.summary).toContain('posting to nobody (parent not in the allowlist)');
    }
  });

  it('postOrigin overrides the fallback', () => {
    const policy = originPolicy({ parent: null, allow: [HOST, THIRD], postOrigin: THIRD });
    expect(policy.postTarget).toBe(THIRD);
  });
});

describe('originPolicy: postOrigin', () => {
  it('overrides the parent as the post target without changing who may send', () => {
    const policy = originPolicy({ parent: HOST, allow: [], postOrigin: THIRD });
    expect(policy.postTarget).toBe(THIRD);
    expect(policy.accepts(HOST)).toBe(true);
    expect(policy.accepts(THIRD)).toBe(false);
    expect(policy.summary).toBe(`parent origin ${HOST}; posting to ${THIRD}`);
  });

  it("posts to '*' only when asked for explicitly", () => {
    expect(originPolicy({ parent: HOST, allow: [], postOrigin: '*' }).postTarget).toBe('*');
    expect(originPolicy({ parent: null, allow: [], postOrigin: '*' }).postTarget).toBe('*');
    expect(originPolicy({ parent: null, allow: [HOST, THIRD], postOrigin: '*' }).postTarget).toBe('*');
    // Without it, no configuration ends up at '*'.
    for (const parent of [HOST, null]) {
      for (const allow of [[], [HOST], [HOST, THIRD]]) {
        expect(originPolicy({ parent, allow }).postTarget).not.toBe('*');
      }
    }
  });

  it("'*' as postOrigin does not make the policy accept every origin", () => {
    const policy = originPolicy({ parent: HOST, allow: [], postOrigin: '*' });
    expect(policy.accepts(OTHER)).toBe(false);
  });
});

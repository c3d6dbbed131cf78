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
  it('accepts nothing and posts nowhere until it learns the origin, and says how to pin it', () => {
    const policy = originPolicy({ parent: null, allow: [] });
    for (const origin of [HOST, OTHER, 'null', '']) expect(policy.accepts(origin)).toBe(false);
    expect(policy.postTarget).toBeNull();
    expect(policy.learning).toBe(true);
    expect(policy.summary).toContain('parent origin unknown');
    expect(policy.summary).toContain("learning it from the parent window's first message");
    expect(policy.summary).toContain('allowOrigin');
    expect(policy.summary).toContain('postOrigin');
  });

  it('says in its summary that it posts to nobody yet, how it learns, and what would pin it', () => {
    const learning =
      "the frame does not tell its parent's origin (no ancestorOrigins, no referrer): learning it from the parent window's first message";
    expect(originPolicy({ parent: null, allow: [] }).summary).toBe(
      `parent origin unknown; posting to nobody; ${learning} (allowOrigin would pin who may send, postOrigin where events go)`,
    );
  });

  it('with allowOrigin pinned, says in its summary that the allowlist already pins who may send', () => {
    const learning =
      "the frame does not tell its parent's origin (no ancestorOrigins, no referrer): learning it from the parent window's first message";
    expect(originPolicy({ parent: null, allow: [HOST, THIRD] }).summary).toBe(
      `allowlist ${HOST}, ${THIRD}; posting to nobody (parent not in the allowlist); ${learning} (allowOrigin pins who may send, postOrigin where events go)`,
    );
  });

  it("learns the parent's origin once: then accepts it alone and posts to it", () => {
    const policy = originPolicy({ parent: null, allow: [] });
    expect(policy.learn(HOST)).toBeNull();
    expect(policy.learning).toBe(false);
    expect(policy.accepts(HOST)).toBe(true);
    expect(policy.accepts(OTHER)).toBe(false);
    expect(policy.postTarget).toBe(HOST);
    expect(policy.summary).toBe(
      `parent origin ${HOST}; posting to ${HOST} (learnt from the parent window's first message)`,
    );
    // Learnt is learnt: a later message at another origin changes nothing.
    expect(policy.learn(OTHER)).toBeNull();
    expect(policy.accepts(OTHER)).toBe(false);
    expect(policy.postTarget).toBe(HOST);
  });

  it.each(['null', ''])('does not learn an opaque origin %j, and keeps learning', (opaque) => {
    const policy = originPolicy({ parent: null, allow: [] });
    expect(policy.learn(opaque)).toContain('opaque');
    expect(policy.learning).toBe(true);
    expect(policy.accepts(opaque)).toBe(false);
    expect(policy.postTarget).toBeNull();
    expect(policy.learn(HOST)).toBeNull();
    expect(policy.postTarget).toBe(HOST);
  });

  it('with allowOrigin pinned, learns only a pinned origin', () => {
    const policy = originPolicy({ parent: null, allow: [HOST, THIRD] });
    expect(policy.postTarget).toBeNull();
    expect(policy.learn(OTHER)).toBe(`the parent window's origin ${OTHER} is not in the allowlist (${HOST}, ${THIRD})`);
    expect(policy.learning).toBe(true);
    expect(policy.postTarget).toBeNull();
    expect(policy.learn(THIRD)).toBeNull();
    expect(policy.postTarget).toBe(THIRD);
    expect(policy.accepts(HOST)).toBe(true); // the allowlist still decides who may send
  });

  it('posts to postOrigin at once when the operator configured one, accepting nothing until learnt', () => {
    const policy = originPolicy({ parent: null, allow: [], postOrigin: HOST });
    expect(policy.postTarget).toBe(HOST);
    expect(policy.accepts(HOST)).toBe(false);
    expect(policy.summary).toContain(`posting to ${HOST}`);
    expect(policy.learn(HOST)).toBeNull();
    expect(policy.accepts(HOST)).toBe(true);
    expect(policy.postTarget).toBe(HOST);
  });

  it('a known parent is not learning, and a message cannot change it', () => {
    const policy = originPolicy({ parent: HOST, allow: [] });
    expect(policy.learning).toBe(false);
    expect(policy.learn(OTHER)).toBeNull();
    expect(policy.accepts(OTHER)).toBe(false);
    expect(policy.postTarget).toBe(HOST);
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

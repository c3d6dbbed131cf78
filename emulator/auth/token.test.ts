import { base64url, errors, jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { HMAC_BYTES, type HmacAlg } from './jwt-secret';
import {
  DEFAULT_EXPIRES_IN_SECONDS,
  duration,
  isoDate,
  MAX_TOKEN_BYTES,
  signAccessToken,
  type TokenResult,
  VENDOR_DEFAULT_JWT_SECRET,
  verifyAccessToken,
} from './token';

/** The sample token from the vendor's documentation (seed 000): admin@email.com, iat 1752724832, exp 1755316832. */
const SEED_TOKEN =
  'eyJhbGciOiJIUzM4NCJ9.eyJzdWIiOiJ7XCJwbGF0Zm9ybVwiOlwiYnl0ZWRlc2tcIixcInVzZXJuYW1lXCI6XCJhZG1pbkBlbWFpbC5jb21cIn0iLCJpYXQiOjE3NTI3MjQ4MzIsImV4cCI6MTc1NTMxNjgzMn0.3Q5ZXyNHImEGCErPkRXWG6rnFK1F_z77kTE6iRlpKmzUAtRpJZinjM_O0J0GebtM';
const SEED_IAT = 1752724832;
const SEED_EXP = 1755316832;

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
/** Base64 secrets of each key length, and the bytes they decode to (what jose signs with). */
const secretOf = (bytes: number, fill = 7) => Buffer.alloc(bytes, fill).toString('base64');
const keyOf = (secret: string) => new Uint8Array(Buffer.from(secret, 'base64'));
const S48 = secretOf(48);
const OTHER48 = secretOf(48, 9);
const enc = (value: unknown) => base64url.encode(typeof value === 'string' ? value : JSON.stringify(value));
const SIG = base64url.encode(new Uint8Array(48));
const vendorSub = (username = 'agent@example.com') => JSON.stringify({ platform: 'bytedesk', username });
const claims = (extra: Record<string, unknown> = {}) => ({
  sub: vendorSub(),
  iat: Math.floor(NOW / 1000) - 60,
  exp: Math.floor(NOW / 1000) + 3600,
  ...extra,
});
/** A hand-built token (unsigned: a 48-byte zero signature), for shapes jose would not produce. */
const craft = (header: unknown, payload: unknown, signature = SIG) => `${enc(header)}.${enc(payload)}.${signature}`;

function failure(result: TokenResult) {
  if (result.ok) throw new Error(`expected a failure, got ok for ${result.username}`);
  return result;
}

async function refused(token: string, options: { now?: number; secret?: string } = {}) {
  const result = failure(await verifyAccessToken(token, { now: NOW, ...options }));
  expect(result.message).toMatch(/^[A-Z].*\.$/s); // a sentence
  if (token.length > 20) expect(result.message).not.toContain(token);
  return result;
}

describe('signAccessToken / verifyAccessToken', () => {
  it('round-trips with a secret and reports the claims', async () => {
    const token = await signAccessToken({ username: 'agent@example.com', secret: S48, now: NOW });
    const result = await verifyAccessToken(token, { now: NOW + 1000, secret: S48 });
    expect(result).toEqual({
      ok: true,
      username: 'agent@example.com',
      platform: 'bytedesk',
      issuedAt: Math.floor(NOW / 1000) * 1000,
      expiresAt: (Math.floor(NOW / 1000) + DEFAULT_EXPIRES_IN_SECONDS) * 1000,
    });
  });

  it('issues the vendor doc token byte for byte: same user and time under the vendor default secret', async () => {
    const token = await signAccessToken({ username: 'admin@email.com', now: SEED_IAT * 1000 });
    expect(token).toBe(SEED_TOKEN);
    const [header, , signature] = token.split('.');
    expect(base64url.decode(signature ?? '')).toHaveLength(48);
    expect(new TextDecoder().decode(base64url.decode(header ?? ''))).toBe('{"alg":"HS384"}');
  });

  it('writes sub as the vendor JwtUtils does: platform and username lower-cased, keys alphabetical', async () => {
    const token = await signAccessToken({ username: 'Admin@Email.COM', now: SEED_IAT * 1000 });
    expect(token).toBe(SEED_TOKEN);
    const payload = JSON.parse(new TextDecoder().decode(base64url.decode(token.split('.')[1] ?? '')));
    expect(payload.sub).toBe('{"platform":"bytedesk","username":"admin@email.com"}');
    const result = await verifyAccessToken(await signAccessToken({ username: 'Ünïcode.Ä@X.org', now: NOW }), {
      now: NOW,
    });
    expect(result).toMatchObject({ ok: true, username: 'ünïcode.ä@x.org', platform: 'bytedesk' });
  });

  it("signs with the vendor's default secret when none is given; such tokens pass with or without it", async () => {
    const token = await signAccessToken({ username: 'dev@example.com', now: NOW });
    expect((await verifyAccessToken(token, { now: NOW })).ok).toBe(true);
    expect((await verifyAccessToken(token, { now: NOW, secret: VENDOR_DEFAULT_JWT_SECRET })).ok).toBe(true);
    expect((await refused(token, { secret: OTHER48 })).problem).toBe('signature');
  });

  it('refuses to sign with a secret that is not Base64 of at least 32 bytes, saying why', async () => {
    await expect(signAccessToken({ username: 'a', secret: 's3cret', now: NOW })).rejects.toThrow(
      /^signAccessToken: the secret must be Base64 .*; got "s3cret", which decodes to only 4 bytes \(32 bits\): too weak/,
    );
    await expect(signAccessToken({ username: 'a', secret: 'e2e-only-secret', now: NOW })).rejects.toThrow(
      /got "e2e-only-secret", which has "-" at position 4 \(that is base64url; the vendor decodes plain Base64\)/,
    );
  });

  it('honours expiresInSeconds', async () => {
    const token = await signAccessToken({ username: 'a@b.c', now: NOW, expiresInSeconds: 10 });
    expect((await verifyAccessToken(token, { now: NOW + 9_000 })).ok).toBe(true);
    const late = await refused(token, { now: NOW + 10_000 });
    expect(late.problem).toBe('expired');
    expect(late.expiredAt).toBe(Math.floor(NOW / 1000) * 1000 + 10_000);
  });

  it('rejects programming errors when signing', async () => {
    await expect(signAccessToken({ username: '', now: NOW })).rejects.toThrow(TypeError);
    await expect(signAccessToken({ username: 'a', now: Number.NaN })).rejects.toThrow(RangeError);
  });

  it('accepts a well-formed unexpired token without checking its signature when no secret is set', async () => {
    const result = await verifyAccessToken(craft({ alg: 'HS384' }, claims()), { now: NOW });
    expect(result).toMatchObject({ ok: true, username: 'agent@example.com', platform: 'bytedesk' });
  });

  it('accepts an empty secret as "no secret configured"', async () => {
    expect((await verifyAccessToken(craft({ alg: 'HS384' }, claims()), { now: NOW, secret: '' })).ok).toBe(true);
  });

  it('tolerates surrounding whitespace and extra header fields such as typ', async () => {
    const token = craft({ alg: 'HS384', typ: 'JWT' }, claims());
    expect((await verifyAccessToken(` ${token}\n`, { now: NOW })).ok).toBe(true);
  });
});

describe('the key the vendor way: Base64-decode(secret), the algorithm by its length', () => {
  const cases: [number, HmacAlg][] = [
    [32, 'HS256'],
    [47, 'HS256'],
    [48, 'HS384'],
    [63, 'HS384'],
    [64, 'HS512'],
    [100, 'HS512'],
  ];
  it.each(cases)('a %i-byte key signs %s and verifies under the same secret', async (bytes, alg) => {
    const secret = secretOf(bytes);
    const token = await signAccessToken({ username: 'a@b.c', secret, now: NOW });
    const [header, , signature] = token.split('.');
    expect(JSON.parse(new TextDecoder().decode(base64url.decode(header ?? '')))).toEqual({ alg });
    expect(base64url.decode(signature ?? '')).toHaveLength(HMAC_BYTES[alg]);
    expect(await verifyAccessToken(token, { now: NOW, secret })).toMatchObject({ ok: true, username: 'a@b.c' });
    // Without a secret, any of the three reads (the emulator cannot know which key the server had).
    expect((await verifyAccessToken(token, { now: NOW })).ok).toBe(true);
    // The same secret's UTF-8 bytes are another key: the mistake the vendor-evidence row L9 found.
    const utf8 = await new SignJWT(claims()).setProtectedHeader({ alg }).sign(new TextEncoder().encode(secret));
    expect((await refused(utf8, { secret })).problem).toBe('signature');
  });

  it('checks a token signed by plain jose with the decoded key, as the vendor server (jjwt) signs', async () => {
    for (const bytes of [32, 48, 64]) {
      const secret = secretOf(bytes, bytes);
      const alg = bytes === 32 ? 'HS256' : bytes === 48 ? 'HS384' : 'HS512';
      const token = await new SignJWT(claims()).setProtectedHeader({ alg }).sign(keyOf(secret));
      expect((await verifyAccessToken(token, { now: NOW, secret })).ok).toBe(true);
    }
  });

  it('accepts only the algorithm the key implies, naming both', async () => {
    const hs256 = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256' }).sign(keyOf(S48));
    const result = await refused(hs256, { secret: S48 });
    expect(result.problem).toBe('unsupported');
    expect(result.message).toContain('"HS256"');
    expect(result.message).toContain('48 bytes');
    expect(result.message).toContain('implies "HS384"');
    const hs512 = await signAccessToken({ username: 'a', secret: secretOf(64), now: NOW });
    expect((await refused(hs512, { secret: S48 })).message).toContain('"HS512"');
  });

  it('checks the signature length against the header algorithm', async () => {
    const short = craft({ alg: 'HS512' }, claims(), SIG);
    expect((await refused(short)).message).toMatch(/signature is 48 bytes; an HS512 signature is 64 bytes/);
  });

  it('reports a configured secret that is not Base64 as signatures that cannot be checked', async () => {
    const token = await signAccessToken({ username: 'a', now: NOW });
    const result = await refused(token, { secret: 'not base64!' });
    expect(result.problem).toBe('signature');
    expect(result.message).toMatch(/^Signatures cannot be checked: This console's JWT secret must be Base64/);
  });
});

describe('the seed sample token', () => {
  it('is expired as of 2026, with the exact expiry date and how long ago', async () => {
    const result = await refused(SEED_TOKEN);
    expect(result.problem).toBe('expired');
    expect(result.expiredAt).toBe(SEED_EXP * 1000);
    expect(isoDate(SEED_EXP * 1000)).toBe('2025-08-16T04:00:32Z');
    expect(result.message).toContain('2025-08-16T04:00:32Z');
    expect(result.message).toContain('152 days ago');
  });

  it('was valid during its 30 days (signature unchecked without a secret)', async () => {
    const during = await verifyAccessToken(SEED_TOKEN, { now: (SEED_IAT + 3600) * 1000 });
    expect(during).toEqual({
      ok: true,
      username: 'admin@email.com',
      platform: 'bytedesk',
      issuedAt: SEED_IAT * 1000,
      expiresAt: SEED_EXP * 1000,
    });
    expect(SEED_EXP - SEED_IAT).toBe(DEFAULT_EXPIRES_IN_SECONDS);
  });

  it('expires exactly at exp (exp <= now)', async () => {
    expect((await verifyAccessToken(SEED_TOKEN, { now: SEED_EXP * 1000 - 1 })).ok).toBe(true);
    expect((await refused(SEED_TOKEN, { now: SEED_EXP * 1000 })).problem).toBe('expired');
  });

  it("is genuine but expired under the vendor's default secret (Base64-decoded: 48 bytes, HS384)", async () => {
    const result = await refused(SEED_TOKEN, { secret: VENDOR_DEFAULT_JWT_SECRET });
    expect(result.problem).toBe('expired');
    expect(result.expiredAt).toBe(SEED_EXP * 1000);
    expect(result.message).toContain('2025-08-16T04:00:32Z');
    const during = await verifyAccessToken(SEED_TOKEN, {
      now: (SEED_IAT + 60) * 1000,
      secret: VENDOR_DEFAULT_JWT_SECRET,
    });
    expect(during).toMatchObject({ ok: true, username: 'admin@email.com', platform: 'bytedesk' });
  });

  it("fails under the UTF-8 bytes of the vendor's default secret (the old derivation)", async () => {
    const key = new TextEncoder().encode(VENDOR_DEFAULT_JWT_SECRET);
    expect(key).toHaveLength(64);
    await expect(jwtVerify(SEED_TOKEN, key, { currentDate: new Date((SEED_IAT + 60) * 1000) })).rejects.toThrow(
      errors.JWSSignatureVerificationFailed,
    );
    // Used as a Base64 secret, those 64 characters are the 48-byte key that does verify.
    expect(keyOf(VENDOR_DEFAULT_JWT_SECRET)).toHaveLength(48);
  });

  it('is a forgery under another secret, and that is reported before its expiry', async () => {
    expect((await refused(SEED_TOKEN, { secret: OTHER48 })).problem).toBe('signature');
    // A 64-byte key implies HS512: the HS384 seed token is refused for its algorithm.
    expect((await refused(SEED_TOKEN, { secret: secretOf(64) })).problem).toBe('unsupported');
  });
});

describe('algorithms', () => {
  it('refuses alg none, naming it', async () => {
    const result = await refused(`${enc({ alg: 'none' })}.${enc(claims())}.`);
    expect(result.problem).toBe('unsupported');
    expect(result.message).toContain('"none"');
    expect(result.message).toContain('HS384');
  });

  it('refuses a genuine HS256 token when the secret implies HS384, reading it without a secret', async () => {
    const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256' }).sign(keyOf(S48));
    const result = await refused(token, { secret: S48 });
    expect(result.problem).toBe('unsupported');
    expect(result.message).toContain('"HS256"');
    expect((await verifyAccessToken(token, { now: NOW })).ok).toBe(true);
  });

  it('refuses algorithms other than HMAC SHA-2, naming them', async () => {
    for (const alg of ['RS256', 'ES384', 'HS1', 'PS512']) {
      const result = await refused(craft({ alg }, claims()));
      expect(result.problem).toBe('unsupported');
      expect(result.message).toContain(`"${alg}"`);
      expect(result.message).toContain('"HS256", "HS384", "HS512"');
    }
  });

  it('refuses other spellings and a missing alg', async () => {
    expect((await refused(craft({ alg: 'hs384' }, claims()))).message).toContain('"hs384"');
    expect((await refused(craft({ alg: 'RS384' }, claims()))).problem).toBe('unsupported');
    expect((await refused(craft({ alg: 384 }, claims()))).message).toContain('384');
    expect((await refused(craft({ typ: 'JWT' }, claims()))).message).toContain('no "alg"');
  });

  it('truncates a huge alg in the message', async () => {
    const result = await refused(craft({ alg: 'x'.repeat(500) }, claims()));
    expect(result.problem).toBe('unsupported');
    expect(result.message.length).toBeLessThan(200);
  });
});

describe('signatures', () => {
  it('refuses a token signed with another secret', async () => {
    const token = await signAccessToken({ username: 'a@b.c', secret: S48, now: NOW });
    const result = await refused(token, { secret: OTHER48 });
    expect(result.problem).toBe('signature');
    expect(result.message).toMatch(/signature does not match/);
  });

  it('refuses a tampered payload under a secret but not without one', async () => {
    const token = await signAccessToken({ username: 'a@b.c', secret: S48, now: NOW });
    const [h, , s] = token.split('.');
    const forged = `${h}.${enc(claims({ sub: vendorSub('root@example.com') }))}.${s}`;
    expect((await refused(forged, { secret: S48 })).problem).toBe('signature');
    expect(await verifyAccessToken(forged, { now: NOW })).toMatchObject({ ok: true, username: 'root@example.com' });
  });

  it('checks a correctly signed hand-made token', async () => {
    const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS384' }).sign(keyOf(S48));
    expect((await verifyAccessToken(token, { now: NOW, secret: S48 })).ok).toBe(true);
  });

  it('reports other verification refusals (nbf in the future) as malformed, not a crash', async () => {
    const token = await new SignJWT(claims({ nbf: Math.floor(NOW / 1000) + 100 }))
      .setProtectedHeader({ alg: 'HS384' })
      .sign(keyOf(S48));
    const result = await refused(token, { secret: S48 });
    expect(result.problem).toBe('malformed');
    expect(result.message).toContain('nbf');
  });
});

describe('malformed tokens', () => {
  const cases: [string, string, RegExp][] = [
    ['empty', '', /empty/],
    ['whitespace only', '   ', /empty/],
    ['one part', 'abc', /3 base64url parts.*got 1 part\b/],
    ['two parts', `${enc({ alg: 'HS384' })}.${enc(claims())}`, /got 2 parts/],
    ['four parts', `${craft({ alg: 'HS384' }, claims())}.x`, /got 4 parts/],
    ['bad base64 header', `e+J!.${enc(claims())}.${SIG}`, /header.*not valid base64url/],
    ['padded base64 header', `${enc({ alg: 'HS384' })}==.${enc(claims())}.${SIG}`, /header.*not valid base64url/],
    ['impossible base64 length', `${enc({ alg: 'HS384' })}.A.${SIG}`, /payload.*not valid base64url/],
    ['header not JSON', `${enc('HS384')}.${enc(claims())}.${SIG}`, /header.*not decode to JSON/],
    ['header an array', craft(['HS384'], claims()), /header must be a JSON object; got an array/],
    ['empty payload', `${enc({ alg: 'HS384' })}..${SIG}`, /payload part is empty/],
    ['payload not UTF-8', `${enc({ alg: 'HS384' })}.${base64url.encode(new Uint8Array([0xff, 0xfe]))}.${SIG}`, /UTF-8/],
    ['payload not JSON', craft({ alg: 'HS384' }, 'not json'), /payload.*not decode to JSON/],
    ['payload null', craft({ alg: 'HS384' }, null), /payload must be a JSON object; got null/],
    ['missing exp', craft({ alg: 'HS384' }, claims({ exp: undefined })), /no "exp" claim/],
    ['missing iat', craft({ alg: 'HS384' }, claims({ iat: undefined })), /no "iat" claim/],
    ['string exp', craft({ alg: 'HS384' }, claims({ exp: '1755316832' })), /"exp" claim must be a number.*got string/],
    ['missing sub', craft({ alg: 'HS384' }, claims({ sub: undefined })), /no "sub" claim/],
    ['sub an object', craft({ alg: 'HS384' }, claims({ sub: { username: 'a' } })), /"sub".*got object/],
    ['sub not JSON', craft({ alg: 'HS384' }, claims({ sub: 'admin@email.com' })), /"sub".*not JSON/],
    ['sub JSON number', craft({ alg: 'HS384' }, claims({ sub: '42' })), /"sub".*got JSON number/],
    [
      'sub without username',
      craft({ alg: 'HS384' }, claims({ sub: JSON.stringify({ platform: 'bytedesk' }) })),
      /no "username"/,
    ],
    [
      'empty username',
      craft({ alg: 'HS384' }, claims({ sub: JSON.stringify({ platform: 'bytedesk', username: ' ' }) })),
      /non-empty string "username"/,
    ],
    [
      'numeric username',
      craft({ alg: 'HS384' }, claims({ sub: JSON.stringify({ platform: 'bytedesk', username: 7 }) })),
      /"username".*got number 7/,
    ],
    [
      'sub without platform',
      craft({ alg: 'HS384' }, claims({ sub: JSON.stringify({ username: 'a' }) })),
      /no "platform"/,
    ],
    ['no signature', `${enc({ alg: 'HS384' })}.${enc(claims())}.`, /signature is 0 bytes; an HS384 signature is 48/],
    ['short signature', craft({ alg: 'HS384' }, claims(), SIG.slice(0, 40)), /signature is 30 bytes/],
    ['bad base64 signature', craft({ alg: 'HS384' }, claims(), `${SIG.slice(1)}/`), /signature part is not valid/],
  ];

  it.each(cases)('%s', async (_name, token, pattern) => {
    const result = await refused(token);
    expect(result.problem).toBe('malformed');
    expect(result.message).toMatch(pattern);
  });

  it('refuses tokens over 8 KB before decoding anything', async () => {
    const token = craft({ alg: 'HS384' }, claims({ pad: 'x'.repeat(MAX_TOKEN_BYTES) }));
    const bytes = new TextEncoder().encode(token).length;
    const result = await refused(token);
    expect(result.problem).toBe('malformed');
    expect(result.message).toContain(`token is ${bytes} bytes; at most 8192 accepted`);
  });

  it('counts bytes, not characters', async () => {
    const result = await refused('令'.repeat(3000));
    expect(result.message).toContain('token is 9000 bytes');
  });

  it('never throws, whatever arrives', async () => {
    for (const junk of [null, undefined, 42, {}, '...', '.\u0000.', 'a.b.c'] as unknown as string[]) {
      const result = await verifyAccessToken(junk, { now: NOW });
      expect(result.ok).toBe(false);
    }
  });

  it('survives absurd times', async () => {
    const result = await refused(craft({ alg: 'HS384' }, claims({ exp: -1e300 })));
    expect(result.problem).toBe('expired');
    expect(result.message).toMatch(/expired at .* ago/);
    const far = await verifyAccessToken(craft({ alg: 'HS384' }, claims({ exp: 1e300 })), { now: NOW });
    expect(far.ok).toBe(true);
  });
});

describe('message helpers', () => {
  it('formats durations roughly', () => {
    expect(duration(1000)).toBe('1 second');
    expect(duration(90_000)).toBe('1 minute');
    expect(duration(3 * 3600_000)).toBe('3 hours');
    expect(duration(3 * 86400_000)).toBe('3 days');
    expect(duration(3 * 365 * 86400_000)).toBe('3 years');
  });
  it('formats dates without zero milliseconds', () => {
    expect(isoDate(0)).toBe('1970-01-01T00:00:00Z');
    expect(isoDate(1)).toBe('1970-01-01T00:00:00.001Z');
    expect(isoDate(1e300)).toMatch(/ms since 1970/);
  });
});

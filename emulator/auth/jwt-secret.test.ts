import { describe, expect, it } from 'vitest';
import { decodeJwtSecret, hmacAlgForKeyLength, jwtSecretSetting, VENDOR_DEFAULT_JWT_SECRET } from './jwt-secret';

const ok = (secret: string) => {
  const result = decodeJwtSecret(secret);
  if (!result.ok) throw new Error(`expected a key, got: ${result.message}`);
  return result;
};
const refused = (secret: unknown, name?: string) => {
  const result = decodeJwtSecret(secret, name);
  if (result.ok) throw new Error(`expected a refusal, got a ${result.key.length}-byte key`);
  return result.message;
};

describe('decodeJwtSecret', () => {
  it("decodes the vendor's default secret to its 48-byte key, so HS384", () => {
    const { key, alg } = ok(VENDOR_DEFAULT_JWT_SECRET);
    expect(alg).toBe('HS384');
    expect(key).toEqual(new Uint8Array(Buffer.from(VENDOR_DEFAULT_JWT_SECRET, 'base64')));
    expect(key).toHaveLength(48);
  });

  it('picks the algorithm by key length as jjwt Keys.hmacShaKeyFor does (strongest the key allows)', () => {
    expect([31, 32, 47, 48, 63, 64, 200].map(hmacAlgForKeyLength)).toEqual([
      undefined,
      'HS256',
      'HS256',
      'HS384',
      'HS384',
      'HS512',
      'HS512',
    ]);
    for (const [bytes, alg] of [
      [32, 'HS256'],
      [48, 'HS384'],
      [64, 'HS512'],
    ] as const)
      expect(ok(Buffer.alloc(bytes, 1).toString('base64')).alg).toBe(alg);
  });

  it('accepts padded and unpadded Base64 alike', () => {
    const padded = Buffer.alloc(34, 5).toString('base64');
    expect(padded.endsWith('=')).toBe(true);
    expect(ok(padded).key).toEqual(ok(padded.replace(/=+$/, '')).key);
    expect(ok(padded).key).toHaveLength(34);
  });

  it('refuses what is not Base64, naming what was expected, what arrived and where it went wrong', () => {
    const message = refused('e2e-only-secret');
    expect(message).toMatch(/^The JWT secret must be Base64 \(letters, digits, \+ and \/, optionally = padded\)/);
    expect(message).toContain('at least 32 bytes');
    expect(message).toContain(VENDOR_DEFAULT_JWT_SECRET);
    expect(message).toContain('got "e2e-only-secret", which has "-" at position 4');
    expect(message).toContain('that is base64url');
    expect(refused('abcd efgh')).toContain('white space at position 5');
    expect(refused('ab=cd')).toContain('"=" before the end at position 3');
    expect(refused(`${'A'.repeat(45)}`)).toContain('45 Base64 characters cannot be whole bytes');
    expect(refused(`${'A'.repeat(46)}=`)).toContain('"=" padding does not fit its length');
    expect(refused('')).toContain('got "", which is empty');
    expect(refused(42)).toContain('got number');
  });

  it('refuses a key under 32 bytes as too weak, as the vendor server (jjwt WeakKeyException) would', () => {
    const message = refused(Buffer.alloc(31).toString('base64'));
    expect(message).toContain('decodes to only 31 bytes (248 bits): too weak');
    expect(refused('s3cret')).toContain('only 4 bytes');
  });

  it('starts the message with the name the caller gives and never shows all of a long secret', () => {
    const long = `${'x'.repeat(60)}!`;
    const message = refused(long, 'serve: --jwt-secret');
    expect(message).toMatch(/^serve: --jwt-secret must be /);
    expect(message).not.toContain(long);
    expect(message).toMatch(/\.$/);
  });
});

describe('jwtSecretSetting (the dev server reads JWT_SECRET through it)', () => {
  it('passes a usable secret through and treats unset or empty as "no secret"', () => {
    expect(jwtSecretSetting(VENDOR_DEFAULT_JWT_SECRET, 'JWT_SECRET')).toBe(VENDOR_DEFAULT_JWT_SECRET);
    expect(jwtSecretSetting(undefined, 'JWT_SECRET')).toBe('');
    expect(jwtSecretSetting('', 'JWT_SECRET')).toBe('');
  });

  it('throws at start on a secret that is not Base64, naming the setting', () => {
    expect(() => jwtSecretSetting('e2e-only-secret', 'JWT_SECRET')).toThrow(
      /^JWT_SECRET must be Base64 .*; got "e2e-only-secret", which has "-" at position 4/,
    );
  });
});

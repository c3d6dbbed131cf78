/**
 * The JWT key the way the vendor derives it (docs/protocol.md §10, vendor-evidence L9/L10): the vendor's
 * `JwtUtils.secretKey()` is `Keys.hmacShaKeyFor(Decoders.BASE64.decode(secret))` and `signWith(key)` picks the
 * algorithm from the key's length (jjwt 0.12):
 *
 * - the HMAC key is the Base64-decoded secret, not its UTF-8 bytes;
 * - 64 bytes or more → HS512, 48 to 63 → HS384, 32 to 47 → HS256 (what `hmacShaKeyFor` does for every length);
 * - under 32 bytes jjwt throws WeakKeyException, so the vendor's server would not start: refused here too.
 *
 * Pure and dependency-free (no jose, no Buffer): the CLI, the dev server's config and the page all use it.
 */

/**
 * The secret in the vendor's open-source configuration (`bytedesk.jwt.secret-key`). Base64 of 48 bytes, so
 * HS384; the vendor doc's sample token is signed with it. It is public: it proves nothing about who signed.
 */
export const VENDOR_DEFAULT_JWT_SECRET = '1dfaf8d004207b628a9a6b859c429f49a9a7ead9fd8161c1e60847aeef06dbd2';

export const HMAC_ALGS = ['HS256', 'HS384', 'HS512'] as const;
export type HmacAlg = (typeof HMAC_ALGS)[number];

/** The MAC length of each algorithm, which is also the key length that selects it. */
export const HMAC_BYTES: Record<HmacAlg, number> = { HS256: 32, HS384: 48, HS512: 64 };

/** The shortest key jjwt accepts (RFC 7518 §3.2: at least the hash output of HS256). */
const MIN_KEY_BYTES = 32;

export type JwtKey = { ok: true; key: Uint8Array; alg: HmacAlg } | { ok: false; message: string };

/** jjwt's `Keys.hmacShaKeyFor` choice, strongest first; undefined below 32 bytes. */
export function hmacAlgForKeyLength(bytes: number): HmacAlg | undefined {
  if (bytes >= HMAC_BYTES.HS512) return 'HS512';
  if (bytes >= HMAC_BYTES.HS384) return 'HS384';
  if (bytes >= HMAC_BYTES.HS256) return 'HS256';
  return undefined;
}

const BASE64_CHAR = /[A-Za-z0-9+/]/;
const EXPECTED = `Base64 (letters, digits, + and /, optionally = padded) of at least ${MIN_KEY_BYTES} bytes, like the vendor's bytedesk.jwt.secret-key (e.g. its default ${VENDOR_DEFAULT_JWT_SECRET})`;

/** A short rendering of the secret for messages: enough to recognise it, not the whole of a long one. */
const shown = (secret: string) => JSON.stringify(secret.length > 24 ? `${secret.slice(0, 21)}...` : secret);

const refuse = (name: string, secret: string, why: string): JwtKey => ({
  ok: false,
  message: `${name} must be ${EXPECTED}; got ${shown(secret)}, ${why}.`,
});

/**
 * Decodes a configured secret into the vendor's HMAC key and the algorithm it implies; a clear message
 * (what was expected, what arrived) for anything the vendor's server would not start with. `name` starts the
 * message: how the caller's user knows the setting (`serve: --jwt-secret`, `JWT_SECRET`).
 */
export function decodeJwtSecret(secret: unknown, name = 'The JWT secret'): JwtKey {
  if (typeof secret !== 'string')
    return { ok: false, message: `${name} must be a string of ${EXPECTED}; got ${typeof secret}.` };
  if (secret === '') return refuse(name, secret, 'which is empty');
  const body = secret.replace(/={1,2}$/, '');
  const padding = secret.length - body.length;
  for (let i = 0; i < body.length; i++) {
    const char = body.charAt(i);
    if (!BASE64_CHAR.test(char)) {
      const what = char === '=' ? '"=" before the end' : /\s/.test(char) ? 'white space' : JSON.stringify(char);
      const hint = char === '-' || char === '_' ? ' (that is base64url; the vendor decodes plain Base64)' : '';
      return refuse(name, secret, `which has ${what} at position ${i + 1}${hint}`);
    }
  }
  if (body.length % 4 === 1)
    return refuse(name, secret, `whose ${body.length} Base64 characters cannot be whole bytes`);
  if (padding > 0 && secret.length % 4 !== 0) return refuse(name, secret, 'whose "=" padding does not fit its length');
  const binary = atob(body.padEnd(Math.ceil(body.length / 4) * 4, '='));
  const key = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  const alg = hmacAlgForKeyLength(key.length);
  if (!alg)
    return refuse(
      name,
      secret,
      `which decodes to only ${key.length} bytes (${key.length * 8} bits): too weak for any JWT HMAC algorithm, and the vendor's server refuses it too`,
    );
  return { ok: true, key, alg };
}

/**
 * A secret from a setting (the dev server's JWT_SECRET) as-is when the vendor's server would start with it,
 * '' when unset or empty (signatures unchecked); otherwise an Error naming the setting, so start-up fails.
 */
export function jwtSecretSetting(value: string | undefined, name: string): string {
  if (!value) return '';
  const key = decodeJwtSecret(value, name);
  if (!key.ok) throw new Error(key.message);
  return value;
}

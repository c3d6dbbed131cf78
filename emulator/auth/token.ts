/**
 * The vendor's accessToken (docs/protocol.md §8, §10): a compact JWS with header exactly `{"alg":"HS…"}` and claims
 * `sub`, `iat`, `exp`, where `sub` is itself a JSON string `{"platform":"bytedesk","username":"..."}`; tokens
 * live 30 days. The key is the vendor's: Base64-decode(secret), its length choosing HS256/HS384/HS512
 * (jwt-secret.ts). Pure: no DOM, no storage, no clock of its own (callers pass `now`).
 *
 * `verifyAccessToken` never throws and never echoes the token (or any part of it) in its messages.
 * Without a configured secret the signature is not checked (the emulator cannot know the vendor's key) and any
 * of the three HMAC algorithms is read; with one, only the algorithm its key implies is accepted and the
 * signature is verified with jose.
 */
import { errors, jwtVerify, SignJWT } from 'jose';
import { duration, isoDate } from './format';
import { decodeJwtSecret, HMAC_ALGS, HMAC_BYTES, type HmacAlg, VENDOR_DEFAULT_JWT_SECRET } from './jwt-secret';

export { duration, isoDate, VENDOR_DEFAULT_JWT_SECRET };

/** Tokens larger than this are refused before any decoding (they cannot be a vendor token). */
export const MAX_TOKEN_BYTES = 8192;
/** The vendor's token lifetime: 30 days. */
export const DEFAULT_EXPIRES_IN_SECONDS = 30 * 24 * 3600;
/** The platform the vendor's agent console logs in to (JwtSubject's second field). */
export const PLATFORM = 'bytedesk';

export type TokenProblem = 'malformed' | 'expired' | 'signature' | 'unsupported';

export type TokenResult =
  | { ok: true; username: string; platform: string; expiresAt: number; issuedAt: number }
  | { ok: false; problem: TokenProblem; message: string; expiredAt?: number };

export interface VerifyOptions {
  /** The current time in milliseconds since the epoch. */
  now: number;
  /** The vendor's JWT secret (Base64, decoded to the key). Absent or empty: the signature is not checked. */
  secret?: string;
}

const isHmacAlg = (alg: unknown): alg is HmacAlg => (HMAC_ALGS as readonly unknown[]).includes(alg);
const BASE64URL = /^[A-Za-z0-9_-]*$/;

type Failure = Extract<TokenResult, { ok: false }>;
const fail = (problem: TokenProblem, message: string): Failure => ({ ok: false, problem, message });

/** A short, quoted rendering of an untrusted value for messages (never the token itself). */
const show = (value: unknown): string => {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

const typeOf = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Strict base64url (no padding, no `+`/`/`) to UTF-8 text; undefined when it is not. */
function decodePart(part: string): Uint8Array | undefined {
  if (!BASE64URL.test(part) || part.length % 4 === 1) return undefined;
  try {
    const binary = atob(
      part
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .padEnd(Math.ceil(part.length / 4) * 4, '='),
    );
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

type Parsed = { ok: true; value: unknown } | { ok: false; why: string };

/** Decodes one JSON part of the token, saying what was wrong in words. */
function parsePart(part: string, name: string): Parsed {
  if (part === '') return { ok: false, why: `the ${name} part is empty` };
  const bytes = decodePart(part);
  if (!bytes) return { ok: false, why: `the ${name} part is not valid base64url (letters, digits, - and _ only)` };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, why: `the ${name} part does not decode to UTF-8 text` };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, why: `the ${name} part does not decode to JSON` };
  }
}

export async function verifyAccessToken(token: string, options: VerifyOptions): Promise<TokenResult> {
  try {
    return await verify(token, options);
  } catch (error) {
    // Defensive only: every expected failure is handled in `verify`.
    return fail('malformed', `The token could not be read (${error instanceof Error ? error.name : 'error'}).`);
  }
}

async function verify(token: string, { now, secret }: VerifyOptions): Promise<TokenResult> {
  if (typeof token !== 'string') return fail('malformed', `Expected the token as a string; got ${typeOf(token)}.`);
  const bytes = new TextEncoder().encode(token).length;
  if (bytes > MAX_TOKEN_BYTES)
    return fail('malformed', `The token is too large: token is ${bytes} bytes; at most ${MAX_TOKEN_BYTES} accepted.`);
  const compact = token.trim();
  if (compact === '') return fail('malformed', 'The token is empty; expected a JWT (header.payload.signature).');

  const parts = compact.split('.');
  if (parts.length !== 3)
    return fail(
      'malformed',
      `Expected a JWT of 3 base64url parts separated by dots (header.payload.signature); got ${parts.length} part${parts.length === 1 ? '' : 's'}.`,
    );
  const [headerPart = '', payloadPart = '', signaturePart = ''] = parts;

  // With a secret, its key decides the one algorithm the vendor's server would have signed with.
  let key: { key: Uint8Array; alg: HmacAlg } | undefined;
  if (secret) {
    const decoded = decodeJwtSecret(secret, "This console's JWT secret");
    if (!decoded.ok) return fail('signature', `Signatures cannot be checked: ${decoded.message}`);
    key = decoded;
  }

  // Header: an HMAC algorithm, and with a key exactly the key's.
  const header = parsePart(headerPart, 'header');
  if (!header.ok) return fail('malformed', `The token header could not be read: ${header.why}.`);
  if (!isRecord(header.value))
    return fail('malformed', `The token header must be a JSON object; got ${typeOf(header.value)}.`);
  const alg = header.value.alg;
  const accepted = key ? show(key.alg) : HMAC_ALGS.map((a) => show(a)).join(', ');
  if (alg === undefined) return fail('unsupported', `The token header has no "alg"; expected ${accepted}.`);
  if (!isHmacAlg(alg))
    return fail(
      'unsupported',
      `The token is signed with algorithm ${show(alg)}; only ${accepted} (HMAC) ${key ? 'is' : 'are'} accepted${
        typeof alg === 'string' && alg.toLowerCase() === 'none' ? ' (unsigned tokens are refused)' : ''
      }.`,
    );
  if (key && alg !== key.alg)
    return fail(
      'unsupported',
      `The token is signed with algorithm ${show(alg)}; this console's key (its JWT secret Base64-decoded, ${key.key.length} bytes) implies ${show(key.alg)}, the algorithm the vendor's server signs with under that key.`,
    );

  // Payload: numeric iat/exp and a JSON `sub` naming the platform and user.
  const payload = parsePart(payloadPart, 'payload');
  if (!payload.ok) return fail('malformed', `The token payload could not be read: ${payload.why}.`);
  const claims = payload.value;
  if (!isRecord(claims)) return fail('malformed', `The token payload must be a JSON object; got ${typeOf(claims)}.`);
  for (const name of ['exp', 'iat'] as const) {
    const value = claims[name];
    if (value === undefined)
      return fail('malformed', `The token payload has no "${name}" claim; expected a number of seconds since 1970.`);
    if (typeof value !== 'number' || !Number.isFinite(value))
      return fail(
        'malformed',
        `The token's "${name}" claim must be a number of seconds since 1970; got ${typeOf(value)} ${show(value)}.`,
      );
  }
  const exp = claims.exp as number;
  const iat = claims.iat as number;
  const sub = claims.sub;
  const subShape = 'a JSON string like {"platform":"bytedesk","username":"..."}';
  if (sub === undefined) return fail('malformed', `The token payload has no "sub" claim; expected ${subShape}.`);
  if (typeof sub !== 'string')
    return fail('malformed', `The token's "sub" claim must be ${subShape}; got ${typeOf(sub)}.`);
  let subject: unknown;
  try {
    subject = JSON.parse(sub);
  } catch {
    return fail('malformed', `The token's "sub" claim must be ${subShape}; got a string that is not JSON.`);
  }
  if (!isRecord(subject))
    return fail('malformed', `The token's "sub" claim must be ${subShape}; got JSON ${typeOf(subject)}.`);
  const { username, platform } = subject;
  if (typeof username !== 'string' || username.trim() === '')
    return fail(
      'malformed',
      username === undefined
        ? `The token's "sub" has no "username"; expected ${subShape}.`
        : `The token's "sub" must have a non-empty string "username"; got ${typeOf(username)} ${show(username)}.`,
    );
  if (typeof platform !== 'string')
    return fail(
      'malformed',
      platform === undefined
        ? `The token's "sub" has no "platform"; expected ${subShape}.`
        : `The token's "sub" must have a string "platform"; got ${typeOf(platform)} ${show(platform)}.`,
    );

  // Signature part: present and the length of its algorithm's MAC, even when it is not checked.
  const signature = decodePart(signaturePart);
  if (!signature)
    return fail('malformed', 'The token signature part is not valid base64url (letters, digits, - and _ only).');
  if (signature.length !== HMAC_BYTES[alg])
    return fail(
      'malformed',
      `The token signature is ${signature.length} bytes; an ${alg} signature is ${HMAC_BYTES[alg]} bytes (was the token cut short?).`,
    );

  // With a secret, the signature first: an expired forgery is reported as a forgery.
  if (key) {
    try {
      await jwtVerify(compact, key.key, {
        algorithms: [key.alg],
        currentDate: new Date(now),
      });
    } catch (error) {
      if (error instanceof errors.JWSSignatureVerificationFailed)
        return fail(
          'signature',
          'The token signature does not match: it was not signed with the secret this console is configured with.',
        );
      // Expiry is reported below, with the date, once the signature is known to be right.
      if (!(error instanceof errors.JWTExpired)) {
        const reason = error instanceof Error ? error.message : String(error);
        return fail('malformed', `The token was refused during verification: ${reason}.`);
      }
    }
  }

  const expiresAt = exp * 1000;
  const issuedAt = iat * 1000;
  if (expiresAt <= now)
    return {
      ok: false,
      problem: 'expired',
      expiredAt: expiresAt,
      message: `The token expired at ${isoDate(expiresAt)}, ${duration(now - expiresAt)} ago; a fresh token is needed (tokens live 30 days).`,
    };

  return { ok: true, username, platform, expiresAt, issuedAt };
}

export interface SignOptions {
  username: string;
  /** The vendor's JWT secret (Base64); the vendor's open-source default when absent or empty. */
  secret?: string;
  /** Issue time in milliseconds since the epoch. */
  now: number;
  /** Lifetime; 30 days by default, like the vendor's. */
  expiresInSeconds?: number;
}

/**
 * A token as the vendor's `JwtUtils.generateJwtToken` issues it: header exactly `{"alg":"HS…"}` (the key's
 * algorithm), payload `{"sub":"{\"platform\":\"bytedesk\",\"username\":...}","iat":...,"exp":...}` in that
 * order, times in whole seconds, username and platform lower-cased (the vendor's `JwtSubject`), sub's keys in
 * fastjson2's alphabetical order. With the vendor's default secret it is the token the vendor's default server
 * would issue, byte for byte.
 * Throws a TypeError/RangeError on a programming error (empty username, a secret that is not Base64 of at least
 * 32 bytes, non-finite times).
 */
export async function signAccessToken({
  username,
  secret,
  now,
  expiresInSeconds = DEFAULT_EXPIRES_IN_SECONDS,
}: SignOptions): Promise<string> {
  if (typeof username !== 'string' || username.trim() === '')
    throw new TypeError('signAccessToken: username must be a non-empty string');
  if (!Number.isFinite(now)) throw new RangeError('signAccessToken: now must be a finite number of milliseconds');
  if (!Number.isFinite(expiresInSeconds))
    throw new RangeError('signAccessToken: expiresInSeconds must be a finite number');
  const key = decodeJwtSecret(secret || VENDOR_DEFAULT_JWT_SECRET, 'signAccessToken: the secret');
  if (!key.ok) throw new TypeError(key.message);
  const iat = Math.floor(now / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: key.alg })
    .setSubject(JSON.stringify({ platform: PLATFORM.toLowerCase(), username: username.toLowerCase() }))
    .setIssuedAt(iat)
    .setExpirationTime(iat + Math.floor(expiresInSeconds))
    .sign(key.key);
}

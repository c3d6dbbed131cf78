/**
 * Flags of `agent-console-emulator serve` and `token`: the help texts, and parsing that turns every mistake into
 * a UsageError naming the flag, what it expects and what arrived (the CLI exits 2 on it).
 * Built on node:util parseArgs tokens (non-strict), so the messages are ours rather than Node's.
 */
import { parseArgs } from 'node:util';
import { SCENARIOS, type ScenarioName, SEED_EXPECTED, SERVER_CALLS, type ServerCall, seedOf } from '../common/config';
import { decodeJwtSecret, VENDOR_DEFAULT_JWT_SECRET } from '../emulator/auth/jwt-secret';
import { PAYLOAD_FAMILIES, type PayloadFamily } from '../protocol/names';

export const BIN = 'agent-console-emulator';

/** Bad command-line input: the message is for the user, the exit code is 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const MAIN_HELP = `Usage: ${BIN} <command> [flags]

A local stand-in for the Bytedesk (微语) agent console (客服端) that host pages embed in an <iframe>.

Commands:
  serve   serve the emulated console at the vendor paths (/agent/chat, /desktop, ...)
  token   print a vendor-shaped accessToken (JWT) that serve accepts

Flags:
  -h, --help      this help; \`${BIN} <command> --help\` for a command's flags
  -v, --version   the version
`;

export const SERVE_HELP = `Usage: ${BIN} serve [flags]

Serves the built emulator at /agent/chat, /agent/auth/login, any other /agent/... path, /desktop and /.
The flags set defaults for every page; the page URL's own parameters (?seed=, ?scenario=, ?latency=, ?fail=,
?lang=, ?postOrigin=, ?bootDelay=, ?payload=) override them, but ?allowOrigin= can only narrow a pinned --allow-origin list.

Flags:
  --port N               port to listen on, 0 to 65535 (0 picks a free one); default 5174
  --host HOST            address to listen on; default 127.0.0.1
  --allow-origin ORIGIN  pin an origin allowed to frame and command the console; repeat the flag or give a
                         comma list. Pages then carry Content-Security-Policy: frame-ancestors ORIGIN...
                         Default: only loopback pages (localhost, 127.0.0.1, [::1], *.localhost, any port)
  --seed N               world seed, an integer from 0 to 4294967295; default 1
  --scenario NAME        ${SCENARIOS.join(', ')}; default demo
  --latency MS           delay of every simulated server call, 0 to 999999 ms; default 0
  --boot-delay MS        the console is ready this long after its page starts, 0 to 600000 ms; commands
                         that arrive earlier are logged early and not applied, like the real console's
                         (see ?bootDelay=); default 0
  --fail LIST            server calls that fail on purpose, a comma list of
                         ${SERVER_CALLS.join(', ')}; default none
  --lang LANG            zh or en; default zh
  --payload FAMILY       thread objects in events: vendor (full from the list, thin from live messages),
                         minimal (only what the vendor's doc promises) or full; default vendor
  --jwt-secret SECRET    the vendor's bytedesk.jwt.secret-key: Base64 of at least 32 bytes. As the vendor does,
                         the key is the decoded bytes and its length picks the algorithm (32 bytes HS256,
                         48 HS384, 64 HS512); ?accessToken= tokens must be signed with it. The vendor's
                         default is ${VENDOR_DEFAULT_JWT_SECRET}.
                         Default: signatures are not checked
  --post-origin ORIGIN   where events are posted: an http(s) origin, or * for any; default: the framing page
  --allowed-host NAME    accept requests for this Host name too (repeatable; .example.com takes subdomains).
                         Default: loopback names and --host only, so DNS rebinding cannot reach the server
  --control-token TOKEN  require Authorization: Bearer TOKEN on every control API call (CI's side)
  -h, --help             this help

Example:
  ${BIN} serve --port 5174 --allow-origin http://localhost:3000 --seed 7 --scenario busy-queue
`;

export const TOKEN_HELP = `Usage: ${BIN} token --username NAME [flags]

Prints an accessToken on stdout as the vendor's server issues it: a JWT whose sub is
{"platform":"bytedesk","username":NAME} with NAME lower-cased, signed with the Base64-decoded secret under the
algorithm its length picks (HS384 for the vendor's default secret). Open the console with ?accessToken=<token>
to log in as NAME.

Flags:
  --username NAME        who the token logs in, e.g. alice@example.com (required)
  --expires-in TIME      lifetime: 30d, 12h, 90m, 3600s, or plain seconds; default 30d
  --jwt-secret SECRET    the vendor's bytedesk.jwt.secret-key (Base64 of at least 32 bytes); give serve the
                         same --jwt-secret. Default: the vendor's open-source default secret
                         ${VENDOR_DEFAULT_JWT_SECRET}
  -h, --help             this help

Example:
  SECRET=$(openssl rand -base64 48)
  ${BIN} serve --jwt-secret "$SECRET" &
  TOKEN=$(${BIN} token --username alice@example.com --jwt-secret "$SECRET")
  open "http://127.0.0.1:5174/agent/chat?accessToken=$TOKEN"
`;

type FlagSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;
type RawFlags = Map<string, string[]>;

const show = (value: string) => JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);

/**
 * Reads `argv` against `spec`. Returns the values per flag (booleans as ['true']); throws a UsageError for an
 * unknown flag, a missing value, a value on a boolean flag, a repeated single flag, or a stray argument.
 */
function readFlags(command: string, argv: string[], spec: FlagSpec): RawFlags {
  const usage = (message: string) =>
    new UsageError(`${command}: ${message}\nSee \`${BIN} ${command} --help\` for the flags.`);
  const known = Object.keys(spec)
    .map((name) => `--${name}`)
    .join(', ');
  const { tokens } = parseArgs({ args: argv, options: spec, strict: false, allowPositionals: true, tokens: true });
  const flags: RawFlags = new Map();
  for (const token of tokens) {
    if (token.kind === 'positional') throw usage(`unexpected argument ${show(token.value)}; expected only flags.`);
    if (token.kind === 'option-terminator') throw usage('unexpected "--"; expected only flags.');
    const definition = spec[token.name];
    if (!definition) throw usage(`unknown flag ${token.rawName}; expected one of ${known}.`);
    const flag = `--${token.name}`;
    let value: string;
    if (definition.type === 'boolean') {
      if (token.value !== undefined) throw usage(`${flag} takes no value; got ${show(token.value)}.`);
      value = 'true';
    } else {
      if (token.value === undefined) throw usage(`${flag} needs a value, e.g. ${flag}=VALUE.`);
      // parseArgs takes the next argument whatever it is: `--port --seed 3` would make "--seed" the port.
      if (!token.inlineValue && token.value.startsWith('--'))
        throw usage(`${flag} needs a value; got the flag ${token.value} instead (write ${flag}=VALUE if you mean it).`);
      value = token.value;
    }
    const previous = flags.get(token.name);
    if (previous && !definition.multiple)
      throw usage(`${flag} was given twice (${show(previous[0] ?? '')} and ${show(value)}); give it once.`);
    flags.set(token.name, [...(previous ?? []), value]);
  }
  return flags;
}

/** Helpers that validate one flag's text and throw a UsageError naming the flag, the expectation and the value. */
function validator(command: string) {
  const invalid = (flag: string, expected: string, got: string) =>
    new UsageError(`${command}: --${flag} must be ${expected}; got ${show(got)}.\nSee \`${BIN} ${command} --help\`.`);
  const integer = (flag: string, text: string, max: number, expected: string) => {
    if (!/^\d{1,10}$/.test(text) || Number(text) > max) throw invalid(flag, expected, text);
    return Number(text);
  };
  const origin = (flag: string, text: string, expected: string): string => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw invalid(flag, expected, text);
    }
    const bare = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
    if (!/^https?:$/.test(url.protocol) || !bare || /[/?#]./.test(text.replace(/^https?:\/\/[^/]*/i, '')))
      throw invalid(flag, expected, text);
    return url.origin;
  };
  const oneOf = <T extends string>(flag: string, text: string, choices: readonly T[]): T => {
    if (!(choices as readonly string[]).includes(text)) throw invalid(flag, `one of ${choices.join(', ')}`, text);
    return text as T;
  };
  return { invalid, integer, origin, oneOf };
}

/** A --jwt-secret the vendor's server would start with (Base64 of at least 32 bytes), or a UsageError saying why. */
function jwtSecret(command: string, secret: string): string {
  const key = decodeJwtSecret(secret, `${command}: --jwt-secret`);
  if (!key.ok) throw new UsageError(`${key.message}\nSee \`${BIN} ${command} --help\`.`);
  return secret;
}

const commaItems = (values: string[] | undefined) => (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim());

export interface ServeFlags {
  help: boolean;
  port: number;
  host: string;
  allowOrigin: string[];
  seed?: number;
  scenario?: ScenarioName;
  latency?: number;
  bootDelay?: number;
  fail?: ServerCall[];
  lang?: 'zh' | 'en';
  payload?: PayloadFamily;
  jwtSecret?: string;
  postOrigin?: string;
  allowedHosts?: string[];
  controlToken?: string;
}

const SERVE_SPEC: FlagSpec = {
  port: { type: 'string' },
  host: { type: 'string' },
  'allow-origin': { type: 'string', multiple: true },
  seed: { type: 'string' },
  scenario: { type: 'string' },
  latency: { type: 'string' },
  'boot-delay': { type: 'string' },
  fail: { type: 'string', multiple: true },
  lang: { type: 'string' },
  payload: { type: 'string' },
  'jwt-secret': { type: 'string' },
  'post-origin': { type: 'string' },
  'allowed-host': { type: 'string', multiple: true },
  'control-token': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

const ORIGIN = 'an http(s) origin like http://localhost:3000 (scheme, host and port; no path)';

const wantsHelp = (argv: string[]) => argv.some((arg) => arg === '--help' || arg === '-h');

export function parseServeFlags(argv: string[]): ServeFlags {
  if (wantsHelp(argv)) return { help: true, port: 5174, host: '127.0.0.1', allowOrigin: [] };
  const flags = readFlags('serve', argv, SERVE_SPEC);
  const { invalid, integer, origin, oneOf } = validator('serve');
  const one = (name: string) => flags.get(name)?.[0];
  const result: ServeFlags = { help: false, port: 5174, host: '127.0.0.1', allowOrigin: [] };

  const port = one('port');
  if (port !== undefined) result.port = integer('port', port, 65535, 'an integer from 0 to 65535');
  const host = one('host');
  if (host !== undefined) {
    if (!/^(\[[0-9a-fA-F:.]+\]|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*|[A-Za-z0-9.-]+)$/.test(host))
      throw invalid('host', 'a host name or IP address like 127.0.0.1, localhost, 0.0.0.0 or ::1', host);
    result.host = host.replace(/^\[(.*)\]$/, '$1');
  }
  for (const item of commaItems(flags.get('allow-origin'))) {
    const expected = item === '*' ? `${ORIGIN}; * is accepted only by --post-origin` : ORIGIN;
    const normalised = origin('allow-origin', item, expected);
    if (!result.allowOrigin.includes(normalised)) result.allowOrigin.push(normalised);
  }
  const seed = one('seed');
  if (seed !== undefined) {
    const value = seedOf(seed);
    if (value === undefined) throw invalid('seed', SEED_EXPECTED, seed);
    result.seed = value;
  }
  const scenario = one('scenario');
  if (scenario !== undefined) result.scenario = oneOf('scenario', scenario, SCENARIOS);
  const latency = one('latency');
  if (latency !== undefined)
    result.latency = integer('latency', latency, 999999, 'milliseconds, an integer from 0 to 999999');
  const bootDelay = one('boot-delay');
  if (bootDelay !== undefined)
    result.bootDelay = integer('boot-delay', bootDelay, 600000, 'milliseconds, an integer from 0 to 600000');
  if (flags.has('fail')) {
    const fail: ServerCall[] = [];
    for (const item of commaItems(flags.get('fail')).filter(Boolean)) {
      if (!(SERVER_CALLS as readonly string[]).includes(item))
        throw invalid('fail', `a comma list of ${SERVER_CALLS.join(', ')}`, item);
      if (!fail.includes(item as ServerCall)) fail.push(item as ServerCall);
    }
    result.fail = fail;
  }
  const lang = one('lang');
  if (lang !== undefined) result.lang = oneOf('lang', lang, ['zh', 'en'] as const);
  const payload = one('payload');
  if (payload !== undefined) result.payload = oneOf('payload', payload, PAYLOAD_FAMILIES);
  const secret = one('jwt-secret');
  if (secret !== undefined) result.jwtSecret = jwtSecret('serve', secret);
  const post = one('post-origin');
  if (post !== undefined) result.postOrigin = post === '*' ? '*' : origin('post-origin', post, `${ORIGIN}, or *`);
  for (const item of commaItems(flags.get('allowed-host'))) {
    if (!/^\.?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$|^\[[0-9a-fA-F:.]+\]$/.test(item))
      throw invalid('allowed-host', 'a host name without port, like ci.internal, .example.com or [fd00::1]', item);
    result.allowedHosts = [...(result.allowedHosts ?? []), item.toLowerCase()];
  }
  const token = one('control-token');
  if (token !== undefined) {
    if (token.length < 8) throw invalid('control-token', 'a token of at least 8 characters', token);
    result.controlToken = token;
  }
  return result;
}

export interface TokenFlags {
  help: boolean;
  username: string;
  expiresInSeconds: number;
  jwtSecret?: string;
}

const TOKEN_SPEC: FlagSpec = {
  username: { type: 'string' },
  'expires-in': { type: 'string' },
  'jwt-secret': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};

const UNIT_SECONDS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };
/** Long enough for any test; short enough that the expiry stays a sane date. */
export const MAX_EXPIRES_IN_SECONDS = 36500 * 86400;
const MAX_USERNAME = 256;

/** `30d`, `12h`, `90m`, `3600s` or `3600` → seconds; undefined for anything else, zero included. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d{1,12})([smhd]?)$/.exec(text);
  if (!match) return undefined;
  const seconds = Number(match[1]) * (UNIT_SECONDS[match[2] ?? ''] ?? 1);
  return seconds > 0 && seconds <= MAX_EXPIRES_IN_SECONDS ? seconds : undefined;
}

export function parseTokenFlags(argv: string[]): TokenFlags {
  if (wantsHelp(argv)) return { help: true, username: '', expiresInSeconds: 30 * 86400 };
  const flags = readFlags('token', argv, TOKEN_SPEC);
  const { invalid } = validator('token');
  const username = flags.get('username')?.[0];
  if (username === undefined)
    throw new UsageError(
      `token: --username is required, e.g. --username alice@example.com.\nSee \`${BIN} token --help\`.`,
    );
  if (username.trim() === '' || username.length > MAX_USERNAME)
    throw invalid('username', `a non-empty name of at most ${MAX_USERNAME} characters`, username);
  const result: TokenFlags = { help: false, username, expiresInSeconds: 30 * 86400 };
  const expiresIn = flags.get('expires-in')?.[0];
  if (expiresIn !== undefined) {
    const seconds = parseDuration(expiresIn);
    if (seconds === undefined)
      throw invalid(
        'expires-in',
        'a positive duration like 30d, 12h, 90m, 3600s or 3600 (seconds), at most 36500d',
        expiresIn,
      );
    result.expiresInSeconds = seconds;
  }
  const secret = flags.get('jwt-secret')?.[0];
  if (secret !== undefined) result.jwtSecret = jwtSecret('token', secret);
  return result;
}

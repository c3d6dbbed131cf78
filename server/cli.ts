import { decodeJwtSecret, VENDOR_DEFAULT_JWT_SECRET } from '../emulator/auth/jwt-secret';
import { signAccessToken } from '../emulator/auth/token';
import { version } from '../package.json';
import {
  BIN,
  MAIN_HELP,
  parseServeFlags,
  parseTokenFlags,
  SERVE_HELP,
  type ServeFlags,
  TOKEN_HELP,
  UsageError,
} from './cli-options';
import { createControlHandler } from './control-server';
import { isMain } from './is-main';
import { createEmulatorServer, type ExtraHandler, isLoopbackHost, ServeError } from './serve';

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export interface CliOptions {
  /** Aborting it stops `serve` (the process wires Ctrl-C to it). */
  stop?: AbortSignal;
  /** Mounted under /__emulator/; by default the HTTP control API (server/control-server.ts); false for none. */
  control?: { handle: ExtraHandler; close(): void | Promise<void> } | false;
  /** The build to serve; by default found next to the CLI. */
  root?: string;
}

function describeServe(flags: ServeFlags): string[] {
  const defaults = [
    `seed ${flags.seed ?? 1}`,
    `scenario ${flags.scenario ?? 'demo'}`,
    `latency ${flags.latency ?? 0} ms`,
    ...(flags.bootDelay ? [`boot delay ${flags.bootDelay} ms`] : []),
    `failing ${flags.fail?.length ? flags.fail.join(',') : 'nothing'}`,
    `lang ${flags.lang ?? 'zh'}`,
    `payload ${flags.payload ?? 'vendor'}`,
  ];
  return [
    `  defaults: ${defaults.join(' · ')} (page URL parameters override them)`,
    flags.allowOrigin.length
      ? `  framing and commands only from: ${flags.allowOrigin.join(', ')}`
      : '  framing and commands only from loopback pages (localhost, 127.0.0.1, [::1], *.localhost); pin with --allow-origin',
    `  hosts accepted: loopback names, ${flags.host}${flags.allowedHosts?.length ? `, ${flags.allowedHosts.join(', ')}` : ''}`,
    `  control API calls: ${flags.controlToken ? 'need Authorization: Bearer <--control-token>' : 'open to this machine (no --control-token)'}`,
    `  events posted to: ${flags.postOrigin ?? 'the framing page'}`,
    `  accessToken: ${describeSecret(flags.jwtSecret)}`,
  ];
}

/** Which key checks tokens, without printing a configured secret (the vendor's public default is named). */
function describeSecret(secret: string | undefined): string {
  if (!secret) return 'signatures not checked (no --jwt-secret)';
  const key = decodeJwtSecret(secret);
  if (!key.ok) return key.message; // parseServeFlags refuses these; kept honest for programmatic callers
  const which = secret === VENDOR_DEFAULT_JWT_SECRET ? "the vendor's default secret" : '--jwt-secret';
  return `${key.alg} signatures checked with ${which} (Base64-decoded, ${key.key.length}-byte key, as the vendor does)`;
}

async function serve(flags: ServeFlags, io: Io, options: CliOptions): Promise<number> {
  const control =
    options.control === false
      ? undefined
      : (options.control ?? createControlHandler({ allowOrigin: flags.allowOrigin, token: flags.controlToken }));
  let server: Awaited<ReturnType<typeof createEmulatorServer>>;
  try {
    server = await createEmulatorServer({
      root: options.root,
      port: flags.port,
      host: flags.host,
      allowOrigin: flags.allowOrigin.length > 0 ? flags.allowOrigin : undefined,
      seed: flags.seed,
      scenario: flags.scenario,
      latency: flags.latency,
      bootDelay: flags.bootDelay,
      fail: flags.fail,
      lang: flags.lang,
      payload: flags.payload,
      postOrigin: flags.postOrigin,
      jwtSecret: flags.jwtSecret,
      allowedHosts: flags.allowedHosts,
      extraHandler: control && ((req, res) => control.handle(req, res)),
    });
  } catch (error) {
    await control?.close();
    if (error instanceof ServeError) {
      io.err(`${BIN} serve: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  if (!isLoopbackHost(flags.host)) {
    io.err(
      `\n  WARNING: serve listens on ${flags.host}, not a loopback address: the page and the control API under ` +
        `/__emulator/ are reachable from the network.${flags.controlToken ? '' : ' Consider --control-token.'} ` +
        'Requests must still name an allowed Host (--allowed-host).\n\n',
    );
  }
  // performance.now() counts from process start: the time a user waits after typing the command.
  io.out(`${BIN} ${version} ready in ${Math.round(performance.now())} ms: ${server.url}\n`);
  io.out(
    `${[
      ...describeServe(flags),
      `  also at ${server.origin}/desktop, /agent/auth/login and any /agent/... path`,
      control ? `  control API: ${server.origin}/__emulator/` : '  control API: not mounted',
      '  Ctrl-C to stop.',
    ].join('\n')}\n`,
  );
  const { stop } = options;
  if (stop && !stop.aborted) await new Promise((done) => stop.addEventListener('abort', done, { once: true }));
  await Promise.all([server.close(), control?.close()]);
  return 0;
}

async function token(argv: string[], io: Io): Promise<number> {
  const flags = parseTokenFlags(argv);
  if (flags.help) {
    io.out(TOKEN_HELP);
    return 0;
  }
  const jwt = await signAccessToken({
    username: flags.username,
    secret: flags.jwtSecret,
    now: Date.now(),
    expiresInSeconds: flags.expiresInSeconds,
  });
  // stdout carries the token alone, so `$(... token ...)` captures exactly it.
  io.out(`${jwt}\n`);
  if (!flags.jwtSecret)
    io.err(
      "note: signed with the vendor's public default secret; a serve without --jwt-secret accepts it (it checks no " +
        `signatures), and so does a serve (or a vendor server) whose secret is that default, ${VENDOR_DEFAULT_JWT_SECRET}.\n`,
    );
  return 0;
}

export async function cli(argv: string[], io: Io, options: CliOptions = {}): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'serve': {
        const flags = parseServeFlags(rest);
        if (flags.help) {
          io.out(SERVE_HELP);
          return 0;
        }
        return await serve(flags, io, options);
      }
      case 'token':
        return await token(rest, io);
      case '-h':
      case '--help':
      case 'help':
        io.out(rest[0] === 'serve' ? SERVE_HELP : rest[0] === 'token' ? TOKEN_HELP : MAIN_HELP);
        return 0;
      case '-v':
      case '--version':
        io.out(`${version}\n`);
        return 0;
      case undefined:
        io.err(`${BIN}: missing command; expected serve or token.\n\n${MAIN_HELP}`);
        return 2;
      default:
        io.err(
          `${BIN}: unknown command ${JSON.stringify(command)}; expected serve or token.\nSee \`${BIN} --help\`.\n`,
        );
        return 2;
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${BIN} ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

async function main(): Promise<void> {
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    // A second Ctrl-C does not wait for connections to drain.
    if (stop.signal.aborted) process.exit(130);
    process.stderr.write(`\n${signal}: stopping…\n`);
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    process.exitCode = await cli(process.argv.slice(2), processIo, { stop: stop.signal });
  } catch (error) {
    process.stderr.write(`${BIN}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  }
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}

if (isMain(import.meta.url)) void main();

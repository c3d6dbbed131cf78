import { fileURLToPath } from 'node:url';
import { createServer, type ViteDevServer } from 'vite';
import { isMain } from '../server/is-main';
import { cjkFontAdvice, listChineseFonts } from './cjk-fonts';

const configFile = fileURLToPath(new URL('../vite.config.ts', import.meta.url));
// Vite 8 nags on every start that extensionless imports in the config's graph will not suit a future native
// config loader; this project loads its config the current way, so the warning is noise in two servers' output.
process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING ??= 'true';

type AppName = 'host-demo' | 'emulator';

const apps: Record<AppName, { label: string; envVar: string; host: string }> = {
  'host-demo': { label: 'host demo', envVar: 'HOST_DEMO_PORT', host: 'localhost' },
  emulator: { label: 'emulator', envVar: 'EMULATOR_PORT', host: '127.0.0.1' },
};

export interface StartOptions {
  /** Default: env HOST_DEMO_PORT, else 5173. */
  hostDemoPort?: number;
  /** Default: env EMULATOR_PORT, else 5174. */
  emulatorPort?: number;
  /** Only warnings and errors from Vite (for tests and tools). */
  quiet?: boolean;
}

export interface Servers {
  urls: {
    /** The sandbox page, e.g. http://localhost:5173/ */
    hostDemo: string;
    /** The emulated console page, e.g. http://127.0.0.1:5174/agent/chat */
    emulator: string;
  };
  close(): Promise<void>;
}

/** A port that is taken; the message names the port and the env var to change. */
export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly envVar: string,
    label: string,
  ) {
    super(
      `Port ${port} (${label}) is already in use. Stop whatever is using it, or pick another port: ` +
        `${envVar}=<port> npm start`,
    );
    this.name = 'PortInUseError';
  }
}

function portFromEnv(envVar: string, fallback: number): number {
  const raw = process.env[envVar];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${envVar}=${raw} is not a valid port (expected an integer between 1 and 65535).`);
  }
  return port;
}

async function startOne(name: AppName, port: number, quiet: boolean): Promise<ViteDevServer> {
  const server = await createServer({
    configFile,
    mode: name,
    // Two servers share one terminal: never clear it.
    clearScreen: false,
    logLevel: quiet ? 'warn' : 'info',
    // vite.config.ts reads the ports from the environment too; the inline value wins either way.
    server: { port, strictPort: true },
  });
  try {
    await server.listen();
  } catch (error) {
    await server.close().catch(() => {});
    if (error instanceof Error && /already in use/.test(error.message)) {
      const { envVar, label } = apps[name];
      throw new PortInUseError(port, envVar, label);
    }
    throw error;
  }
  return server;
}

export async function startServers(options: StartOptions = {}): Promise<Servers> {
  const hostDemoPort = options.hostDemoPort ?? portFromEnv('HOST_DEMO_PORT', 5173);
  const emulatorPort = options.emulatorPort ?? portFromEnv('EMULATOR_PORT', 5174);
  const quiet = options.quiet ?? false;
  if (hostDemoPort === emulatorPort) {
    throw new Error(`HOST_DEMO_PORT and EMULATOR_PORT must differ (both are ${hostDemoPort}).`);
  }

  // vite.config.ts derives the host demo's __EMULATOR_URL__ from EMULATOR_PORT (it is evaluated on each
  // createServer), so the environment must agree with the chosen ports.
  process.env.HOST_DEMO_PORT = String(hostDemoPort);
  process.env.EMULATOR_PORT = String(emulatorPort);

  const emulator = await startOne('emulator', emulatorPort, quiet);
  let hostDemo: ViteDevServer;
  try {
    hostDemo = await startOne('host-demo', hostDemoPort, quiet);
  } catch (error) {
    await emulator.close().catch(() => {});
    throw error;
  }

  let closing: Promise<void> | undefined;
  return {
    urls: {
      hostDemo: `http://${apps['host-demo'].host}:${hostDemoPort}/`,
      emulator: `http://${apps.emulator.host}:${emulatorPort}/agent/chat`,
    },
    close() {
      closing ??= Promise.allSettled([hostDemo.close(), emulator.close()]).then(() => {});
      return closing;
    },
  };
}

async function main(): Promise<void> {
  let servers: Servers;
  try {
    servers = await startServers();
  } catch (error) {
    console.error(`\n${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }

  console.log('');
  console.log(`  Sandbox: ${servers.urls.hostDemo}`);
  console.log(`  Emulator: ${servers.urls.emulator}`);
  console.log('');
  console.log('  Ctrl+C to stop.');
  console.log('');
  const fonts = cjkFontAdvice(process.platform, listChineseFonts());
  if (fonts) console.log(`${fonts.replace(/^/gm, '  ')}\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      // Second signal: do not wait any longer.
      process.exit(0);
    }
    stopping = true;
    // Vite has its own SIGTERM handler that closes its server and exits with 128 + signal unless an exit code is
    // already set: this is a requested stop, so 0.
    process.exitCode = 0;
    console.log(`\n${signal}: stopping both servers…`);
    servers.close().then(
      () => process.exit(0),
      () => process.exit(0),
    );
  };
  process.prependListener('SIGINT', stop);
  process.prependListener('SIGTERM', stop);
}

if (isMain(import.meta.url)) void main();

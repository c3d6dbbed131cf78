import { VENDOR_DEFAULT_JWT_SECRET } from '../../emulator/auth/jwt-secret';
import { currentWorld } from '../../testing/world';

/**
 * Where the e2e servers run (e2e/support/servers.ts). The ports differ from `npm start`'s defaults (5173/5174) so
 * that tests never collide with a developer's running sandbox. E2E_HOST_PORT / E2E_EMULATOR_PORT /
 * E2E_DEV_EMULATOR_PORT move them, so two e2e runs can share a machine.
 */
export const HOST_DEMO_PORT = Number(process.env.E2E_HOST_PORT ?? 5183);
export const EMULATOR_PORT = Number(process.env.E2E_EMULATOR_PORT ?? 5184);
export const DEV_EMULATOR_PORT = Number(process.env.E2E_DEV_EMULATOR_PORT ?? 5182);

/** The host demo (sandbox) site. */
export const HOST_ORIGIN = `http://localhost:${HOST_DEMO_PORT}`;
/**
 * The emulator site, as integrators' CI runs it (the production build behind `serve`): a different site from the
 * host, so the frame is cross-site.
 */
export const EMULATOR_ORIGIN = `http://127.0.0.1:${EMULATOR_PORT}`;
/** `npm start`'s console (the dev server), for what only it has (the test hooks of a dev build). */
export const DEV_EMULATOR_ORIGIN = `http://127.0.0.1:${DEV_EMULATOR_PORT}`;

export type Params = Record<string, string | number | boolean | undefined>;

function query(params: Params): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * The emulated console page, in the running test's own world (the e2e server is shared by every test), with the
 * autopilot off unless `params` says otherwise, e.g.
 * `emulatorUrl({ seed: 7, scenario: 'empty' })` → `http://127.0.0.1:5184/agent/chat?autopilot=0&seed=7&scenario=empty`.
 */
export function emulatorUrl(params: Params = {}, path = '/agent/chat', origin = EMULATOR_ORIGIN): string {
  return `${origin}${path}${query({ autopilot: 0, world: currentWorld(), ...params })}`;
}

let worlds = 0;

/**
 * A world of its own within the running test, for a run that must not resume another run's world (what a
 * fresh browser context gave before the server kept worlds).
 */
export function anotherWorld(): string {
  return `${currentWorld() ?? 'outside-a-test'}-${++worlds}`;
}

/** The host demo page, e.g. `hostDemoUrl({ lang: 'en' })` → `http://localhost:5183/?lang=en`. */
export function hostDemoUrl(params: Params = {}, path = '/'): string {
  // The host demo forwards its parameters to the frame, the test's world among them.
  return `${HOST_ORIGIN}${path}${query({ world: currentWorld(), ...params })}`;
}

/**
 * The JWT secret the e2e emulator server is started with (JWT_SECRET), so signatures are checked: the vendor's
 * open-source default, so that the server checks tokens exactly as a default vendor server would (Base64-decoded
 * 48-byte key, HS384) and a token signed in a test the vendor's way must log in.
 */
export const E2E_JWT_SECRET = VENDOR_DEFAULT_JWT_SECRET;
/** Another deployment's secret (Base64 of 48 bytes), for tokens that must be refused as wrongly signed. */
export const OTHER_JWT_SECRET = Buffer.alloc(48, 0x5a).toString('base64');

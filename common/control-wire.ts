import type { EmulatorTestApi } from '../emulator/simulator/test-api-types';

/**
 * The control channel between the HTTP control API (server/control-server.ts) and a live emulator page: the
 * server pushes requests down a Server-Sent Events stream and the page posts each reply back. Shared by both
 * ends so that paths, method names and message shapes cannot drift apart.
 */
export const CONTROL_PREFIX = '/__emulator/';

/**
 * The test API methods a control request may call. A fixed list: a request must never reach anything else on
 * `window.emulator`, its prototype included (`constructor`, `__proto__`).
 */
export const CONTROL_METHODS = [
  'state',
  'log',
  'violations',
  'counts',
  'visitorArrives',
  'visitorSends',
  'colleagueSends',
  'closeThread',
  'acceptThread',
  'reset',
  'reload',
] as const satisfies readonly (keyof EmulatorTestApi)[];
export type ControlMethod = (typeof CONTROL_METHODS)[number];

export const isControlMethod = (value: unknown): value is ControlMethod =>
  typeof value === 'string' && (CONTROL_METHODS as readonly string[]).includes(value);

/** Short enough to type in a curl command, safe in a URL path without escaping. */
export const PAGE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * A world's name (`world=<name>`, docs/emulator.md "One server, many worlds"): safe in a URL path segment as it is
 * (an agent's e-mail fits, a Playwright test id fits), never a dot segment (it cannot start with a dot).
 */
export const WORLD_NAME_PATTERN = /^[A-Za-z0-9_@+-][A-Za-z0-9._@+-]{0,127}$/;

/**
 * The control reads a page hands to the server with every save, so that the server can answer them once no page
 * of the world is open (`state` the server derives from the saved world itself). Add a read here to keep it.
 */
export const KEPT_READS = ['log', 'violations', 'counts'] as const satisfies readonly ControlMethod[];
export type KeptRead = (typeof KEPT_READS)[number];

/** Server → page, as the `data` of a default SSE `message` event. */
export interface ControlRequest {
  id: string;
  method: ControlMethod;
  args: unknown[];
}

/** Page → server, POSTed to `${CONTROL_PREFIX}pages/<pageId>/replies`. */
export type ControlReply = { id: string; ok: true; value?: unknown } | { id: string; ok: false; error: string };

/**
 * SSE event names besides the default `message`: `replaced` tells a page that another page connected with its id
 * (a duplicated tab or a second frame in the same tab shares sessionStorage), so it must pick a new one.
 */
export const REPLACED_EVENT = 'replaced';

/** Every call about one world goes under its prefix, so a proxy log shows whose call it was. */
const worldPrefix = (world: string) => `${CONTROL_PREFIX}w/${encodeURIComponent(world)}/`;

/**
 * `parent` is the origin of the page that frames this one, as the page found it ('' when unframed): the server
 * registers only pages framed by an allowed origin.
 */
export const connectPath = (world: string, pageId: string, url: string, parent: string) =>
  `${worldPrefix(world)}pages/connect?id=${encodeURIComponent(pageId)}&url=${encodeURIComponent(url)}` +
  `&parent=${encodeURIComponent(parent)}`;

/** The call id is in the path, so the server refuses a reply nobody waits for before reading its body. */
export const repliesPath = (pageId: string, callId: string) =>
  `${CONTROL_PREFIX}pages/${encodeURIComponent(pageId)}/replies/${encodeURIComponent(callId)}`;

/** GET: the world as the server keeps it (404: nothing kept yet); PUT: `{ world, reads }`: the world as persist-store.ts
 * saves it, and the reads in KEPT_READS. */
export const keptWorldPath = (world: string) => `${worldPrefix(world)}world`;

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

export const connectPath = (pageId: string, url: string) =>
  `${CONTROL_PREFIX}pages/connect?id=${encodeURIComponent(pageId)}&url=${encodeURIComponent(url)}`;

export const repliesPath = (pageId: string) => `${CONTROL_PREFIX}pages/${encodeURIComponent(pageId)}/replies`;

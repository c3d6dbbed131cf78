/**
 * Settings that both the browser app and the Node server read: which scenarios and simulated server calls exist,
 * and the defaults a server hands to every page. Environment-neutral (no DOM, no Node), so each side imports
 * the one definition.
 */

export const SCENARIOS = ['demo', 'empty', 'busy-queue', 'flood'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

/** Server calls whose latency and failure can be simulated (docs/emulator.md). */
export const SERVER_CALLS = ['status', 'refresh', 'accept', 'close', 'transfer'] as const;
export type ServerCall = (typeof SERVER_CALLS)[number];

/**
 * A world's seed is an unsigned 32-bit integer. The URL, the CLI, the test API and the simulator panel all take
 * this range, and say so in these words.
 */
export const SEED_MAX = 0xffffffff;
export const SEED_EXPECTED = `an integer from 0 to ${SEED_MAX}`;
export const isSeed = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= SEED_MAX;
/** The seed a text spells in decimal digits; undefined for anything else. */
export const seedOf = (text: string): number | undefined =>
  /^\d{1,10}$/.test(text) && isSeed(Number(text)) ? Number(text) : undefined;

/**
 * Defaults set by the server that serves the built emulator (`agent-console-emulator serve`), injected into the
 * page as `window.__EMULATOR_CONFIG__`. The URL overrides each of them, except `allowOrigin`: a pinned list is the
 * operator's security decision, so the URL may only narrow it.
 */
export interface ServerDefaults {
  seed?: number;
  scenario?: string;
  latency?: number;
  fail?: string[];
  lang?: string;
  /** `serve --payload`: vendor, minimal or full. */
  payload?: string;
  allowOrigin?: string[];
  postOrigin?: string;
  /** `serve --boot-delay <ms>`. */
  bootDelay?: number;
}

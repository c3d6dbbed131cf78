import {
  isSeed,
  SEED_EXPECTED,
  SEED_MAX,
  SERVER_CALLS,
  type ServerCall,
  type ServerDefaults,
  seedOf,
} from '../../common/config';
import { WORLD_NAME_PATTERN } from '../../common/control-wire';
import { PAYLOAD_FAMILIES, type PayloadFamily } from '../../protocol/names';
import { CHAOS_EXPECTED, type Chaos, parseChaos } from '../bridge/chaos';
import { SCENARIOS, type ScenarioName } from '../world';

export { isSeed, SEED_EXPECTED, SEED_MAX, SERVER_CALLS, type ServerCall, type ServerDefaults, seedOf };

/** A browser tab runs out of memory long before a list this long gets slow. */
export const MAX_THREADS = 100_000;

export interface Params {
  seed: number | undefined;
  scenario: ScenarioName | undefined;
  autopilot: boolean;
  latency: number;
  fail: ServerCall[];
  lang: 'zh' | 'en';
  /** The thread objects events carry (docs/protocol.md §9): vendor (default), minimal or full. */
  payload: PayloadFamily;
  allowOrigin: string[];
  /** An explicit target origin for posting; `*` only when the operator asks for it. */
  postOrigin: string | undefined;
  clock: 'real' | 'virtual';
  /**
   * Where a virtual clock starts (ms since the epoch), so two runs with the same seed get the same dates too;
   * undefined: at the wall-clock time of boot.
   */
  now: number | undefined;
  /** Closed historical threads added to a fresh world, for scale tests (`threads=10000`). */
  threads: number | undefined;
  /** ms after the document starts before the console is ready (docs/protocol.md §11 `bootDelay=`); 0 by default. */
  bootDelay: number;
  /** Opt-in chaos on outgoing events (§11 `chaos=`), NOT vendor behaviour; null when off. */
  chaos: Chaos | null;
  /**
   * The world this page belongs to on the server (`world=<name>`, docs/emulator.md "One server, many worlds");
   * undefined: the agent's own world.
   */
  world: string | undefined;
  /** Why a parameter was ignored, for the emulator's notice bar; a bad URL never stops the console. */
  problems: string[];
}

const originOf = (value: string): string | undefined => {
  try {
    const url = new URL(value);
    return url.origin !== 'null' && /^https?:$/.test(url.protocol) ? url.origin : undefined;
  } catch {
    return undefined;
  }
};

const EXPECTED = {
  seed: SEED_EXPECTED,
  scenario: `one of ${SCENARIOS.join(', ')}`,
  latency: 'milliseconds, an integer from 0 to 999999',
  fail: `a comma-separated list of ${SERVER_CALLS.join(', ')}`,
  lang: 'zh or en',
  payload: `one of ${PAYLOAD_FAMILIES.join(', ')}`,
  allowOrigin: 'an http(s) origin like http://localhost:5173',
  postOrigin: 'an http(s) origin or *',
  bootDelay: 'milliseconds, an integer from 0 to 600000',
};

const scenarioOf = (text: string) =>
  (SCENARIOS as readonly string[]).includes(text) ? (text as ScenarioName) : undefined;
const latencyOf = (text: string) => (/^\d{1,6}$/.test(text) ? Number(text) : undefined);
const callOf = (text: string) =>
  (SERVER_CALLS as readonly string[]).includes(text) ? (text as ServerCall) : undefined;
const langOf = (text: string) => (text === 'en' || text === 'zh' ? text : undefined);
const bootDelayOf = (text: string) => (/^\d{1,6}$/.test(text) && Number(text) <= 600_000 ? Number(text) : undefined);
const payloadOf = (text: string) =>
  (PAYLOAD_FAMILIES as readonly string[]).includes(text) ? (text as PayloadFamily) : undefined;
const postOriginOf = (text: string) => (text === '*' ? '*' : originOf(text));
/**
 * Epoch ms, or an ISO 8601 date-time with its zone: without one, browsers read local time and two machines would
 * start at different instants.
 */
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const nowOf = (text: string): number | undefined => {
  const ms = /^\d{1,15}$/.test(text) ? Number(text) : ISO_WITH_ZONE.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isFinite(ms) && ms <= 8.64e15 ? ms : undefined;
};

/** A server default as the text a URL would carry, so one parser judges both. */
const serverText = (value: unknown): string | undefined =>
  value === undefined || value === null ? undefined : Array.isArray(value) ? value.join(',') : String(value);

export function readParams(search: string, underTest: boolean, serverDefaults?: ServerDefaults): Params {
  const q = new URLSearchParams(search);
  // The defaults come from a script in the page: anything but an object is treated as none.
  const defaults: ServerDefaults = typeof serverDefaults === 'object' && serverDefaults !== null ? serverDefaults : {};
  const problems: string[] = [];
  const bad = (name: string, expected: string, got: string) =>
    problems.push(`${name} must be ${expected}; got ${JSON.stringify(got.slice(0, 80))} (ignored)`);

  /** The URL's value if it is good, else the server's if that is good, else undefined; every bad one reported. */
  const pick = <T>(name: keyof typeof EXPECTED, parse: (text: string) => T | undefined): T | undefined => {
    const fromUrl = q.get(name);
    if (fromUrl !== null) {
      const value = parse(fromUrl);
      if (value !== undefined) return value;
      bad(name, EXPECTED[name], fromUrl);
    }
    const fromServer = serverText(defaults[name]);
    if (fromServer !== undefined) {
      const value = parse(fromServer);
      if (value !== undefined) return value;
      bad(`server default ${name}`, EXPECTED[name], fromServer);
    }
    return undefined;
  };

  /** The good items of comma lists (empty items skipped), reporting each bad one under `label`. */
  const pickList = <T>(
    name: keyof typeof EXPECTED,
    label: string,
    texts: string[],
    parse: (text: string) => T | undefined,
  ): T[] => {
    const good: T[] = [];
    // People write "status, refresh": spaces around items are not part of them.
    for (const item of texts
      .flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter(Boolean)) {
      const value = parse(item);
      if (value !== undefined) good.push(value);
      else bad(label, EXPECTED[name], item);
    }
    return good;
  };

  const seed = pick('seed', seedOf);
  const scenario = pick('scenario', scenarioOf);

  let autopilot = !underTest;
  const autopilotText = q.get('autopilot');
  if (autopilotText !== null) {
    if (['0', '1', 'true', 'false'].includes(autopilotText))
      autopilot = autopilotText === '1' || autopilotText === 'true';
    else bad('autopilot', '0 or 1', autopilotText);
  }

  const latency = pick('latency', latencyOf) ?? 0;

  // A `fail` in the URL replaces the server's list as a whole (`?fail=` means none fail).
  const fail = q.has('fail')
    ? pickList('fail', 'fail', [q.get('fail') ?? ''], callOf)
    : pickList('fail', 'server default fail', [serverText(defaults.fail) ?? ''], callOf);

  const lang = pick('lang', langOf) ?? 'zh';
  const payload = pick('payload', payloadOf) ?? 'vendor';

  const pinned = pickList(
    'allowOrigin',
    'server default allowOrigin',
    [serverText(defaults.allowOrigin) ?? ''],
    originOf,
  );
  const fromUrl = pickList('allowOrigin', 'allowOrigin', q.getAll('allowOrigin'), originOf);
  let allowOrigin = fromUrl;
  if (pinned.length > 0) {
    // Narrow only: an origin the server did not pin is dropped, and narrowing to nothing keeps the pinned list
    // (an empty list would mean "the framing parent", which may be wider than what the operator pinned).
    for (const origin of fromUrl.filter((o) => !pinned.includes(o)))
      bad('allowOrigin', `one of the origins the server pinned (${pinned.join(', ')})`, origin);
    allowOrigin = fromUrl.filter((origin) => pinned.includes(origin));
    if (allowOrigin.length === 0) allowOrigin = pinned;
  }

  const postOrigin = pick('postOrigin', postOriginOf);

  const clockText = q.get('clock');
  const clock = clockText === 'virtual' ? 'virtual' : 'real';
  if (clockText !== null && clockText !== 'virtual' && clockText !== 'real') bad('clock', 'real or virtual', clockText);

  let now: number | undefined;
  const nowText = q.get('now');
  if (nowText !== null) {
    // Real time cannot be told where to start; only a virtual clock can.
    if (clock !== 'virtual') bad('now', 'used with clock=virtual', nowText);
    else {
      now = nowOf(nowText);
      if (now === undefined)
        bad('now', 'ms since 1970 or an ISO date-time with a zone, like 2025-06-01T10:00:00+08:00', nowText);
    }
  }

  let threads: number | undefined;
  const threadsText = q.get('threads');
  if (threadsText !== null) {
    if (/^\d{1,6}$/.test(threadsText) && Number(threadsText) <= MAX_THREADS) threads = Number(threadsText);
    else bad('threads', `an integer from 0 to ${MAX_THREADS}`, threadsText);
  }

  const bootDelay = pick('bootDelay', bootDelayOf) ?? 0;

  let chaos: Chaos | null = null;
  const chaosText = q.get('chaos');
  if (chaosText !== null) {
    const parsed = parseChaos(chaosText);
    if (parsed.ok) chaos = parsed.value;
    else bad('chaos', CHAOS_EXPECTED, parsed.bad);
  }

  let world: string | undefined;
  const worldText = q.get('world');
  if (worldText !== null) {
    if (WORLD_NAME_PATTERN.test(worldText)) world = worldText;
    else bad('world', 'a name of letters, digits and ._@+- (at most 128, not starting with a dot)', worldText);
  }

  return {
    seed,
    scenario,
    autopilot,
    latency,
    fail,
    lang,
    payload,
    allowOrigin,
    postOrigin,
    clock,
    now,
    threads,
    bootDelay,
    chaos,
    world,
    problems,
  };
}

import { SCENARIOS, type ScenarioName } from '../world';

/** Server calls whose latency and failure can be simulated (emulator.md). */
export const SERVER_CALLS = ['status', 'refresh', 'accept', 'close', 'transfer'] as const;
export type ServerCall = (typeof SERVER_CALLS)[number];

export interface Params {
  seed: number | undefined;
  scenario: ScenarioName | undefined;
  autopilot: boolean;
  latency: number;
  fail: ServerCall[];
  lang: 'zh' | 'en';
  allowOrigin: string[];
  /** An explicit target origin for posting; `*` only when the operator asks for it. */
  postOrigin: string | undefined;
  clock: 'real' | 'virtual';
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

export function readParams(search: string, underTest: boolean): Params {
  const q = new URLSearchParams(search);
  const problems: string[] = [];
  const bad = (name: string, expected: string, got: string) =>
    problems.push(`${name} must be ${expected}; got ${JSON.stringify(got.slice(0, 80))} (ignored)`);

  let seed: number | undefined;
  const seedText = q.get('seed');
  if (seedText !== null) {
    if (/^\d{1,10}$/.test(seedText) && Number(seedText) <= 0xffffffff) seed = Number(seedText);
    else bad('seed', 'an integer from 0 to 4294967295', seedText);
  }

  let scenario: ScenarioName | undefined;
  const scenarioText = q.get('scenario');
  if (scenarioText !== null) {
    if ((SCENARIOS as readonly string[]).includes(scenarioText)) scenario = scenarioText as ScenarioName;
    else bad('scenario', `one of ${SCENARIOS.join(', ')}`, scenarioText);
  }

  let autopilot = !underTest;
  const autopilotText = q.get('autopilot');
  if (autopilotText !== null) {
    if (['0', '1', 'true', 'false'].includes(autopilotText))
      autopilot = autopilotText === '1' || autopilotText === 'true';
    else bad('autopilot', '0 or 1', autopilotText);
  }

  let latency = 0;
  const latencyText = q.get('latency');
  if (latencyText !== null) {
    if (/^\d{1,6}$/.test(latencyText)) latency = Number(latencyText);
    else bad('latency', 'milliseconds, an integer from 0 to 999999', latencyText);
  }

  const fail: ServerCall[] = [];
  for (const item of (q.get('fail') ?? '').split(',').filter(Boolean)) {
    if ((SERVER_CALLS as readonly string[]).includes(item)) fail.push(item as ServerCall);
    else bad('fail', `a comma-separated list of ${SERVER_CALLS.join(', ')}`, item);
  }

  const langText = q.get('lang');
  const lang = langText === 'en' ? 'en' : 'zh';
  if (langText !== null && langText !== 'en' && langText !== 'zh') bad('lang', 'zh or en', langText);

  const allowOrigin: string[] = [];
  for (const item of q
    .getAll('allowOrigin')
    .flatMap((v) => v.split(','))
    .filter(Boolean)) {
    const origin = originOf(item);
    if (origin) allowOrigin.push(origin);
    else bad('allowOrigin', 'an http(s) origin like http://localhost:5173', item);
  }

  let postOrigin: string | undefined;
  const postText = q.get('postOrigin');
  if (postText !== null) {
    if (postText === '*') postOrigin = '*';
    else {
      postOrigin = originOf(postText);
      if (!postOrigin) bad('postOrigin', 'an http(s) origin or *', postText);
    }
  }

  const clockText = q.get('clock');
  const clock = clockText === 'virtual' ? 'virtual' : 'real';
  if (clockText !== null && clockText !== 'virtual' && clockText !== 'real') bad('clock', 'real or virtual', clockText);

  return { seed, scenario, autopilot, latency, fail, lang, allowOrigin, postOrigin, clock, problems };
}

/**
 * Where the iframe points. `?emulator=<url>` replaces the built-in URL; every other query parameter of the
 * host page (seed, scenario, autopilot, lang, latency, fail, …) is forwarded to the emulator, so a host URL
 * is enough to reproduce a scenario.
 */
const EMULATOR_PARAM = 'emulator';

export type FrameTarget = { ok: true; src: string; origin: string } | { ok: false; error: string };

export function resolveFrameTarget(hostHref: string, defaultUrl: string): FrameTarget {
  const host = new URL(hostHref);
  const chosen = host.searchParams.get(EMULATOR_PARAM) || defaultUrl;
  let target: URL;
  try {
    target = new URL(chosen, host);
  } catch {
    return { ok: false, error: `not a URL: ${JSON.stringify(chosen)}` };
  }
  // Anything but http(s) has no usable origin to post to, and javascript: would run in the host page.
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    return { ok: false, error: `the emulator URL must be http(s); got ${JSON.stringify(target.protocol)}` };
  }
  const forwarded = new Set([...host.searchParams.keys()].filter((key) => key !== EMULATOR_PARAM));
  for (const key of forwarded) {
    target.searchParams.delete(key);
    for (const value of host.searchParams.getAll(key)) target.searchParams.append(key, value);
  }
  return { ok: true, src: target.href, origin: target.origin };
}

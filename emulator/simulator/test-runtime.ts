import type { Clock } from './clock';
import { virtualClock } from './clock';
import { type Params, readParams } from './params';
import { decodeWorld } from './persist';
import type { DecodeWorld } from './persist-store';
import { Runtime } from './runtime';
import type { WorldKeeping, WorldStore } from './world-storage';

/** Test support: a fixed instant (2025-01-15 12:00 in Shanghai), so worlds and dates repeat. */
export const T0 = Date.UTC(2025, 0, 15, 4, 0, 0);

export interface TestRuntimeOptions {
  /** URL query the params are read from, as under automation (autopilot off). */
  query?: string;
  params?: Partial<Params>;
  clock?: Clock;
  storage?: WorldStore | null;
  keeping?: WorldKeeping;
  decode?: DecodeWorld;
}

/**
 * A Runtime as tests want it: params read as under automation, a virtual clock at T0, no storage, and the real
 * resume check. One place to construct it, so a new RuntimeOptions field changes one file, not every test.
 */
export function testRuntime(options: TestRuntimeOptions = {}): Runtime {
  return new Runtime({
    params: { ...readParams(options.query ?? '', true), ...options.params },
    clock: options.clock ?? virtualClock(T0),
    storage: options.storage ?? null,
    keeping: options.keeping,
    assetBase: 'http://127.0.0.1:5174/avatars/',
    decode: options.decode ?? decodeWorld,
  });
}

import type { Clock } from '../emulator/simulator/clock';
import { virtualClock } from '../emulator/simulator/clock';
import { type Params, readParams } from '../emulator/simulator/params';
import { decodeWorld } from '../emulator/simulator/persist';
import type { DecodeWorld } from '../emulator/simulator/persist-store';
import { Runtime } from '../emulator/simulator/runtime';
import type { WorldKeeping, WorldStore } from '../emulator/simulator/world-storage';

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
  /**
   * `dispatch` (default): each dispatch is a task of its own, so its events arrive before dispatch returns;
   * `task`: the console's own coalescing, unread events at the end of the task (a microtask), as in the browser.
   */
  coalesce?: 'dispatch' | 'task';
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
    endOfTask: options.coalesce === 'task' ? undefined : (flush) => flush(),
  });
}

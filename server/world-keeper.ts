import { KEPT_READS, type KeptRead } from '../common/control-wire';
import { stateOf } from '../emulator/simulator/state-of';
import type { WorldState } from '../emulator/world';
import { preview } from '../protocol/describe';

/**
 * The server's memory of each named world (docs/emulator.md "One server, many worlds"): the world as its pages last
 * saved it, and the reads they handed over with it (KEPT_READS). A reload then restores the world from here
 * whatever the browser's storage policy, and CI can read a world after its page closed. Bounded: at most
 * `maxWorlds` worlds and `maxKeptBytes` in all; the least recently used world without an open page goes first.
 */

export interface KeeperLimits {
  maxWorlds: number;
  maxKeptBytes: number;
}

export const DEFAULT_KEEPER_LIMITS: KeeperLimits = { maxWorlds: 500, maxKeptBytes: 256 * 1024 * 1024 };

interface Kept {
  /** The world as persist-store.ts writes it: what a reloading page reads back. */
  text: string;
  reads: Partial<Record<KeptRead, unknown>>;
  bytes: number;
  savedAt: string;
  /** The page's clock at the save (`at`): of two crossing saves (a reload), the newer one stays. */
  at: number;
  /** Parsed on the first read that needs it, dropped by the next save. */
  parsed?: WorldState;
}

/** Why a save was refused, for the page's notice and the 4xx body. */
export class KeepRefused extends Error {}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export class WorldKeeper {
  /** Insertion order is use order: a use moves the world to the end. */
  private readonly worlds = new Map<string, Kept>();
  private bytes = 0;

  constructor(
    private readonly limits: KeeperLimits = DEFAULT_KEEPER_LIMITS,
    /** Worlds with an open page are never evicted. */
    private readonly inUse: (name: string) => boolean = () => false,
  ) {}

  has(name: string): boolean {
    return this.worlds.has(name);
  }

  names(): string[] {
    return [...this.worlds.keys()];
  }

  get keptBytes(): number {
    return this.bytes;
  }

  private touch(name: string): Kept | undefined {
    const kept = this.worlds.get(name);
    if (kept) {
      this.worlds.delete(name);
      this.worlds.set(name, kept);
    }
    return kept;
  }

  /** The saved world's text and the page clock of its save, or null when nothing is kept under that name. */
  load(name: string): { text: string; at: number } | null {
    const kept = this.touch(name);
    return kept ? { text: kept.text, at: kept.at } : null;
  }

  /**
   * Keeps a page's save (`{ at, world, reads? }`, the body of PUT …/world), unless a newer one is kept. Only objects are kept: the page validates
   * what it loads (persist.ts), the server only refuses what is not a save at all.
   */
  save(name: string, body: unknown, now: Date = new Date()): void {
    if (!isRecord(body) || !isRecord(body.world)) {
      throw new KeepRefused(`the body must be { world: {…}, reads: {…} }; got ${preview(body)}`);
    }
    const at = typeof body.at === 'number' && Number.isFinite(body.at) ? body.at : Number.POSITIVE_INFINITY;
    const previous = this.worlds.get(name);
    if (previous && previous.at !== Number.POSITIVE_INFINITY && previous.at > at) return;
    // A save without reads (the page sends them every few seconds) keeps the ones the server has.
    const reads: Partial<Record<KeptRead, unknown>> = isRecord(body.reads) ? {} : { ...previous?.reads };
    const given = isRecord(body.reads) ? body.reads : {};
    for (const read of KEPT_READS) if (Object.hasOwn(given, read)) reads[read] = given[read];
    const text = JSON.stringify(body.world);
    const bytes = text.length + JSON.stringify(reads).length;
    if (bytes > this.limits.maxKeptBytes) {
      throw new KeepRefused(`the save is ${bytes} bytes; this server keeps at most ${this.limits.maxKeptBytes}`);
    }
    this.forget(name);
    this.worlds.set(name, { text, reads, bytes, savedAt: now.toISOString(), at });
    this.bytes += bytes;
    this.evict(name);
  }

  forget(name: string): void {
    const kept = this.worlds.get(name);
    if (!kept) return;
    this.worlds.delete(name);
    this.bytes -= kept.bytes;
  }

  private evict(keep: string): void {
    for (const name of [...this.worlds.keys()]) {
      if (this.worlds.size <= this.limits.maxWorlds && this.bytes <= this.limits.maxKeptBytes) return;
      if (name !== keep && !this.inUse(name)) this.forget(name);
    }
  }

  /** What `state` answers from the kept world: the same snapshot the page's test API gives. */
  state(name: string): ReturnType<typeof stateOf> | undefined {
    const kept = this.touch(name);
    if (!kept) return undefined;
    kept.parsed ??= JSON.parse(kept.text) as WorldState;
    return stateOf(kept.parsed);
  }

  /** A kept read (`log`, `violations`), or undefined when no page handed it over. */
  read(name: string, read: string): { found: true; value: unknown } | { found: false } {
    const kept = this.touch(name);
    if (!kept || !Object.hasOwn(kept.reads, read)) return { found: false };
    return { found: true, value: kept.reads[read as KeptRead] };
  }

  savedAt(name: string): string | undefined {
    return this.worlds.get(name)?.savedAt;
  }
}

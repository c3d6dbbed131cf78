/**
 * The world's only source of randomness: mulberry32, small and fast, with its whole state in one 32-bit
 * number that lives in the world state. So a world carries its future with it: saved, reloaded or replayed,
 * it makes the same choices.
 */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], inclusive. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  /** A numeric id of `length` digits with no leading zero, like the vendor's snowflake uids. */
  digits(length: number): string;
  /** The state to store back so the next step goes on from here. */
  readonly state: number;
}

export function seedState(seed: number): number {
  // Spread small seeds (0, 1, 2…) so they don't start out alike.
  return Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
}

export function createRng(initial: number): Rng {
  let s = initial >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: <T>(items: readonly T[]) => {
      if (items.length === 0) throw new RangeError('rng.pick: no items to pick from');
      return items[int(0, items.length - 1)] as T;
    },
    chance: (p) => next() < p,
    digits(length) {
      let out = String(int(1, 9));
      while (out.length < length) out += String(int(0, 9));
      return out;
    },
    get state() {
      return s;
    },
  };
}

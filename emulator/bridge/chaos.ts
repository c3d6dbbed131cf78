import { createRng, seedState } from '../world/rng';

/**
 * Opt-in chaos on outgoing events (docs/protocol.md §11, NOT vendor behaviour): `chaos=drop:0.1,dup:0.05,delay:50-400`.
 * It lets a host prove that its badge converges whatever the wire does (unread events carry totals).
 */
export interface Chaos {
  /** Chance that an event is not posted at all. */
  drop: number;
  /** Chance that an event is posted twice. */
  dup: number;
  /** Each posted event waits a uniform random time in [min, max] ms; none when null. */
  delay: { min: number; max: number } | null;
}

export const CHAOS_EXPECTED = 'a comma-separated list of drop:<0..1>, dup:<0..1>, delay:<min>-<max> (ms)';

const chance = (text: string) => (/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/.test(text) ? Number(text) : undefined);

/** `drop:0.1,dup:0.05,delay:50-400` → Chaos, or the first part that is wrong. */
export function parseChaos(text: string): { ok: true; value: Chaos } | { ok: false; bad: string } {
  const chaos: Chaos = { drop: 0, dup: 0, delay: null };
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    // Exactly one colon: `drop:0.1:0.2` is refused whole, not read as `drop:0.1`.
    const [name, ...rest] = part.split(':').map((p) => p.trim());
    if (rest.length !== 1) return { ok: false, bad: part };
    const value = rest[0] as string;
    if (name === 'drop' || name === 'dup') {
      const p = chance(value);
      if (p === undefined) return { ok: false, bad: part };
      chaos[name] = p;
    } else if (name === 'delay') {
      const m = /^(\d{1,5})-(\d{1,5})$/.exec(value);
      if (!m || Number(m[1]) > Number(m[2])) return { ok: false, bad: part };
      chaos.delay = { min: Number(m[1]), max: Number(m[2]) };
    } else return { ok: false, bad: part };
  }
  return { ok: true, value: chaos };
}

/** What chaos does to one event: how many copies are posted (0: dropped) and after how many ms. */
export interface ChaosVerdict {
  copies: 0 | 1 | 2;
  delayMs: number;
}

/** A seeded source of verdicts: the same seed and the same events give the same chaos, so a run repeats. */
export function chaosDice(chaos: Chaos, seed: number): () => ChaosVerdict {
  // Its own stream, apart from the world's: chaos must not change what the world does.
  const rng = createRng(seedState(seed ^ 0x5eed_c4a0));
  return () => {
    // Every draw is made for every event, so one event's fate does not shift the next one's.
    const dropped = rng.next() < chaos.drop;
    const duplicated = rng.next() < chaos.dup;
    const delay = rng.next();
    const delayMs = chaos.delay ? chaos.delay.min + Math.floor(delay * (chaos.delay.max - chaos.delay.min + 1)) : 0;
    return { copies: dropped ? 0 : duplicated ? 2 : 1, delayMs };
  };
}

/** How the inspector and the log describe the chaos in force. */
export function describeChaos(chaos: Chaos): string {
  const parts: string[] = [];
  if (chaos.drop > 0) parts.push(`drop ${chaos.drop}`);
  if (chaos.dup > 0) parts.push(`dup ${chaos.dup}`);
  if (chaos.delay) parts.push(`delay ${chaos.delay.min}-${chaos.delay.max} ms`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

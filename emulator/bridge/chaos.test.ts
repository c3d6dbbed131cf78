/** docs/protocol.md §11 `chaos=`: how the opt-in chaos on outgoing events is read, rolled and described. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Chaos, chaosDice, describeChaos, parseChaos } from './chaos';

/** Draws the dice's generator is made to return, when a test needs the extremes of [0, 1); null: the real ones. */
const forced = vi.hoisted(() => ({ draws: null as number[] | null }));
vi.mock('../world/rng', async (importOriginal) => {
  const real = await importOriginal<typeof import('../world/rng')>();
  return {
    ...real,
    createRng: (state: number) => {
      const rng = real.createRng(state);
      const draws = forced.draws;
      if (draws === null) return rng;
      let i = 0;
      return { ...rng, next: () => draws[i++ % draws.length] as number };
    },
  };
});
afterEach(() => {
  forced.draws = null;
});

const value = (text: string) => {
  const parsed = parseChaos(text);
  if (!parsed.ok) throw new Error(`${text}: refused at ${parsed.bad}`);
  return parsed.value;
};
const bad = (text: string) => {
  const parsed = parseChaos(text);
  return parsed.ok ? null : parsed.bad;
};

describe('parseChaos: the chances of drop and dup', () => {
  it.each([
    ['0', 0],
    ['0.25', 0.25],
    ['.05', 0.05],
    ['.5', 0.5],
    ['1', 1],
    ['1.0', 1],
    ['1.00', 1],
  ])('reads %s as the chance %d', (text, chance) => {
    expect(value(`drop:${text}`).drop).toBe(chance);
    expect(value(`dup:${text}`).dup).toBe(chance);
  });

  it.each(['1.5', '2', '-0.1', '0.', '.', '1.01', 'x', '.5x', '', '0.1:0.2'])('refuses %j, naming the part', (text) => {
    expect(bad(`delay:1-2,drop:${text}`)).toBe(`drop:${text}`);
  });

  it('refuses a name without a value, naming it', () => {
    expect(bad('dup')).toBe('dup');
    expect(bad('delay')).toBe('delay');
  });
});

describe('parseChaos: the delay range', () => {
  it('reads min-max in ms, a single value (min = max) included', () => {
    expect(value('delay:50-400').delay).toEqual({ min: 50, max: 400 });
    expect(value('delay:7-7').delay).toEqual({ min: 7, max: 7 });
    expect(value('delay:0-99999').delay).toEqual({ min: 0, max: 99_999 });
  });

  it.each(['400-50', '-50-400', '50-400x', 'x50-400', '50-400-', '50', '50-', '-400', '100000-100001', '1.5-2'])(
    'refuses delay:%s, naming the part',
    (text) => {
      expect(bad(`delay:${text}`)).toBe(`delay:${text}`);
    },
  );
});

describe('parseChaos: the list', () => {
  it('reads every part, whatever the spaces around names, values and commas', () => {
    expect(value(' drop : 0.1 , dup:0.05,  delay: 50-400 ')).toEqual({
      drop: 0.1,
      dup: 0.05,
      delay: { min: 50, max: 400 },
    });
  });

  it('skips empty and blank parts: a trailing comma or a doubled one is no part at all', () => {
    expect(value('drop:0.1,')).toEqual({ drop: 0.1, dup: 0, delay: null });
    expect(value('drop:0.1, ,dup:1')).toEqual({ drop: 0.1, dup: 1, delay: null });
    expect(value('')).toEqual({ drop: 0, dup: 0, delay: null });
  });

  it('refuses an unknown name, even with a value that would suit another', () => {
    expect(bad('jitter:3')).toBe('jitter:3');
    expect(bad('drop:0.1,jitter:50-400')).toBe('jitter:50-400');
    expect(bad('lag:0.5')).toBe('lag:0.5');
  });
});

describe('chaosDice: what happens to each event', () => {
  const roll = (chaos: Chaos, n: number, seed = 1) => {
    const dice = chaosDice(chaos, seed);
    return Array.from({ length: n }, () => dice());
  };

  it('with no chaos, posts every event once, at once', () => {
    for (const verdict of roll({ drop: 0, dup: 0, delay: null }, 500))
      expect(verdict).toEqual({ copies: 1, delayMs: 0 });
  });

  it('drop:1 drops every event, dup:1 doubles every event it does not drop', () => {
    expect(new Set(roll({ drop: 1, dup: 1, delay: null }, 200).map((v) => v.copies))).toEqual(new Set([0]));
    expect(new Set(roll({ drop: 0, dup: 1, delay: null }, 200).map((v) => v.copies))).toEqual(new Set([2]));
  });

  it('a delay range gives every delay in it, both ends included, and none outside it', () => {
    const delays = roll({ drop: 0, dup: 0, delay: { min: 10, max: 13 } }, 2000).map((v) => v.delayMs);
    expect(new Set(delays)).toEqual(new Set([10, 11, 12, 13]));
    // Uniform: each of the four values comes about a quarter of the time.
    for (const ms of [10, 11, 12, 13]) expect(delays.filter((d) => d === ms).length).toBeGreaterThan(400);
  });

  it('a one-value range always waits exactly that long', () => {
    expect(new Set(roll({ drop: 0, dup: 0, delay: { min: 250, max: 250 } }, 200).map((v) => v.delayMs))).toEqual(
      new Set([250]),
    );
  });

  it('drop and dup come about as often as their chances say, and independently', () => {
    const verdicts = roll({ drop: 0.25, dup: 0.5, delay: null }, 4000);
    const dropped = verdicts.filter((v) => v.copies === 0).length;
    const doubled = verdicts.filter((v) => v.copies === 2).length;
    expect(dropped / 4000).toBeCloseTo(0.25, 1);
    // Doubled among those not dropped: half of the remaining 75%.
    expect(doubled / 4000).toBeCloseTo(0.375, 1);
  });

  it('a chance of 0 never happens, even on the lowest draw; a chance of 1 always does, even on the highest', () => {
    const LOWEST = 0;
    const HIGHEST = 1 - 2 ** -32;
    forced.draws = [LOWEST];
    expect(roll({ drop: 0, dup: 0, delay: { min: 20, max: 30 } }, 3)).toEqual(
      Array(3).fill({ copies: 1, delayMs: 20 }),
    );
    forced.draws = [HIGHEST];
    expect(roll({ drop: 1, dup: 0, delay: { min: 20, max: 30 } }, 3)).toEqual(
      Array(3).fill({ copies: 0, delayMs: 30 }),
    );
    expect(roll({ drop: 0, dup: 1, delay: null }, 3)).toEqual(Array(3).fill({ copies: 2, delayMs: 0 }));
  });

  it('is seeded: the same seed gives the same verdicts, another seed others', () => {
    const chaos: Chaos = { drop: 0.3, dup: 0.3, delay: { min: 0, max: 1000 } };
    expect(roll(chaos, 50, 7)).toEqual(roll(chaos, 50, 7));
    expect(roll(chaos, 50, 7)).not.toEqual(roll(chaos, 50, 8));
  });
});

describe('describeChaos: the line for the inspector and the log', () => {
  it('names each kind of chaos in force, in order, separated by commas', () => {
    expect(describeChaos({ drop: 0.1, dup: 0.05, delay: { min: 50, max: 400 } })).toBe(
      'drop 0.1, dup 0.05, delay 50-400 ms',
    );
  });

  it('leaves out what is off', () => {
    expect(describeChaos({ drop: 0, dup: 0.5, delay: null })).toBe('dup 0.5');
    expect(describeChaos({ drop: 0.5, dup: 0, delay: null })).toBe('drop 0.5');
    expect(describeChaos({ drop: 0, dup: 0, delay: { min: 0, max: 0 } })).toBe('delay 0-0 ms');
  });

  it('says none when nothing is in force', () => {
    expect(describeChaos({ drop: 0, dup: 0, delay: null })).toBe('none');
  });
});

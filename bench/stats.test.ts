import { describe, expect, it } from 'vitest';
import { median, percentile, summarize } from './stats';

describe('latency statistics', () => {
  it('nearest-rank percentiles report values that were observed', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile([0.1, 0.2, 5], 99)).toBe(5);
  });

  it('summarizes mean, p50, p99, min and max whatever the order of the samples', () => {
    const samples = [3, 1, 2, 10, 4];
    expect(summarize(samples)).toEqual({ n: 5, mean: 4, p50: 3, p99: 10, min: 1, max: 10 });
    expect(samples).toEqual([3, 1, 2, 10, 4]);
  });

  it('the median of repeated runs ignores one outlier', () => {
    expect(median([500, 510, 4000])).toBe(510);
    expect(median([1, 2, 3, 4])).toBe(2.5);
  });

  it('refuses what has no answer, saying what arrived', () => {
    expect(() => summarize([])).toThrow('no samples');
    expect(() => median([])).toThrow('no values');
    expect(() => percentile([1], 0)).toThrow('p must be in (0, 100]; got 0');
  });
});

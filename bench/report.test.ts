import { describe, expect, it } from 'vitest';
import { formatBudget, formatTable, formatValue, judge, type Metric } from './report';

const metric = (over: Partial<Metric>): Metric => ({ id: 'm', label: 'm', value: 1, unit: 'ms', ...over });

describe('budgets', () => {
  it('a max budget passes at the limit and fails above it; a strict one fails at the limit', () => {
    expect(judge(metric({ value: 3, budget: { kind: 'max', limit: 3 } })).pass).toBe(true);
    expect(judge(metric({ value: 3.01, budget: { kind: 'max', limit: 3 } })).pass).toBe(false);
    expect(judge(metric({ value: 3, budget: { kind: 'max', limit: 3, strict: true } })).pass).toBe(false);
  });

  it('an equals budget checks correctness exactly', () => {
    expect(judge(metric({ value: 10_006, unit: 'count', budget: { kind: 'equals', target: 10_006 } })).pass).toBe(true);
    expect(judge(metric({ value: 10_005, unit: 'count', budget: { kind: 'equals', target: 10_006 } })).pass).toBe(
      false,
    );
  });

  it('a ratio budget judges the ratio to the baseline, not the value, and fails without a ratio', () => {
    const budget = { kind: 'ratio', limit: 1.2, basis: 'raw' } as const;
    expect(judge(metric({ value: 99, budget, ratio: { value: 1.2, against: 'raw' } })).pass).toBe(true);
    expect(judge(metric({ value: 0.1, budget, ratio: { value: 1.21, against: 'raw' } })).pass).toBe(false);
    expect(judge(metric({ value: 1, budget })).pass).toBe(false);
    expect(judge(metric({ value: 1, budget, ratio: { value: Number.NaN, against: 'raw' } })).pass).toBe(false);
    expect(formatBudget(budget, 'ms')).toBe('≤ 1.2× raw');
  });

  it('a value that could not be measured fails its budget', () => {
    expect(judge(metric({ value: Number.NaN, budget: { kind: 'max', limit: 3 } })).pass).toBe(false);
  });

  it('context rows are reported, not judged; a budget without a baseline is its own ratio', () => {
    expect(judge(metric({})).pass).toBeNull();
    expect(judge(metric({ value: 150, budget: { kind: 'max', limit: 300 } })).ratio).toEqual({
      value: 0.5,
      against: 'budget',
    });
    const vsRaw = { value: 1.2, against: 'raw' };
    expect(judge(metric({ value: 0.6, budget: { kind: 'max', limit: 0.75 }, ratio: vsRaw })).ratio).toBe(vsRaw);
  });
});

describe('the table', () => {
  it('formats values and budgets with their units', () => {
    expect(formatValue(0.734, 'ms')).toBe('0.73 ms');
    expect(formatValue(1234.5, 'ms')).toBe('1,235 ms');
    expect(formatValue(47.8123, 'kB')).toBe('47.81 kB');
    expect(formatValue(10_006, 'count')).toBe('10,006');
    expect(formatValue(Number.NaN, 'ms')).toBe('n/a');
    expect(formatBudget({ kind: 'max', limit: 0.9, basis: '1.5× raw mean' }, 'ms')).toBe('≤ 0.90 ms (1.5× raw mean)');
    expect(formatBudget({ kind: 'max', limit: 0.3, strict: true }, 'ms')).toBe('< 0.30 ms');
  });

  it('has one header, one rule and one line per metric, with pass/FAIL and the ratio', () => {
    const table = formatTable([
      judge(
        metric({
          label: 'round trip',
          value: 0.7,
          budget: { kind: 'max', limit: 0.9 },
          ratio: { value: 1.1, against: 'raw' },
        }),
      ),
      judge(metric({ label: 'storm', value: 2000, budget: { kind: 'max', limit: 1500 } })),
      judge(metric({ label: 'raw', value: 0.6 })),
    ]);
    const lines = table.split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^metric\s+value\s+budget\s+pass\/fail\s+ratio$/);
    expect(lines[2]).toMatch(/^round trip\s+0\.70 ms\s+≤ 0\.90 ms\s+pass\s+1\.10× raw$/);
    expect(lines[3]).toMatch(/^storm\s+2,000 ms\s+≤ 1,500 ms\s+FAIL\s+1\.33× budget$/);
    expect(lines[4]).toMatch(/^raw\s+0\.60 ms$/);
  });
});

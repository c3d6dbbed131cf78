export type Unit = 'ms' | 'kB' | 'MB' | 'count';

/**
 * `max`: at most `limit` (strictly below it when `strict`); `equals`: exactly `target` (a correctness check);
 * `ratio`: the metric's ratio to its baseline (`Metric.ratio`) at most `limit`, for figures that are only
 * comparable side by side, in the same run.
 */
export type Budget =
  | { kind: 'max'; limit: number; strict?: boolean; basis?: string }
  | { kind: 'equals'; target: number; basis?: string }
  | { kind: 'ratio'; limit: number; basis: string };

export interface Metric {
  id: string;
  label: string;
  value: number;
  unit: Unit;
  /** Absent for context rows (baselines, breakdowns): they are reported, not judged. */
  budget?: Budget;
  /** The value against a reference: a baseline (`× raw`) or, without one, the budget itself (`× budget`). */
  ratio?: { value: number; against: string };
  /** Anything that explains the figure (samples, rounds, breakdowns); goes to results.json only. */
  detail?: unknown;
}

export interface Judged extends Metric {
  pass: boolean | null;
}

export function judge(metric: Metric): Judged {
  const { budget, value } = metric;
  if (!budget) return { ...metric, pass: null };
  if (!Number.isFinite(value)) return { ...metric, pass: false };
  if (budget.kind === 'equals') return { ...metric, pass: value === budget.target };
  if (budget.kind === 'ratio') {
    const ratio = metric.ratio?.value ?? Number.NaN;
    return { ...metric, pass: Number.isFinite(ratio) && ratio <= budget.limit };
  }
  const pass = budget.strict ? value < budget.limit : value <= budget.limit;
  const ratio = metric.ratio ?? { value: value / budget.limit, against: 'budget' };
  return { ...metric, ratio, pass };
}

const DIGITS: Record<Unit, number> = { ms: 2, kB: 2, MB: 1, count: 0 };

export function formatValue(value: number, unit: Unit): string {
  if (!Number.isFinite(value)) return 'n/a';
  const digits = unit === 'ms' && value >= 100 ? 0 : DIGITS[unit];
  const text = value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return unit === 'count' ? text : `${text} ${unit}`;
}

export function formatBudget(budget: Budget | undefined, unit: Unit): string {
  if (!budget) return '';
  if (budget.kind === 'ratio') return `≤ ${budget.limit}× ${budget.basis}`;
  const limit =
    budget.kind === 'equals'
      ? `= ${formatValue(budget.target, unit)}`
      : `${budget.strict ? '<' : '≤'} ${formatValue(budget.limit, unit)}`;
  return budget.basis ? `${limit} (${budget.basis})` : limit;
}

const verdict = (pass: boolean | null) => (pass === null ? '' : pass ? 'pass' : 'FAIL');

/** One plain-text table: metric, value, budget, pass/fail, ratio. */
export function formatTable(rows: readonly Judged[]): string {
  const cells = rows.map((row) => [
    row.label,
    formatValue(row.value, row.unit),
    formatBudget(row.budget, row.unit),
    verdict(row.pass),
    row.ratio ? `${row.ratio.value.toFixed(2)}× ${row.ratio.against}` : '',
  ]);
  const header = ['metric', 'value', 'budget', 'pass/fail', 'ratio'];
  const widths = header.map((title, col) => Math.max(title.length, ...cells.map((row) => (row[col] ?? '').length)));
  // Numbers right-aligned, words left-aligned.
  const rightAligned = [false, true, false, false, true];
  const line = (row: string[]) =>
    row
      .map((cell, col) => (rightAligned[col] ? cell.padStart(widths[col] ?? 0) : cell.padEnd(widths[col] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  return [line(header), rule, ...cells.map(line)].join('\n');
}

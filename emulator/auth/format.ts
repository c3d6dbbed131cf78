/** Readable times for login messages; kept apart from token.ts so screens need not load jose. */

/** `2025-08-16T04:00:32Z` (milliseconds only when present); a plain number when outside Date's range. */
export function isoDate(ms: number): string {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return `${ms} ms since 1970`;
  return date.toISOString().replace('.000Z', 'Z');
}

/** "3 days", "1 hour", "45 seconds": a rough, readable duration. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (s < 60) return unit(s, 'second');
  if (s < 3600) return unit(Math.floor(s / 60), 'minute');
  if (s < 48 * 3600) return unit(Math.floor(s / 3600), 'hour');
  if (s < 730 * 86400) return unit(Math.floor(s / 86400), 'day');
  return unit(Math.floor(s / (365 * 86400)), 'year');
}

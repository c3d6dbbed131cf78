/**
 * Vendor dates are `yyyy-MM-dd HH:mm:ss` in Asia/Shanghai wall time. China has had no daylight saving since
 * 1991, so a fixed +8 h offset is exact and avoids Intl in the hot path.
 */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

const DAY_MS = 24 * 60 * 60 * 1000;

const pad = (n: number) => String(n).padStart(2, '0');
const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => pad(n));

// The last second and the last day formatted: a burst of steps within one second formats it once, and a list
// of dates on the same day (a month of history is ten thousand of them) formats each day once.
let lastSecond = Number.NaN;
let lastText = '';
let lastDay = Number.NaN;
let dayText = '';

export function vendorDate(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second === lastSecond) return lastText;
  const local = second * 1000 + SHANGHAI_OFFSET_MS;
  const day = Math.floor(local / DAY_MS);
  if (day !== lastDay) {
    const d = new Date(day * DAY_MS);
    dayText = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} `;
    lastDay = day;
  }
  const seconds = (local - day * DAY_MS) / 1000;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  // join, not `+`: it makes one flat string, where `+` makes a chain that every later comparison (sorting the
  // list, "created today?") has to flatten first.
  lastText = [dayText, TWO_DIGITS[h], ':', TWO_DIGITS[m], ':', TWO_DIGITS[seconds % 60]].join('');
  lastSecond = second;
  return lastText;
}

/** Inverse of `vendorDate`; NaN for anything else. */
export function parseVendorDate(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) return Number.NaN;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  return Date.UTC(y!, mo! - 1, d!, h!, mi!, s!) - SHANGHAI_OFFSET_MS;
}

/** The list's time column: `HH:mm` for today, else `MM-dd HH:mm` (today as seen in Shanghai). */
export function listTime(date: string, nowMs: number): string {
  const today = vendorDate(nowMs).slice(0, 10);
  return date.startsWith(today) ? date.slice(11, 16) : `${date.slice(5, 10)} ${date.slice(11, 16)}`;
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NOW, Sim } from '../../test-support/world-kit';
import { listTime, parseVendorDate, vendorDate } from './dates';

/** The reference: `yyyy-MM-dd HH:mm:ss` in Asia/Shanghai, as Intl renders it for Sweden. */
const shanghai = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  dateStyle: 'short',
  timeStyle: 'medium',
  hourCycle: 'h23',
});

describe('vendorDate', () => {
  it('formats yyyy-MM-dd HH:mm:ss in Asia/Shanghai time (UTC+8)', () => {
    expect(vendorDate(Date.UTC(2025, 0, 15, 4, 5, 6))).toBe('2025-01-15 12:05:06');
  });

  it('rolls over to the next day, month and year at UTC 16:00', () => {
    expect(vendorDate(Date.UTC(2025, 0, 15, 15, 59, 59))).toBe('2025-01-15 23:59:59');
    expect(vendorDate(Date.UTC(2025, 0, 15, 16, 0, 0))).toBe('2025-01-16 00:00:00');
    expect(vendorDate(Date.UTC(2024, 11, 31, 17, 30, 0))).toBe('2025-01-01 01:30:00');
    expect(vendorDate(Date.UTC(2024, 1, 28, 16, 0, 0))).toBe('2024-02-29 00:00:00');
  });

  it('agrees with Intl for Asia/Shanghai, whatever the local time zone', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1995, 0, 1), max: Date.UTC(2099, 11, 31) }), (ms) => {
        expect(vendorDate(ms)).toBe(shanghai.format(ms));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with Intl through runs of dates on the same few days (each day is formatted once)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 }), { maxLength: 40 }), (offsets) => {
        for (const offset of offsets) expect(vendorDate(NOW + offset)).toBe(shanghai.format(NOW + offset));
      }),
      { numRuns: 200 },
    );
  });

  it('drops milliseconds', () => {
    expect(vendorDate(NOW + 999)).toBe('2025-01-15 12:00:00');
  });
});

describe('parseVendorDate', () => {
  it('is the inverse of vendorDate to the second', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Date.UTC(2099, 0, 1) / 1000 }), (seconds) => {
        expect(parseVendorDate(vendorDate(seconds * 1000))).toBe(seconds * 1000);
      }),
    );
  });

  it('is NaN for anything else', () => {
    for (const text of [
      '',
      '2025-01-15',
      '2025-01-15T12:00:00',
      '2025-01-15 12:00:00Z',
      'x2025-01-15 12:00:00',
      'yesterday',
    ]) {
      expect(parseVendorDate(text)).toBeNaN();
    }
  });
});

describe('listTime', () => {
  it('HH:mm for a date of today (in Shanghai)', () => {
    expect(listTime('2025-01-15 09:07:59', NOW)).toBe('09:07');
    expect(listTime('2025-01-15 00:00:00', NOW)).toBe('00:00');
  });

  it('MM-dd HH:mm for any other day', () => {
    expect(listTime('2025-01-14 23:59:00', NOW)).toBe('01-14 23:59');
    expect(listTime('2024-01-15 09:07:00', NOW)).toBe('01-15 09:07');
  });

  it('decides “today” by Shanghai’s calendar, not UTC’s', () => {
    // 2025-01-15 17:00 UTC is already 01:00 on the 16th in Shanghai.
    const lateUtc = Date.UTC(2025, 0, 15, 17, 0, 0);
    expect(listTime('2025-01-15 23:00:00', lateUtc)).toBe('01-15 23:00');
    expect(listTime('2025-01-16 00:30:00', lateUtc)).toBe('00:30');
  });

  it('the world stamps threads with the step’s clock', () => {
    const sim = new Sim();
    const { thread } = sim.ok({ kind: 'visitorArrives' }, 3 * 60 * 60 * 1000);
    expect(thread.createdAt).toBe('2025-01-15 15:00:00');
    expect(listTime(thread.updatedAt, sim.now)).toBe('15:00');
    expect(listTime(thread.updatedAt, sim.now + 24 * 60 * 60 * 1000)).toBe('01-15 15:00');
  });
});

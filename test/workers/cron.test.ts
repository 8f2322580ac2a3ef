// The cron parser and next-time computation (worker/lib/cron.ts), run in the Workers runtime whose Intl it relies on:
// fields, lists, ranges, steps, names, macros, errors naming the field, time zones and clock changes.
import { describe, expect, it } from 'vitest';
import { CronError, isTimeZone, nextTime, parseCron } from '../../worker/lib/cron';

const at = (iso: string) => Date.parse(iso);
const next = (cron: string, after: string, tz?: string) => {
  const t = nextTime(cron, at(after), tz);
  return t === null ? null : new Date(t).toISOString();
};
/** The next `n` times, each after the one before. */
function series(cron: string, after: string, n: number, tz?: string) {
  const out: string[] = [];
  let t = at(after);
  for (let i = 0; i < n; i++) {
    t = nextTime(cron, t, tz)!;
    out.push(new Date(t).toISOString());
  }
  return out;
}

describe('parseCron', () => {
  it('reads values, lists, ranges, steps and names', () => {
    const c = parseCron('*/15 9-17/4 1,15 jan-MAR mon-fri');
    expect([...c.minutes]).toEqual([0, 15, 30, 45]);
    expect([...c.hours]).toEqual([9, 13, 17]);
    expect([...c.days]).toEqual([1, 15]);
    expect([...c.months]).toEqual([1, 2, 3]);
    expect([...c.weekdays]).toEqual([1, 2, 3, 4, 5]);
    expect([...parseCron('5/20 0 * * 7').minutes]).toEqual([5, 25, 45]);
    expect([...parseCron('0 0 * * 7').weekdays]).toEqual([0]);
  });

  it('expands the macros', () => {
    expect(parseCron('@hourly')).toEqual(parseCron('0 * * * *'));
    expect(parseCron('@daily')).toEqual(parseCron('0 0 * * *'));
    expect(parseCron('@weekly')).toEqual(parseCron('0 0 * * 0'));
    expect(parseCron('@MONTHLY')).toEqual(parseCron('0 0 1 * *'));
  });

  it.each([
    ['60 * * * *', 'minute'],
    ['* 24 * * *', 'hour'],
    ['* * 0 * *', 'day_of_month'],
    ['* * * 13 *', 'month'],
    ['* * * foo *', 'month'],
    ['* * * * 8', 'day_of_week'],
    ['*/0 * * * *', 'minute'],
    ['5-1 * * * *', 'minute'],
    ['1,,2 * * * *', 'minute'],
    ['* * * *', 'cron'],
    ['* * * * * *', 'cron'],
    ['@often', 'cron'],
  ])('refuses %s naming the field %s', (cron, fieldName) => {
    let err: unknown;
    try {
      parseCron(cron);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CronError);
    expect((err as CronError).field).toBe(fieldName);
  });
});

describe('nextTime', () => {
  it('finds the next minute strictly after the given instant, in UTC by default', () => {
    expect(next('*/15 * * * *', '2026-03-01T10:07:30Z')).toBe('2026-03-01T10:15:00.000Z');
    expect(next('*/15 * * * *', '2026-03-01T10:15:00Z')).toBe('2026-03-01T10:30:00.000Z');
    expect(next('@hourly', '2026-12-31T23:59:00Z')).toBe('2027-01-01T00:00:00.000Z');
    expect(next('0 9 * * mon', '2026-11-30T09:00:00Z')).toBe('2026-12-07T09:00:00.000Z'); // 30 Nov 2026 is a Monday
    expect(series('30 8 * * 1-5', '2026-11-27T12:00:00Z', 3)).toEqual(['2026-11-30T08:30:00.000Z', '2026-12-01T08:30:00.000Z', '2026-12-02T08:30:00.000Z']);
  });

  it('matches either day field when both are restricted, as cron does', () => {
    // The 13th, or any Friday.
    expect(series('0 0 13 * fri', '2026-02-01T00:00:00Z', 4)).toEqual([
      '2026-02-06T00:00:00.000Z',
      '2026-02-13T00:00:00.000Z',
      '2026-02-20T00:00:00.000Z',
      '2026-02-27T00:00:00.000Z',
    ]);
  });

  it('handles month ends, leap days, and expressions that never fire', () => {
    expect(next('0 0 31 * *', '2026-04-01T00:00:00Z')).toBe('2026-05-31T00:00:00.000Z');
    expect(next('0 12 29 feb *', '2026-03-01T00:00:00Z')).toBe('2028-02-29T12:00:00.000Z');
    expect(next('0 0 30 2 *', '2026-01-01T00:00:00Z')).toBeNull();
  });

  it('reads the wall clock of a time zone', () => {
    // 09:00 in Paris is 08:00 UTC in winter, 07:00 UTC in summer.
    expect(next('0 9 * * *', '2026-01-10T12:00:00Z', 'Europe/Paris')).toBe('2026-01-11T08:00:00.000Z');
    expect(next('0 9 * * *', '2026-07-10T12:00:00Z', 'Europe/Paris')).toBe('2026-07-11T07:00:00.000Z');
    expect(next('@daily', '2026-06-01T00:00:00Z', 'Asia/Kolkata')).toBe('2026-06-01T18:30:00.000Z');
    // Across the spring-forward change: 09:00 New York stays 09:00 local (14:00 UTC, then 13:00 UTC).
    expect(series('0 9 * * *', '2026-03-07T00:00:00Z', 3, 'America/New_York')).toEqual([
      '2026-03-07T14:00:00.000Z',
      '2026-03-08T13:00:00.000Z',
      '2026-03-09T13:00:00.000Z',
    ]);
  });

  it('fires a time skipped by spring forward just after the change, and a repeated hour once', () => {
    // 02:30 does not exist in New York on 8 March 2026: it fires at 03:30 EDT (07:30 UTC).
    expect(next('30 2 * * *', '2026-03-08T00:00:00Z', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z');
    // 01:30 happens twice on 1 November 2026: the first one (EDT, 05:30 UTC), then the next day's.
    expect(series('30 1 * * *', '2026-11-01T00:00:00Z', 2, 'America/New_York')).toEqual(['2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z']);
  });

  it('knows time zones', () => {
    expect(isTimeZone('Europe/Paris')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});

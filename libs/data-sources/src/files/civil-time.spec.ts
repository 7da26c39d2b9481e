import { daysFromCivil, daysInMonth, utcMsFromCivil } from './civil-time';

const DAY_MS = 86_400_000;

describe('civil time', () => {
  it('counts days since 1970-01-01, worked out by hand around the epoch and the leap day of 2000', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(1969, 12, 31)).toBe(-1);
    // January (31) and February of a common year (28) before it.
    expect(daysFromCivil(1970, 3, 1)).toBe(59);
    // 1970..1999: 30 * 365 + 7 leap days (1972 .. 1996) = 10,957 to 2000-01-01; then 31 + 29.
    expect(daysFromCivil(2000, 2, 29)).toBe(11_016);
    expect(daysFromCivil(2000, 3, 1)).toBe(11_017);
  });

  it('counts days like Date.UTC from the year -220 to 4160, negative eras included', () => {
    for (let day = -800_000; day < 800_000; day += 997) {
      const date = new Date(day * DAY_MS);
      expect(daysFromCivil(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate())).toBe(day);
    }
  });

  it('turns a civil date and time of day into UTC ms', () => {
    // 2021-06-24 is day 18,802: 16:05:07 adds (16 * 60 + 5) * 60 + 7 = 57,907 s.
    expect(utcMsFromCivil(2021, 6, 24, 16, 5, 7)).toBe(18_802 * DAY_MS + 57_907_000);
    expect(utcMsFromCivil(2021, 6, 24, 16, 5, 7)).toBe(Date.UTC(2021, 5, 24, 16, 5, 7));
  });

  it('gives the length of every month, February by the Gregorian leap rule', () => {
    const lengths = (year: number): number[] => Array.from({ length: 12 }, (_, i) => daysInMonth(year, i + 1));
    expect(lengths(2021)).toEqual([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
    expect(lengths(2024)).toEqual([31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
    // Centuries are common years unless divisible by 400.
    expect([daysInMonth(1900, 2), daysInMonth(2000, 2), daysInMonth(2100, 2), daysInMonth(2400, 2)]).toEqual([28, 29, 28, 29]);
  });
});

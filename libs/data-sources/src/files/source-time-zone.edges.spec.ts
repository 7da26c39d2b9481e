import { UTC_ZONE, parseTimeZone } from './source-time-zone';

const HOUR = 3_600_000;
const MINUTE = 60_000;

describe('source time zones: spellings and limits', () => {
  it('takes every spelling of UTC, in any case, as the UTC zone', () => {
    for (const spelling of ['', '  ', 'utc', 'Z', 'z', 'GMT', 'gmt', 'Etc/UTC']) expect(parseTimeZone(spelling)).toBe(UTC_ZONE);
    expect(UTC_ZONE.fixedOffsetMs).toBe(0);
  });

  it('does not take a UTC spelling with more after it, or an offset inside other text, as a zone', () => {
    expect(() => parseTimeZone('UTC+2')).toThrow('unknown time zone "UTC+2"');
    expect(() => parseTimeZone('UTC+02:00')).toThrow('unknown time zone "UTC+02:00"');
    expect(() => parseTimeZone('+02:00x')).toThrow('unknown time zone "+02:00x"');
    expect(() => parseTimeZone('+')).toThrow('unknown time zone "+"');
  });

  it('reads an IANA name ending in z as that zone, not as Zulu time', () => {
    // Bolivia keeps UTC-4 all year.
    const laPaz = parseTimeZone('America/La_Paz');
    expect([laPaz.name, laPaz.fixedOffsetMs]).toEqual(['America/La_Paz', undefined]);
    expect(laPaz.toUtc(Date.UTC(2021, 5, 1, 12))).toBe(Date.UTC(2021, 5, 1, 16));
  });

  it('trims the zone and gives IANA names their canonical spelling', () => {
    expect(parseTimeZone('  +02:00 ').name).toBe('+02:00');
    expect(parseTimeZone(' Europe/Athens ').name).toBe('Europe/Athens');
    expect(parseTimeZone('europe/athens').name).toBe('Europe/Athens');
  });

  it('names offsets with two-digit hours and minutes', () => {
    expect(parseTimeZone('+0530').name).toBe('+05:30');
    expect(parseTimeZone('-7').name).toBe('-07:00');
    expect(parseTimeZone('-7').fixedOffsetMs).toBe(-7 * HOUR);
  });

  it('accepts offsets up to 14:00 either way and minutes up to 59, and not one minute more', () => {
    expect(parseTimeZone('+14:00').fixedOffsetMs).toBe(14 * HOUR);
    expect(parseTimeZone('-14:00').toUtc(0)).toBe(14 * HOUR);
    expect(() => parseTimeZone('+14:01')).toThrow('time zone "+14:01" is not a valid UTC offset (at most ±14:00)');
    expect(() => parseTimeZone('-14:30')).toThrow('time zone "-14:30" is not a valid UTC offset (at most ±14:00)');
    expect(parseTimeZone('+05:59').fixedOffsetMs).toBe(5 * HOUR + 59 * MINUTE);
    expect(() => parseTimeZone('+05:60')).toThrow('time zone "+05:60" is not a valid UTC offset');
  });
});

describe('source time zones: IANA offsets', () => {
  it('keeps the seconds of an old local mean time offset', () => {
    // Athens kept its local mean time, UTC+1:34:52, until 1916.
    expect(parseTimeZone('Europe/Athens').toUtc(Date.UTC(1890, 0, 1, 12))).toBe(Date.UTC(1890, 0, 1, 10, 25, 8));
  });

  it('finds a change 27 hours after the start of the wall day, in a zone 6 hours behind UTC', () => {
    // Easter Island went from UTC-5 to UTC-6 at 2021-04-04 03:00 UTC, 22:00 local on April 3.
    const easter = parseTimeZone('Pacific/Easter');
    expect(easter.toUtc(Date.UTC(2021, 3, 3, 20))).toBe(Date.UTC(2021, 3, 4, 1));
    expect(easter.toUtc(Date.UTC(2021, 3, 3, 23))).toBe(Date.UTC(2021, 3, 4, 5));
  });

  it('finds a change 10 hours before the start of the wall day, in a zone 13:45 ahead of UTC', () => {
    // The Chatham Islands went from UTC+13:45 to UTC+12:45 at 2021-04-03 14:00 UTC, 03:45 local on April 4.
    const chatham = parseTimeZone('Pacific/Chatham');
    expect(chatham.toUtc(Date.UTC(2021, 3, 4, 1))).toBe(Date.UTC(2021, 3, 3, 11, 15));
    expect(chatham.toUtc(Date.UTC(2021, 3, 4, 12))).toBe(Date.UTC(2021, 3, 3, 23, 15));
  });

  it('costs two Intl calls per plain day and one bisection per day with a change, each day once', () => {
    const formatToParts = jest.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts');
    try {
      const athens = parseTimeZone('Europe/Athens');
      const callsFor = (wallTimes: number[]): number => {
        formatToParts.mockClear();
        for (const wall of wallTimes) athens.toUtc(wall);
        return formatToParts.mock.calls.length;
      };
      const hoursOf = (year: number, month: number, day: number): number[] => Array.from({ length: 24 }, (_, h) => Date.UTC(year, month, day, h));
      // The offsets at both ends of the day's window, the same: no search.
      expect(callsFor(hoursOf(2021, 6, 1))).toBe(2);
      // Different ends: the 50-hour window (3,000 minutes) halves to one minute in 12 more calls.
      expect(callsFor(hoursOf(2021, 2, 28))).toBe(14);
      // Both days again, alternating: every offset comes from the cache.
      expect(callsFor([...hoursOf(2021, 6, 1), ...hoursOf(2021, 2, 28), ...hoursOf(2021, 6, 1)])).toBe(0);
    } finally {
      formatToParts.mockRestore();
    }
  });
});

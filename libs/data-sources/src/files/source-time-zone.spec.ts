import { parseTimeZone } from './source-time-zone';

const HOUR = 3_600_000;

const formats = new Map<string, Intl.DateTimeFormat>();

/** Wall-clock time of `utcMs` in `zone`, written as UTC ms: the reference Intl gives. */
function wallOf(utcMs: number, zone: string): number {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
    formats.set(zone, format);
  }
  const parts = format.formatToParts(utcMs);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
}

describe('source time zones', () => {
  it('reads UTC and fixed offsets, shifting wall time back by the offset', () => {
    expect(parseTimeZone(undefined).toUtc(1000)).toBe(1000);
    expect(parseTimeZone('UTC').name).toBe('UTC');
    const plusTwo = parseTimeZone('+02:00');
    expect(plusTwo.fixedOffsetMs).toBe(2 * HOUR);
    expect(plusTwo.toUtc(Date.UTC(2021, 0, 1, 2))).toBe(Date.UTC(2021, 0, 1, 0));
    expect(parseTimeZone('-0530').toUtc(Date.UTC(2021, 0, 1, 0))).toBe(Date.UTC(2021, 0, 1, 5, 30));
    expect(parseTimeZone('+3').name).toBe('+03:00');
  });

  it('rejects unknown zones and impossible offsets, naming them', () => {
    expect(() => parseTimeZone('Mars/Olympus')).toThrow('unknown time zone "Mars/Olympus"');
    expect(() => parseTimeZone('+15:00')).toThrow('"+15:00" is not a valid UTC offset');
  });

  it('converts Europe/Athens wall time to UTC across both 2021 DST changes', () => {
    const athens = parseTimeZone('Europe/Athens');
    // Winter UTC+2, summer UTC+3; clocks go forward 2021-03-28 03:00 -> 04:00 local, back 2021-10-31 04:00 -> 03:00.
    expect(athens.toUtc(Date.UTC(2021, 2, 28, 2, 0))).toBe(Date.UTC(2021, 2, 28, 0, 0));
    expect(athens.toUtc(Date.UTC(2021, 2, 28, 4, 0))).toBe(Date.UTC(2021, 2, 28, 1, 0));
    // 03:30 does not exist that night: read with the winter offset, it lands just after the change.
    expect(athens.toUtc(Date.UTC(2021, 2, 28, 3, 30))).toBe(Date.UTC(2021, 2, 28, 1, 30));
    // 03:30 on 2021-10-31 happens twice: the first (summer) occurrence is chosen.
    expect(athens.toUtc(Date.UTC(2021, 9, 31, 3, 30))).toBe(Date.UTC(2021, 9, 31, 0, 30));
    expect(athens.toUtc(Date.UTC(2021, 9, 31, 4, 0))).toBe(Date.UTC(2021, 9, 31, 2, 0));
    expect(athens.toUtc(Date.UTC(2021, 6, 1, 12, 0))).toBe(Date.UTC(2021, 6, 1, 9, 0));
  });

  it.each(['Europe/Athens', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata'])('agrees with Intl on every half hour of 2016 in %s, taking the first of a repeated wall time', (zone) => {
    const converter = parseTimeZone(zone);
    let repeated = 0;
    for (let utc = Date.UTC(2016, 0, 1); utc < Date.UTC(2017, 0, 1); utc += HOUR / 2) {
      const wall = wallOf(utc, zone);
      // These zones move clocks by one hour, so a repeated wall time is one hour apart.
      const first = wallOf(utc - HOUR, zone) === wall ? utc - HOUR : utc;
      if (first !== utc) repeated++;
      expect(converter.toUtc(wall)).toBe(first);
    }
    expect(repeated).toBe(zone === 'Asia/Kolkata' ? 0 : 2);
  });
});

import { isCaughtUp, lastClosedBarStart, nextPollTime } from './live-schedule';

const timing = { settleMs: 5_000, retryMs: 60_000 };
const HOUR = 3_600_000;
const wednesday = (hour: number, minute = 0, second = 0) => Date.UTC(2025, 6, 16, hour, minute, second);

describe('the live schedule', () => {
  it('polls a caught-up series right after its next close plus the settling delay', () => {
    expect(lastClosedBarStart('H1', wednesday(10, 0, 5))).toBe(wednesday(9));
    expect(nextPollTime('H1', wednesday(9), wednesday(10, 0, 5), false, timing)).toBe(wednesday(11, 0, 5));
    // M5 at 10:07:30: the 10:00 bar closed at 10:05, the next closes at 10:10.
    expect(nextPollTime('M5', wednesday(10, 0), wednesday(10, 7, 30), false, timing)).toBe(wednesday(10, 10, 5));
  });

  it('asks again after retryMs while a closed bar is missing or the poll failed, never later than the next close', () => {
    expect(nextPollTime('H1', wednesday(8), wednesday(10, 0, 5), false, timing)).toBe(wednesday(10, 1, 5));
    expect(nextPollTime('H1', wednesday(9), wednesday(10, 0, 5), true, timing)).toBe(wednesday(10, 1, 5));
    expect(nextPollTime('H1', undefined, wednesday(10, 0, 5), false, timing)).toBe(wednesday(10, 1, 5));
    expect(nextPollTime('M1', wednesday(10, 0), wednesday(10, 2, 30), false, timing)).toBe(wednesday(10, 3, 5));
  });

  it('does not wait for bars over the FX weekend, but does once it is over', () => {
    const fridayLast = Date.UTC(2025, 6, 18, 19);
    expect(isCaughtUp('H1', fridayLast, Date.UTC(2025, 6, 19, 12, 0, 5))).toBe(true);
    expect(nextPollTime('H1', fridayLast, Date.UTC(2025, 6, 19, 12, 0, 5), false, timing)).toBe(Date.UTC(2025, 6, 19, 13, 0, 5));
    // Monday 02:00: the bars from Sunday evening to Monday 01:00 are not the weekend's.
    expect(isCaughtUp('H1', fridayLast, Date.UTC(2025, 6, 21, 2, 0, 5))).toBe(false);
    expect(isCaughtUp('H1', Date.UTC(2025, 6, 21, 1), Date.UTC(2025, 6, 21, 2, 0, 5))).toBe(true);
    // The 09:00 bar closes at 10:00: until then a series read through 08:00 misses nothing.
    expect(isCaughtUp('H1', wednesday(8), wednesday(8) + 2 * HOUR - 1)).toBe(true);
    expect(isCaughtUp('H1', wednesday(8), wednesday(8) + 2 * HOUR)).toBe(false);
  });
});

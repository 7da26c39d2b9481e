import { sharedH1Bars2025 } from '@trading/data-sources/testing';
import { missingRanges } from './missing-ranges';

const HOUR = 3_600_000;
const bars = sharedH1Bars2025('EURUSD');

/** Index of the first bar of a week (the first bar after a gap of more than a day). */
function firstBarAfterWeekend(fromIndex: number): number {
  for (let i = fromIndex + 1; i < bars.length; i++) if (bars[i].time - bars[i - 1].time > 24 * HOUR) return i;
  throw new Error('no weekend in the file');
}

describe('missingRanges', () => {
  const monday = firstBarAfterWeekend(100);
  const request = { symbol: 'EURUSD', timeframe: 'H1' as const, from: bars[monday].time, to: bars[monday + 48].time };
  const farFuture = bars[bars.length - 1].time + 365 * 24 * HOUR;

  it('asks for the whole window when the store has none of it, up to the bar still forming', () => {
    const now = request.from + 10 * HOUR + 20 * 60_000;
    expect(missingRanges([], request, now)).toEqual([{ ...request, to: request.from + 10 * HOUR }]);
    expect(missingRanges([], request, farFuture)).toEqual([request]);
  });

  it('asks for nothing when the store covers the window', () => {
    expect(missingRanges(bars.slice(monday, monday + 48), request, farFuture)).toEqual([]);
  });

  it('asks only for the tail after the last stored bar, and only for the head before the first', () => {
    const firstHalf = bars.slice(monday, monday + 24);
    expect(missingRanges(firstHalf, request, farFuture)).toEqual([{ ...request, from: bars[monday + 23].time + HOUR }]);
    const secondHalf = bars.slice(monday + 24, monday + 48);
    expect(missingRanges(secondHalf, request, farFuture)).toEqual([{ ...request, to: bars[monday + 24].time }]);
  });

  it('does not count the FX weekend as missing', () => {
    // The window runs from Friday's last bars over the weekend into Monday; the store ends on Friday.
    const friday = monday - 3;
    const overWeekend = { ...request, from: bars[friday].time, to: bars[monday].time };
    expect(missingRanges(bars.slice(friday, monday), overWeekend, farFuture)).toEqual([]);
    // Starting the window on Saturday with the first stored bar on Sunday evening: nothing missing either.
    const saturday = bars[monday - 1].time + 24 * HOUR;
    expect(missingRanges(bars.slice(monday, monday + 48), { ...request, from: saturday }, farFuture)).toEqual([]);
  });
});

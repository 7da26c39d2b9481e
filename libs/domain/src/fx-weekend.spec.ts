import { isWeekendGap } from './fx-weekend';

const H = 3_600_000;
const M5 = 300_000;

describe('FX weekend window', () => {
  it('excuses the weekend read in true UTC, summer and winter', () => {
    expect(isWeekendGap(Date.UTC(2022, 6, 1, 20), Date.UTC(2022, 6, 3, 21), H)).toBe(true);
    expect(isWeekendGap(Date.UTC(2022, 0, 7, 21), Date.UTC(2022, 0, 9, 22), H)).toBe(true);
  });

  it('excuses the weekend of a broker-time file read as UTC (Friday 23:55 to Monday 00:00)', () => {
    expect(isWeekendGap(Date.UTC(2022, 0, 7, 23, 55), Date.UTC(2022, 0, 10, 0, 0), M5)).toBe(true);
  });

  it('reports a weekend that runs into Monday morning or starts on Friday afternoon', () => {
    expect(isWeekendGap(Date.UTC(2022, 0, 7, 20), Date.UTC(2022, 0, 10, 2), H)).toBe(false);
    expect(isWeekendGap(Date.UTC(2022, 0, 7, 15), Date.UTC(2022, 0, 9, 22), H)).toBe(false);
  });

  it('reports holes in the middle of the week and holidays spanning a weekend', () => {
    expect(isWeekendGap(Date.UTC(2022, 0, 5, 10), Date.UTC(2022, 0, 5, 13), H)).toBe(false);
    expect(isWeekendGap(Date.UTC(2015, 11, 24, 20), Date.UTC(2015, 11, 28, 0), H)).toBe(false);
  });

  it('excuses a missing Monday 00:00 bar as part of the previous weekend', () => {
    expect(isWeekendGap(Date.UTC(2022, 0, 9, 23), Date.UTC(2022, 0, 10, 1), H)).toBe(true);
  });
});

import { parseDuration } from './duration';
import { type WindowPlan, walkForwardWindows } from './walk-forward-windows';

const d = parseDuration;
const day = (time: number): string => new Date(time).toISOString().slice(0, 10);
const plan = (overrides: Partial<WindowPlan> = {}): WindowPlan => ({ mode: 'rolling', train: d('12mo'), test: d('3mo'), step: d('3mo'), purge: d('0'), folds: 3, ...overrides });
// The EURUSD H1 file: first bar 2015-03-09 14:00, last bar 2022-07-19 22:00 (its close 23:00).
const EARLIEST = Date.UTC(2015, 2, 9, 14);
const END = Date.UTC(2022, 6, 19, 23);
const spans = (windows: ReturnType<typeof walkForwardWindows>): string[] => windows.map((w) => `${day(w.trainFrom)}..${day(w.trainTo)} | ${day(w.testFrom)}..${day(w.testTo)}`);

describe('window lengths', () => {
  it('reads months, years, weeks, days, hours and zero', () => {
    expect(d('12mo')).toEqual({ amount: 12, unit: 'mo', text: '12mo' });
    expect(d('2y')).toEqual({ amount: 24, unit: 'mo', text: '2y' });
    expect(d('26w').unit).toBe('w');
    expect(d('0').amount).toBe(0);
  });

  it('names the expected form for anything else', () => {
    expect(() => d('12 months')).toThrow('expected a length like 12mo, 1y, 2w, 5d, 12h or 0, got "12 months"');
    expect(() => d('5')).toThrow('got "5"');
  });
});

describe('walk-forward windows', () => {
  it('lays rolling folds back from the day after the last bar, test windows end to end', () => {
    expect(spans(walkForwardWindows(plan(), EARLIEST, END))).toEqual([
      '2020-10-20..2021-10-20 | 2021-10-20..2022-01-20',
      '2021-01-20..2022-01-20 | 2022-01-20..2022-04-20',
      '2021-04-20..2022-04-20 | 2022-04-20..2022-07-20',
    ]);
  });

  it('starts every anchored train window at the earliest tradable bar', () => {
    const windows = walkForwardWindows(plan({ mode: 'anchored', folds: 2 }), EARLIEST, END);
    expect(windows.map((w) => w.trainFrom)).toEqual([EARLIEST, EARLIEST]);
    expect(spans(windows)[1]).toBe('2015-03-09..2022-04-20 | 2022-04-20..2022-07-20');
  });

  it('leaves the purge gap between train and test, and gaps between test windows when the step is longer', () => {
    const windows = walkForwardWindows(plan({ purge: d('5d'), step: d('4mo'), folds: 2 }), EARLIEST, END);
    expect(spans(windows)).toEqual(['2020-12-15..2021-12-15 | 2021-12-20..2022-03-20', '2021-04-15..2022-04-15 | 2022-04-20..2022-07-20']);
  });

  it('says what does not fit', () => {
    expect(() => walkForwardWindows(plan({ folds: 30 }), EARLIEST, END)).toThrow(
      '30 folds of 12mo train + 3mo test (step 3mo, purge 0) need tradable data from 2014-01-20, but it starts at 2015-03-09 (after the strategy\'s warm-up); use fewer folds or shorter windows',
    );
    expect(() => walkForwardWindows(plan({ step: d('2mo') }), EARLIEST, END)).toThrow('step: 2mo is shorter than the 3mo test window, so test windows would overlap');
    expect(() => walkForwardWindows(plan({ folds: 0 }), EARLIEST, END)).toThrow('folds: expected a whole number >= 1, got 0');
  });

  it('keeps calendar months whole: a window ending on the 31st starts on the last day of a shorter month', () => {
    const windows = walkForwardWindows(plan({ folds: 1, test: d('1mo'), step: d('1mo'), train: d('1mo') }), EARLIEST, Date.UTC(2021, 2, 30, 23));
    expect(spans(windows)).toEqual(['2021-01-31..2021-02-28 | 2021-02-28..2021-03-31']);
  });
});

// The spread and slippage a fill model charges, per instrument (a pip is
// 0.0001 of EURUSD and 0.01 of USDJPY, a point a tenth of a pip), as the
// venue charges them and reports them to the risk desk.
import { instrumentFor, ManualClock, Money } from '@trading/domain';
import { DEFAULT_FILL_MODEL, type FillModel } from './fill-model';
import { SimulatedVenue } from './simulated-venue';
import { VenueCosts } from './venue-costs';

const INSTRUMENTS = [instrumentFor('EURUSD'), instrumentFor('USDJPY')];
/** Each number equal to its expected one to 15 decimals (a point of EURUSD is 1e-5). */
function expectNumbers(actual: number[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, i) => expect(value).toBeCloseTo(expected[i], 15));
}
const costs = (fill: Partial<FillModel>) => new VenueCosts(INSTRUMENTS, { ...DEFAULT_FILL_MODEL, ...fill });

describe('VenueCosts', () => {
  it('takes the spread from the bar column in points of each instrument', () => {
    const c = costs({});
    expectNumbers([c.spread(0, 7), c.spread(1, 7)], [7e-5, 7e-3]);
    expect(c.spread(0, 0)).toBe(0);
  });

  it('takes a fixed spread in pips of each instrument, whatever the bar says', () => {
    const c = costs({ spread: { source: 'fixed', pips: 2 } });
    expectNumbers([c.spread(0, 7), c.spread(1, 7)], [0.0002, 0.02]);
    expect(costs({ spread: { source: 'fixed', pips: 0 } }).spread(0, 7)).toBe(0);
  });

  it('slips by nothing, or by fixed pips of each instrument', () => {
    expect([costs({}).slippage(0), costs({}).slippage(1)]).toEqual([0, 0]);
    const c = costs({ slippage: { kind: 'fixed-pips', pips: 3 } });
    expectNumbers([c.slippage(0), c.slippage(1)], [0.0003, 0.03]);
  });

  it('slips by a fraction of each instrument own ATR, nothing until the ATR has its first value', () => {
    const c = costs({ slippage: { kind: 'atr-fraction', fraction: 0.5, period: 2 } });
    // True ranges need a previous close: ATR(2) has a value after three bars, the mean of ranges 2 and 3.
    c.observe(0, 1.102, 1.098, 1.1);
    c.observe(0, 1.102, 1.098, 1.1);
    expect(c.slippage(0)).toBe(0);
    c.observe(0, 1.104, 1.1, 1.1);
    // Ranges 0.004 and 0.004: ATR 0.004, half of it 0.002.
    expect(c.slippage(0)).toBeCloseTo(0.002, 15);
    // USDJPY has seen no bar.
    expect(c.slippage(1)).toBe(0);
  });
});

describe('SimulatedVenue cost estimates', () => {
  it('reports the spread of each slot latest bar and the slippage a market fill would suffer now', () => {
    const venue = new SimulatedVenue({
      instruments: INSTRUMENTS,
      fill: { ...DEFAULT_FILL_MODEL, slippage: { kind: 'fixed-pips', pips: 0.5 } },
      initialCash: Money.of(10_000, 'USD'),
      clock: new ManualClock(0),
    });
    expect([venue.currentSpread(0), venue.currentSpread(1)]).toEqual([0, 0]);
    venue.onBar(0, { time: 0, open: 1.1, high: 1.1, low: 1.1, close: 1.1, spread: 12 });
    venue.onBar(1, { time: 0, open: 115, high: 115, low: 115, close: 115, spread: 9 });
    expectNumbers([venue.currentSpread(0), venue.currentSpread(1)], [12e-5, 9e-3]);
    expectNumbers([venue.slippageEstimate(0), venue.slippageEstimate(1)], [0.00005, 0.005]);
    expect(venue.fill.slippage).toEqual({ kind: 'fixed-pips', pips: 0.5 });
  });
});

// What the tracker tells the engine about each symbol after a bar: its quote
// as the paper broker fills (bid = close, ask = close + spread), the feed's
// silence before the bar (weekends aside), what a market entry adds to the
// quote, and the ATR once it has its period of bars.
import { Money, instrumentFor } from '@trading/domain';
import { DeskBook } from './desk-book';
import { MarketStateTracker } from './market-state.tracker';
import type { DeskBar } from './sizing.policy';

const HOUR = 3_600_000;
const TUESDAY = Date.UTC(2025, 0, 7);

function setup(atrPeriod = 3) {
  const book = new DeskBook({ initialCash: Money.of(10_000, 'USD'), instruments: [instrumentFor('EURUSD')] });
  const tracker = new MarketStateTracker(book.instruments, 501, atrPeriod, 2 * HOUR);
  const observe = (barTime: number, bar: { open?: number; high?: number; low?: number; close: number; spread?: number; slippage?: number }, interval = HOUR): number => {
    book.quote(0, bar.close, bar.spread ?? 0.0002, barTime);
    const deskBar: DeskBar = { symbol: 'EURUSD', slot: 0, barTime, time: barTime + interval, open: bar.open ?? bar.close, high: bar.high ?? bar.close, low: bar.low ?? bar.close, close: bar.close, slippage: bar.slippage ?? 0, book };
    return tracker.observe(deskBar);
  };
  return { tracker, observe };
}

describe('market state tracker: per-bar state', () => {
  it('quotes the close as the bid and the close plus the spread as the ask, at the bar’s close time', () => {
    const { tracker, observe } = setup();
    observe(TUESDAY, { close: 1.1, spread: 0.0002 });
    expect(tracker.state.quotes['EURUSD']).toEqual({ symbol: 'EURUSD', time: TUESDAY + HOUR, bid: 1.1, ask: 1.1 + 0.0002 });
    expect(tracker.state.lastBarTime).toEqual({ EURUSD: TUESDAY });
    expect(tracker.state.instruments['EURUSD']).toBe(instrumentFor('EURUSD'));
  });

  it('measures the silence before a bar beyond its own interval: none for the first bar or the next hour, 2 h after a 3 h gap', () => {
    const { tracker, observe } = setup();
    observe(TUESDAY, { close: 1.1 });
    expect(tracker.state.silentMs).toEqual({ EURUSD: 0 });
    observe(TUESDAY + HOUR, { close: 1.1 });
    expect(tracker.state.silentMs).toEqual({ EURUSD: 0 });
    observe(TUESDAY + 4 * HOUR, { close: 1.1 });
    expect(tracker.state.silentMs).toEqual({ EURUSD: 2 * HOUR });
    // A bar that overlaps the previous one (a longer interval) is no silence.
    observe(TUESDAY + 5 * HOUR, { close: 1.1 }, 4 * HOUR);
    expect(tracker.state.silentMs).toEqual({ EURUSD: 0 });
  });

  it('does not count the FX weekend as silence', () => {
    const { tracker, observe } = setup();
    observe(Date.UTC(2025, 0, 10, 20), { close: 1.1 });
    observe(Date.UTC(2025, 0, 13, 0), { close: 1.1 });
    expect(tracker.state.silentMs).toEqual({ EURUSD: 0 });
  });

  it('adds the slippage and the mean close-to-open gap to what a market entry costs', () => {
    const { tracker, observe } = setup();
    observe(TUESDAY, { open: 1.1, close: 1.1, slippage: 0.0001 });
    expect(tracker.state.expectedEntryCost?.['EURUSD']).toBe(0.0001);
    observe(TUESDAY + HOUR, { open: 1.1004, close: 1.1004, slippage: 0.0001 });
    expect(tracker.state.expectedEntryCost?.['EURUSD']).toBeCloseTo(0.0005, 12);
  });

  it('gives no ATR before its period, and keeps the latest one once it has it', () => {
    const { tracker, observe } = setup(3);
    expect(observe(TUESDAY, { high: 1.101, low: 1.099, close: 1.1 })).toBeNaN();
    expect(observe(TUESDAY + HOUR, { high: 1.101, low: 1.099, close: 1.1 })).toBeNaN();
    expect(observe(TUESDAY + 2 * HOUR, { high: 1.101, low: 1.099, close: 1.1 })).toBeNaN();
    expect(tracker.state.atr).toEqual({});
    // Three true ranges (each after a previous close) of 0.002.
    const atr = observe(TUESDAY + 3 * HOUR, { high: 1.101, low: 1.099, close: 1.1 });
    expect(atr).toBeCloseTo(0.002, 12);
    expect(tracker.state.atr['EURUSD']).toBe(atr);
  });

  it('refuses a stale-data horizon that is not positive', () => {
    for (const bad of [0, -1, Number.NaN]) expect(() => new MarketStateTracker([instrumentFor('EURUSD')], 501, 14, bad)).toThrow(`the stale-data horizon must be > 0 ms, got ${bad}`);
  });
});

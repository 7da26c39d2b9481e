// The fill model pinned on real bars: every price below is worked out by hand
// from the vendored EURUSD H1 2025 file (its clock read as UTC, spread column in
// points of 0.00001), never taken from a run. The bars used, Tuesday 2025-07-08:
//
//   time   open     high     low      close    spread
//   08:00  1.17412  1.17445  1.17336  1.17344  7
//   09:00  1.17346  1.17445  1.17315  1.17415  7
//   10:00  1.17416  1.17650  1.17416  1.17598  7
//   11:00  1.17597  1.17601  1.17474  1.17487  7
//   17:00  1.17046  1.17062  1.16824  1.16918  7
//   18:00  1.16919  1.17123  1.16895  1.17064  7
//   19:00  1.17064  1.17126  1.16961  1.17085  7
//   20:00  1.17085  1.17256  1.17073  1.17240  7
//   21:00  1.17240  1.17283  1.17180  1.17249  7
//
// Prices are bids; a buy pays the ask, bid + spread. One lot is 100,000 EUR, so
// a move of 0.00001 (a point) is 1 USD a lot.
import { Money } from '@trading/domain';
import { FixedSizePolicy } from '@trading/risk-engine';
import type { FillModel } from '@trading/simulated-venue';
import { runBacktest } from '../engine/backtest.engine';
import { barSlice } from './testing/bar-slice.fixture';
import { type ScriptedSignal, scriptedStrategy } from './testing/scripted.strategy';

const NEXT_OPEN: FillModel = { timing: 'next-open', spread: { source: 'bar' }, slippage: { kind: 'fixed-pips', pips: 0.3 }, commission: { kind: 'none' } };

function run(from: string, bars: number, script: readonly ScriptedSignal[], fill: FillModel = NEXT_OPEN, lots = '1') {
  return runBacktest({
    feeds: [barSlice('EURUSD_H1_2025', from, bars)],
    strategy: scriptedStrategy('EURUSD', script),
    sizing: new FixedSizePolicy(lots),
    initialCash: Money.of(10_000, 'USD'),
    fill,
  });
}

function trades(result: ReturnType<typeof run>) {
  return result.trades.map((t) => ({
    side: t.side,
    entryTime: new Date(t.entryTime).toISOString(),
    entryPrice: t.entryPrice.toFixed(),
    exitTime: new Date(t.exitTime).toISOString(),
    exitPrice: t.exitPrice.toFixed(),
    exitReason: t.exitReason,
    gross: t.grossPnl.amount.toFixed(),
    net: t.netPnl.amount.toFixed(),
  }));
}

describe('fills pinned on real EURUSD H1 bars (hand-derived)', () => {
  it('fills a market order at the next open: a buy at the ask plus slippage, a sell at the bid less slippage', () => {
    // Buy at the 09:00 close -> 10:00 open 1.17416 + 7 points spread + 0.3 pip slippage = 1.17426.
    // Flat at the 10:00 close -> 11:00 open 1.17597 - 0.3 pip = 1.17594.
    // (1.17594 - 1.17426) = 16.8 pips x 1 lot = 168 USD.
    const result = run('2025-07-08T08:00:00Z', 4, [
      { at: '2025-07-08T09:00:00Z', side: 'buy' },
      { at: '2025-07-08T10:00:00Z', side: 'flat' },
    ]);
    expect(trades(result)).toEqual([
      {
        side: 'long',
        entryTime: '2025-07-08T10:00:00.000Z',
        entryPrice: '1.17426',
        exitTime: '2025-07-08T11:00:00.000Z',
        exitPrice: '1.17594',
        exitReason: 'scripted flat at 2025-07-08T10:00:00Z; filled at the open',
        gross: '168',
        net: '168',
      },
    ]);
    expect(result.finalEquity.toString()).toBe('10168');
    // Spread: 7 points on the buy = 7 USD; slippage: 3 points on each fill = 6 USD.
    expect({ spread: result.costs.spread.toString(), slippage: result.costs.slippage.toString() }).toEqual({ spread: '7', slippage: '6' });
  });

  it('fills at the signal bar close under close timing', () => {
    // Buy at the 09:00 close 1.17415 + 7 points + 0.3 pip = 1.17425; sell at the 10:00 close 1.17598 - 0.3 pip = 1.17595.
    // 17 pips x 1 lot = 170 USD.
    const result = run('2025-07-08T08:00:00Z', 4, [
      { at: '2025-07-08T09:00:00Z', side: 'buy' },
      { at: '2025-07-08T10:00:00Z', side: 'flat' },
    ], { ...NEXT_OPEN, timing: 'close' });
    expect(trades(result).map((t) => [t.entryPrice, t.exitPrice, t.gross])).toEqual([['1.17425', '1.17595', '170']]);
    expect(result.finalEquity.toString()).toBe('10170');
  });

  it("triggers a short's stop on the ask, filling at the stop plus slippage, in the bar that opened it", () => {
    // Sell at the 09:00 close -> 10:00 open at the bid less slippage: 1.17416 - 0.00003 = 1.17413.
    // Stop 1.17655: the 10:00 bid high 1.17650 stays under it, its ask high 1.17650 + 0.00007 = 1.17657
    // reaches it. Fill at 1.17655 + 0.3 pip = 1.17658: 24.5 pips lost, 245 USD.
    const result = run('2025-07-08T08:00:00Z', 4, [{ at: '2025-07-08T09:00:00Z', side: 'sell', stopLoss: 1.17655, takeProfit: 1.17 }]);
    expect(trades(result)).toEqual([
      {
        side: 'short',
        entryTime: '2025-07-08T10:00:00.000Z',
        entryPrice: '1.17413',
        exitTime: '2025-07-08T10:00:00.000Z',
        exitPrice: '1.17658',
        exitReason: 'stop-loss',
        gross: '-245',
        net: '-245',
      },
    ]);
    expect(result.finalEquity.toString()).toBe('9755');
  });

  it("fills a long's take-profit at the target, without slippage", () => {
    // Entry as above at 1.17426; target 1.17600, reached by the 10:00 high 1.17650 (its low 1.17416 stays
    // over the stop 1.17200). Exit 1.17600: 17.4 pips, 174 USD.
    const result = run('2025-07-08T08:00:00Z', 4, [{ at: '2025-07-08T09:00:00Z', side: 'buy', stopLoss: 1.172, takeProfit: 1.176 }]);
    expect(trades(result).map((t) => [t.exitTime, t.exitPrice, t.exitReason, t.gross])).toEqual([['2025-07-08T10:00:00.000Z', '1.176', 'take-profit', '174']]);
    expect(result.finalEquity.toString()).toBe('10174');
  });

  it("takes a short's profit when the ask reaches the target exactly (1.16961 + 0.8 pip = 1.16969 in decimals, a hair above in floating point)", () => {
    // Fixed 0.8 pip spread, no slippage. Sell at the 18:00 close -> 19:00 open 1.17064 (the bid).
    // Target 1.16969: the 19:00 ask low is 1.16961 + 0.00008 = 1.16969 exactly, so the target fills there:
    // 9.5 pips, 95 USD. The sum in doubles is 1.1696900000000001; compared raw it missed the target and the
    // short ran to the end of the data (21:00 close 1.17249 + 0.8 pip = 1.17257, a loss of 193 USD).
    const result = run('2025-07-08T17:00:00Z', 5, [{ at: '2025-07-08T18:00:00Z', side: 'sell', stopLoss: 1.173, takeProfit: 1.16969 }], {
      ...NEXT_OPEN,
      spread: { source: 'fixed', pips: 0.8 },
      slippage: { kind: 'none' },
    });
    expect(trades(result).map((t) => [t.entryPrice, t.exitTime, t.exitPrice, t.exitReason, t.gross])).toEqual([['1.17064', '2025-07-08T19:00:00.000Z', '1.16969', 'take-profit', '95']]);
    expect(result.finalEquity.toString()).toBe('10095');
  });

  it('fills a stop the weekend gapped through at the open, less slippage', () => {
    // Friday 2025-07-11: buy at the 18:00 close -> 19:00 open 1.16957 + 0.00007 + 0.00003 = 1.16967, stop 1.16750.
    // The Friday lows after it (19:00..23:00: 1.16886, 1.16863, 1.16882, 1.16855, 1.16786) stay over the stop;
    // Monday 2025-07-14 opens at 1.16654, under it: filled at 1.16654 - 0.00003 = 1.16651, not at the stop.
    // 31.6 pips lost, 316 USD.
    const result = run('2025-07-11T17:00:00Z', 9, [{ at: '2025-07-11T18:00:00Z', side: 'buy', stopLoss: 1.1675, takeProfit: 1.175 }]);
    expect(trades(result)).toEqual([
      {
        side: 'long',
        entryTime: '2025-07-11T19:00:00.000Z',
        entryPrice: '1.16967',
        exitTime: '2025-07-14T00:00:00.000Z',
        exitPrice: '1.16651',
        exitReason: 'stop-loss, gapped: filled at the open',
        gross: '-316',
        net: '-316',
      },
    ]);
    expect(result.finalEquity.toString()).toBe('9684');
  });

  it('closes what is open at the end of the data at the last close, a short at the ask, without slippage', () => {
    // Sell at the 09:00 close -> 1.17413 (as above), no brackets. The data ends with the 11:00 bar: the short
    // buys back at its close plus the spread, 1.17487 + 0.00007 = 1.17494. 8.1 pips lost, 81 USD.
    const result = run('2025-07-08T08:00:00Z', 4, [{ at: '2025-07-08T09:00:00Z', side: 'sell' }]);
    expect(trades(result).map((t) => [t.exitTime, t.exitPrice, t.exitReason, t.gross])).toEqual([['2025-07-08T11:00:00.000Z', '1.17494', 'end of data', '-81']]);
    expect(result.finalEquity.toString()).toBe('9919');
  });
});

// Commission pinned on real bars, worked out by hand. One round trip on the
// vendored EURUSD H1 2025 file (clock read as UTC): bought at the Tuesday
// 2025-07-08 09:00 close, so at the 10:00 open 1.17416 + 7 points of spread
// = 1.17423; sold on a flat signal at the 10:00 close, so at the 11:00 open
// 1.17597 (the bid). The price gain is 17.4 pips. No slippage, no swap.
import { MemoryDecisionSink, Money } from '@trading/domain';
import { FixedSizePolicy } from '@trading/risk-engine';
import type { CommissionModel } from '@trading/simulated-venue';
import { runBacktest } from '../engine/backtest.engine';
import { barSlice } from './testing/bar-slice.fixture';
import { scriptedStrategy } from './testing/scripted.strategy';

function roundTrip(lots: string, commission: CommissionModel) {
  const decisions = new MemoryDecisionSink();
  const result = runBacktest({
    feeds: [barSlice('EURUSD_H1_2025', '2025-07-08T08:00:00Z', 4)],
    strategy: scriptedStrategy('EURUSD', [
      { at: '2025-07-08T09:00:00Z', side: 'buy' },
      { at: '2025-07-08T10:00:00Z', side: 'flat' },
    ]),
    sizing: new FixedSizePolicy(lots),
    initialCash: Money.of(10_000, 'USD'),
    fill: { timing: 'next-open', spread: { source: 'bar' }, slippage: { kind: 'none' }, commission },
    decisions,
  });
  const fills = decisions.lines.map((line) => JSON.parse(line) as { event: string; price: string; commission: string; cash: string }).filter((line) => line.event === 'fill');
  const [trade] = result.trades;
  return {
    fills: fills.map((fill) => ({ price: fill.price, commission: fill.commission, cash: fill.cash })),
    trade: { gross: trade.grossPnl.amount.toFixed(), costs: trade.costs.amount.toFixed(), net: trade.netPnl.amount.toFixed() },
    commission: result.costs.commission.toString(),
    finalEquity: result.finalEquity.toString(),
  };
}

describe('commission pinned on a real EURUSD H1 round trip (hand-derived)', () => {
  it('charges per lot on each side: 0.3 lots at 3.5 USD a lot is 1.05 on the entry and 1.05 on the exit', () => {
    // Price: (1.17597 - 1.17423) x 0.3 x 100,000 = 52.2 USD. Commission 2 x 1.05 = 2.1. Net 50.1.
    // Cash after the entry 10,000 - 1.05 = 9,998.95; after the exit 9,998.95 + 52.2 - 1.05 = 10,050.1.
    expect(roundTrip('0.3', { kind: 'per-lot', amount: 3.5 })).toEqual({
      fills: [
        { price: '1.17423', commission: '1.05', cash: '9998.95' },
        { price: '1.17597', commission: '1.05', cash: '10050.1' },
      ],
      trade: { gross: '52.2', costs: '2.1', net: '50.1' },
      commission: '2.1',
      finalEquity: '10050.1',
    });
  });

  it('charges basis points of the notional of each fill: 0.5 bps of 2 lots', () => {
    // Entry notional 200,000 x 1.17423 = 234,846 USD, x 0.5 / 10,000 = 11.7423.
    // Exit notional 200,000 x 1.17597 = 235,194 USD, x 0.5 / 10,000 = 11.7597.
    // Price: 0.00174 x 200,000 = 348. Commission 23.502. Net 324.498.
    expect(roundTrip('2', { kind: 'bps', bps: 0.5 })).toEqual({
      fills: [
        { price: '1.17423', commission: '11.7423', cash: '9988.2577' },
        { price: '1.17597', commission: '11.7597', cash: '10324.498' },
      ],
      trade: { gross: '348', costs: '23.502', net: '324.498' },
      commission: '23.502',
      finalEquity: '10324.498',
    });
  });
});

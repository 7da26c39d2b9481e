// Currency conversion into a USD account pinned on real bars, worked out by
// hand. P&L comes in the pair's quote currency and is converted when the
// trade closes: USDCHF's CHF at USDCHF's own exit price (CHF per USD), and
// EURGBP's GBP at GBPUSD's last close, the run's latest known price of it.
// Bars of the vendored 2025 H1 files, Tuesday 2025-07-08 (clock read as UTC):
//
//   USDCHF  09:00 close 0.79678   10:00 open 0.79677   11:00 open 0.79593, spread 12 points
//   EURGBP  09:00 close 0.86158   10:00 open 0.86160 spread 8   12:00 open 0.86305
//   GBPUSD  10:00 close 1.36405   11:00 close 1.36117   12:00 close 1.35947
//   AUDUSD  10:00 open 0.65306    11:00 close 0.65411   12:00 open 0.65410 close 0.65385
//   EURUSD  10:00 open 1.17416                          12:00 open 1.17487
import { emptyBarColumns, Money } from '@trading/domain';
import { FixedSizePolicy } from '@trading/risk-engine';
import type { CommissionModel } from '@trading/simulated-venue';
import { runBacktest } from '../engine/backtest.engine';
import { barSlice } from './testing/bar-slice.fixture';
import { type ScriptedSignal, scriptedStrategy } from './testing/scripted.strategy';

function run(options: { feeds: Parameters<typeof barSlice>[0][]; script: readonly ScriptedSignal[]; commission?: CommissionModel; conversionRates?: Record<string, number> }) {
  const symbol = options.feeds[0].slice(0, 6);
  return runBacktest({
    feeds: options.feeds.map((file) => barSlice(file, '2025-07-08T08:00:00Z', 5)),
    strategy: scriptedStrategy(symbol, options.script),
    sizing: new FixedSizePolicy('1'),
    initialCash: Money.of(10_000, 'USD'),
    fill: { timing: 'next-open', spread: { source: 'bar' }, slippage: { kind: 'none' }, commission: options.commission ?? { kind: 'none' } },
    conversionRates: options.conversionRates,
  });
}

/**
 * A cross whose conversion pair sorts before it, so that bars closing together
 * reach the venue conversion pair first: EURAUD = EURUSD / AUDUSD, bar by bar
 * from the two real files (rounded to 5 places, 20 points of spread).
 */
function eurAudSlice() {
  const eur = barSlice('EURUSD_H1_2025', '2025-07-08T08:00:00Z', 5);
  const aud = barSlice('AUDUSD_H1_2025', '2025-07-08T08:00:00Z', 5);
  const cross = emptyBarColumns('EURAUD', 'H1', 5);
  const round = (x: number) => Math.round(x * 1e5) / 1e5;
  for (let i = 0; i < 5; i++) {
    cross.time[i] = eur.time[i];
    cross.open[i] = round(eur.open[i] / aud.open[i]);
    cross.close[i] = round(eur.close[i] / aud.close[i]);
    cross.high[i] = Math.max(cross.open[i], cross.close[i], round(eur.high[i] / aud.low[i]));
    cross.low[i] = Math.min(cross.open[i], cross.close[i], round(eur.low[i] / aud.high[i]));
    cross.spread[i] = 20;
  }
  return { cross, aud };
}

const SHORT_USDCHF: readonly ScriptedSignal[] = [
  { at: '2025-07-08T09:00:00Z', side: 'sell' },
  { at: '2025-07-08T10:00:00Z', side: 'flat' },
];
const LONG_EURGBP: readonly ScriptedSignal[] = [
  { at: '2025-07-08T09:00:00Z', side: 'buy' },
  { at: '2025-07-08T11:00:00Z', side: 'flat' },
];

// USD figures of USDCHF divide by a price, so they do not end: compared to 10 decimal places.
const usd = (money: Money): string => money.amount.toDecimalPlaces(10).toFixed();

describe('currency conversion into a USD account, pinned on real 2025 H1 bars (hand-derived)', () => {
  it('converts USDCHF P&L from CHF at the exit price: 72 CHF / 0.79605 = 90.4465799887 USD', () => {
    // 1 lot (100,000 USD) sold at the 09:00 close -> the 10:00 open 0.79677 (the bid); bought back on a flat
    // signal at the 10:00 close -> the 11:00 open 0.79593 + 12 points = 0.79605 (the ask).
    // (0.79677 - 0.79605) x 100,000 = 72 CHF; at 0.79605 CHF a dollar, 72 / 0.79605 = 90.44657998869417750... USD.
    const result = run({ feeds: ['USDCHF_H1_2025'], script: SHORT_USDCHF });
    const [trade] = result.trades;
    expect([trade.entryPrice.toFixed(), trade.exitPrice.toFixed(), usd(trade.grossPnl)]).toEqual(['0.79677', '0.79605', '90.4465799887']);
    expect(usd(result.finalEquity)).toBe('10090.4465799887');
  });

  it('charges bps commission of a USD-based pair on its USD notional: 100,000 USD a lot, 5 USD a side at 0.5 bps', () => {
    // Whatever the price, one lot of USDCHF is 100,000 USD: 0.5 bps of it is 5 USD on each fill.
    // Net: 90.4465799887 - 10 = 80.4465799887.
    const result = run({ feeds: ['USDCHF_H1_2025'], script: SHORT_USDCHF, commission: { kind: 'bps', bps: 0.5 } });
    expect(usd(result.costs.commission)).toBe('10');
    expect(usd(result.trades[0].netPnl)).toBe('80.4465799887');
    expect(usd(result.finalEquity)).toBe('10080.4465799887');
  });

  it("converts EURGBP P&L from GBP at GBPUSD's last close before the exit: 137 GBP x 1.36117 = 186.48029 USD", () => {
    // 1 lot (100,000 EUR) bought at the 09:00 close -> the 10:00 open 0.86160 + 8 points = 0.86168; sold on a
    // flat signal at the 11:00 close -> the 12:00 open 0.86305. (0.86305 - 0.86168) x 100,000 = 137 GBP.
    // The exit fills at 12:00, when the last GBPUSD bar closed is the 11:00 bar (bars closing together are
    // worked by symbol, EURGBP before GBPUSD): 137 x 1.36117 = 186.48029 USD.
    const result = run({ feeds: ['EURGBP_H1_2025', 'GBPUSD_H1_2025'], script: LONG_EURGBP });
    const [trade] = result.trades;
    expect([trade.entryPrice.toFixed(), trade.exitPrice.toFixed(), trade.grossPnl.toString()]).toEqual(['0.86168', '0.86305', '186.48029']);
    expect(result.finalEquity.toString()).toBe('10186.48029');
  });

  it("converts a fill at AUDUSD's close before the fill's bar, not the close of the same hour: -198 AUD x 0.65411 = -129.51378 USD", () => {
    // EURAUD opens 1.17416 / 0.65306 = 1.79794 at 10:00 and 1.17487 / 0.65410 = 1.79616 at 12:00. Bought at the
    // 09:00 close -> the 10:00 open + 20 points = 1.79814; sold on a flat at the 11:00 close -> the 12:00 open
    // 1.79616. (1.79616 - 1.79814) x 100,000 = -198 AUD. The exit fills inside the 12:00 bar, so it converts at
    // the 11:00 bar's AUDUSD close, 0.65411: -129.51378 USD. AUDUSD's 12:00 bar reaches the venue before
    // EURAUD's (bars closing together go by symbol), but its close 0.65385 (-129.4623 USD) came an hour after
    // the fill.
    const { cross, aud } = eurAudSlice();
    const result = runBacktest({
      feeds: [cross, aud],
      strategy: scriptedStrategy('EURAUD', LONG_EURGBP),
      sizing: new FixedSizePolicy('1'),
      initialCash: Money.of(10_000, 'USD'),
      fill: { timing: 'next-open', spread: { source: 'bar' }, slippage: { kind: 'none' }, commission: { kind: 'none' } },
    });
    const [trade] = result.trades;
    expect([trade.entryPrice.toFixed(), trade.exitPrice.toFixed(), trade.grossPnl.toString()]).toEqual(['1.79814', '1.79616', '-129.51378']);
    expect(result.finalEquity.toString()).toBe('9870.48622');
  });

  it('converts EURGBP P&L at a fixed GBPUSD rate when no GBPUSD data is in the run: 137 GBP x 1.35 = 184.95 USD', () => {
    const result = run({ feeds: ['EURGBP_H1_2025'], script: LONG_EURGBP, conversionRates: { GBPUSD: 1.35 } });
    expect(result.trades.map((t) => t.grossPnl.toString())).toEqual(['184.95']);
    expect(result.finalEquity.toString()).toBe('10184.95');
  });
});

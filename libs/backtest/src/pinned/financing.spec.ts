// Swap pinned on real bars, every night counted by hand. The rule (fill-model.ts):
// a position held over the 22:00 UTC rollover pays or earns its swap per lot,
// Monday to Friday rollovers only, Wednesday's counting three nights (the
// weekend's); the rollover comes at 22:00:00, before anything trades in the
// 22:00 bar. Bars from the vendored EURUSD H1 2025 file (clock read as UTC):
//
//   2025-07-08 Tue 10:00  open 1.17416 spread 7     2025-07-09 Wed 21:00  open 1.17086  close 1.17131
//   2025-07-08 Tue 21:00  close 1.17249             2025-07-09 Wed 22:00  open 1.17132
//   2025-07-08 Tue 22:00  open 1.17251 spread 7     2025-07-11 Fri 09:00  open 1.16778 spread 7
//   2025-07-09 Wed 20:00  close 1.17090             2025-07-14 Mon 10:00  open 1.16632
import { MemoryDecisionSink, Money } from '@trading/domain';
import { FixedSizePolicy } from '@trading/risk-engine';
import type { FillModel } from '@trading/simulated-venue';
import { runBacktest } from '../engine/backtest.engine';
import { barSlice } from './testing/bar-slice.fixture';
import { type ScriptedSignal, scriptedStrategy } from './testing/scripted.strategy';

// -6.5 USD per lot per night long, +1.2 short; the bar spread, nothing else.
const SWAP: FillModel = { timing: 'next-open', spread: { source: 'bar' }, slippage: { kind: 'none' }, commission: { kind: 'none' }, swap: { longPerLot: -6.5, shortPerLot: 1.2 } };

function run(from: string, bars: number, lots: string, script: readonly ScriptedSignal[], decisions?: MemoryDecisionSink) {
  return runBacktest({
    decisions,
    feeds: [barSlice('EURUSD_H1_2025', from, bars)],
    strategy: scriptedStrategy('EURUSD', script),
    sizing: new FixedSizePolicy(lots),
    initialCash: Money.of(10_000, 'USD'),
    fill: SWAP,
  });
}

function figures(result: ReturnType<typeof run>) {
  return {
    trades: result.trades.map((t) => ({ entry: `${new Date(t.entryTime).toISOString()} ${t.entryPrice.toFixed()}`, exit: `${new Date(t.exitTime).toISOString()} ${t.exitPrice.toFixed()}`, gross: t.grossPnl.amount.toFixed(), costs: t.costs.amount.toFixed(), net: t.netPnl.amount.toFixed() })),
    swapPaid: result.costs.swap.toString(),
    finalEquity: result.finalEquity.toString(),
  };
}

describe('swap pinned on real EURUSD H1 bars (hand-derived)', () => {
  it('charges a long held Tuesday to Monday six nights: Wednesday three, the weekend none', () => {
    // 2 lots bought at the Tuesday 09:00 close -> 10:00 open 1.17416 + 7 points = 1.17423; flat at Monday
    // 2025-07-14 09:00 close -> sold at the 10:00 open 1.16632. Rollovers held over: Tue 22:00 (1),
    // Wed 22:00 (3), Thu 22:00 (1), Fri 22:00 (1); Saturday and Sunday none; Monday's comes after the exit.
    // Swap: 6 nights x 2 lots x -6.5 = -78. Price: (1.16632 - 1.17423) x 200,000 = -1,582. Net -1,660.
    const result = run('2025-07-08T08:00:00Z', 100, '2', [
      { at: '2025-07-08T09:00:00Z', side: 'buy' },
      { at: '2025-07-14T09:00:00Z', side: 'flat' },
    ]);
    expect(figures(result)).toEqual({
      trades: [{ entry: '2025-07-08T10:00:00.000Z 1.17423', exit: '2025-07-14T10:00:00.000Z 1.16632', gross: '-1582', costs: '78', net: '-1660' }],
      swapPaid: '78',
      finalEquity: '8340',
    });
  });

  it('writes each charge to the decision log when it is booked, at the first bar after its rollover', () => {
    // The same long: -6.5 x 2 lots a night, charged with the 22:00 bar that follows each rollover.
    const decisions = new MemoryDecisionSink();
    run('2025-07-08T08:00:00Z', 100, '2', [
      { at: '2025-07-08T09:00:00Z', side: 'buy' },
      { at: '2025-07-14T09:00:00Z', side: 'flat' },
    ], decisions);
    const line = (day: number, nights: number, amount: string) =>
      `{"event":"swap","time":${Date.UTC(2025, 6, day, 22)},"strategy":"scripted","symbol":"EURUSD","nights":${nights},"amount":"${amount}"}\n`;
    expect(decisions.lines.filter((l) => l.startsWith('{"event":"swap"'))).toEqual([line(8, 1, '-13'), line(9, 3, '-39'), line(10, 1, '-13'), line(11, 1, '-13')]);
  });

  it('pays the rollover a position is closed at: opened at Tuesday 22:00, closed at Wednesday 22:00, it held exactly one, three nights', () => {
    // 1 lot bought at the Tuesday 21:00 close -> the 22:00 open 1.17251 + 7 points = 1.17258, after Tuesday's
    // rollover. Flat at the Wednesday 21:00 close -> sold at the 22:00 open 1.17132, after Wednesday's
    // rollover: the position was open over it and pays it, 3 nights x 1 lot x -6.5 = -19.5.
    // Price: (1.17132 - 1.17258) x 100,000 = -126. Net -145.5.
    // (Booking the rollover after the bar's fills let a position closed at the 22:00 open skip it while one
    // opened there skipped the night before: held 24 hours, this one paid nothing.)
    const result = run('2025-07-08T21:00:00Z', 26, '1', [
      { at: '2025-07-08T21:00:00Z', side: 'buy' },
      { at: '2025-07-09T21:00:00Z', side: 'flat' },
    ]);
    expect(figures(result)).toEqual({
      trades: [{ entry: '2025-07-08T22:00:00.000Z 1.17258', exit: '2025-07-09T22:00:00.000Z 1.17132', gross: '-126', costs: '19.5', net: '-145.5' }],
      swapPaid: '19.5',
      finalEquity: '9854.5',
    });
  });

  it('credits a short its positive swap: four nights from Wednesday 21:00 to Friday 09:00', () => {
    // 1 lot sold at the Wednesday 20:00 close -> the 21:00 open 1.17086 (the bid). Flat at the Friday 08:00
    // close -> bought back at the 09:00 open 1.16778 + 7 points = 1.16785. Rollovers: Wed 22:00 (3) and
    // Thu 22:00 (1): 4 nights x 1 lot x +1.2 = +4.8, a negative cost. Price: (1.17086 - 1.16785) x 100,000
    // = +301. Net +305.8.
    const result = run('2025-07-09T20:00:00Z', 38, '1', [
      { at: '2025-07-09T20:00:00Z', side: 'sell' },
      { at: '2025-07-11T08:00:00Z', side: 'flat' },
    ]);
    expect(figures(result)).toEqual({
      trades: [{ entry: '2025-07-09T21:00:00.000Z 1.17086', exit: '2025-07-11T09:00:00.000Z 1.16785', gross: '301', costs: '-4.8', net: '305.8' }],
      swapPaid: '-4.8',
      finalEquity: '10305.8',
    });
  });
});

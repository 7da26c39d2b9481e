// The fill rules hold for a short as for a long: every rule that reads the
// bar on one side (a long exits and a sell fills at the bid, a short exits and
// a buy fills at the ask = bid + spread) is run here on both sides, on real
// EURUSD H1 bars of data/ (MT5 export: bid prices, spread column in points of
// 0.00001), with every fill and P&L derived by hand from the bars below.
//
// time (file clock, UTC)   open     high     low      close    spread  ask open/high/low
// 2025-06-24 15:00       1.16080  1.16109  1.15935  1.16004   7      1.16087 1.16116 1.15942
// 2025-06-27 23:00 Fri   1.17065  1.17207  1.17058  1.17157   7      1.17072 1.17214 1.17065
// 2025-06-30 00:00 Mon   1.17294  1.17307  1.17196  1.17305   7      1.17301 1.17314 1.17203   (gap up)
// 2025-07-11 23:00 Fri   1.16877  1.16937  1.16786  1.16886   7      1.16884 1.16944 1.16793
// 2025-07-14 00:00 Mon   1.16654  1.16733  1.16610  1.16675   8      1.16662 1.16741 1.16618   (gap down)
// 2025-07-25 00:00       1.17392  1.17491  1.17387  1.17459   9      1.17401 1.17500 1.17396
// 2025-09-17 21:00       1.18519  1.19183  1.18188  1.18340   7      1.18526 1.19190 1.18195   (FOMC, 99.5 pips)
// 2025-09-17 22:00       1.18343  1.18564  1.18202  1.18241   7      1.18350 1.18571 1.18209
//
// Every position is 1 lot = 100,000 EUR, so 0.00001 of price is 1 USD of P&L
// on a 10,000 USD account.
import { barAt, instrumentFor, ManualClock, Money, Quantity } from '@trading/domain';
import { readSharedBars, sharedData } from '@trading/test-support';
import { DEFAULT_FILL_MODEL, type FillModel } from './fill-model';
import type { VenueBar } from './matching';
import type { Fill, OrderRequest } from './order';
import { SimulatedVenue } from './simulated-venue';

const EURUSD_H1 = readSharedBars(sharedData.fxH1_2025('EURUSD'), 'EURUSD', 'H1');

const TUE_0624_1500 = Date.UTC(2025, 5, 24, 15);
const FRI_0627_2300 = Date.UTC(2025, 5, 27, 23);
const MON_0630_0000 = Date.UTC(2025, 5, 30, 0);
const FRI_0711_2300 = Date.UTC(2025, 6, 11, 23);
const MON_0714_0000 = Date.UTC(2025, 6, 14, 0);
const FRI_0725_0000 = Date.UTC(2025, 6, 25, 0);
const FOMC_2100 = Date.UTC(2025, 8, 17, 21);
const FOMC_2200 = Date.UTC(2025, 8, 17, 22);

/** The vendored bar that opened at `time` (the export's clock read as UTC). */
function bar(time: number): VenueBar {
  const index = EURUSD_H1.time.indexOf(time);
  if (index < 0) throw new RangeError(`no EURUSD H1 bar at ${new Date(time).toISOString()}`);
  return barAt(EURUSD_H1, index);
}

type Request = Omit<OrderRequest, 'strategy' | 'id' | 'symbol' | 'quantity' | 'reason'>;

/** A EURUSD venue (spread from the bars unless `fill` says otherwise) trading 1 lot for strategy "s". */
function eurusdVenue(fill: Partial<FillModel> = {}) {
  const fills: Fill[] = [];
  const venue = new SimulatedVenue({
    instruments: [instrumentFor('EURUSD')],
    fill: { ...DEFAULT_FILL_MODEL, ...fill },
    initialCash: Money.of(10_000, 'USD'),
    clock: new ManualClock(0),
    listener: { onFill: (f) => fills.push(f) },
  });
  const position = venue.positionIndex('s', 'EURUSD');
  let orders = 0;
  return {
    venue,
    position,
    fills,
    submit: (request: Request) => venue.submit({ strategy: 's', id: `order-${++orders}`, symbol: 'EURUSD', quantity: Quantity.of('1'), reason: 'test', ...request }),
    run: (...times: number[]) => times.forEach((time) => venue.onBar(0, bar(time))),
    /** 1 long, -1 short, 0 flat. */
    side: () => venue.ledger.sideAt(position),
    /** Each fill as side, price, bar time and reason. */
    seen: () => fills.map((f) => [f.side, f.price.toFixed(), f.time, f.reason]),
  };
}

describe('SimulatedVenue long and short alike, on real EURUSD H1 bars', () => {
  it('reads the bars the fills below are derived from as the header lists them', () => {
    const row = (time: number) => {
      const b = bar(time);
      return [b.open, b.high, b.low, b.close, b.spread];
    };
    expect([TUE_0624_1500, FRI_0627_2300, MON_0630_0000, FRI_0711_2300, MON_0714_0000, FRI_0725_0000, FOMC_2100, FOMC_2200].map(row)).toEqual([
      [1.1608, 1.16109, 1.15935, 1.16004, 7],
      [1.17065, 1.17207, 1.17058, 1.17157, 7],
      [1.17294, 1.17307, 1.17196, 1.17305, 7],
      [1.16877, 1.16937, 1.16786, 1.16886, 7],
      [1.16654, 1.16733, 1.1661, 1.16675, 8],
      [1.17392, 1.17491, 1.17387, 1.17459, 9],
      [1.18519, 1.19183, 1.18188, 1.1834, 7],
      [1.18343, 1.18564, 1.18202, 1.18241, 7],
    ]);
  });

  describe('a bar that touches both the stop and the target exits at the stop (pessimistic)', () => {
    it('LONG on 2025-09-17 21:00: bought at the ask open 1.18526, stop 1.18226 and target 1.18826 both inside the bid range 1.18188-1.19183', () => {
      const v = eurusdVenue();
      v.submit({ side: 'buy', type: 'market', stopLoss: 1.18226, takeProfit: 1.18826 });
      v.run(FOMC_2100);
      expect(v.seen()).toEqual([
        ['buy', '1.18526', FOMC_2100, 'test; filled at the open'],
        ['sell', '1.18226', FOMC_2100, 'stop-loss'],
      ]);
      // (1.18226 - 1.18526) x 100,000 = -300 USD; the target would have made +300.
      const trade = v.venue.ledger.trades[0];
      expect([trade.side, trade.exitReason, trade.grossPnl.toString()]).toEqual(['long', 'stop-loss', '-300']);
      expect(v.venue.ledger.cash.toString()).toBe('9700');
    });

    it('SHORT on 2025-09-17 21:00: sold at the bid open 1.18519, stop 1.18819 and target 1.18219 both inside the ask range 1.18195-1.19190', () => {
      const v = eurusdVenue();
      v.submit({ side: 'sell', type: 'market', stopLoss: 1.18819, takeProfit: 1.18219 });
      v.run(FOMC_2100);
      expect(v.seen()).toEqual([
        ['sell', '1.18519', FOMC_2100, 'test; filled at the open'],
        ['buy', '1.18819', FOMC_2100, 'stop-loss'],
      ]);
      // (1.18519 - 1.18819) x 100,000 = -300 USD; the target would have made +300.
      const trade = v.venue.ledger.trades[0];
      expect([trade.side, trade.exitReason, trade.grossPnl.toString()]).toEqual(['short', 'stop-loss', '-300']);
      expect(v.venue.ledger.cash.toString()).toBe('9700');
      // The short's exit is a buy: it pays the 0.7 pip spread, 0.00007 x 100,000 = 7 USD (inside its price).
      expect(v.venue.ledger.costs().spread.toString()).toBe('7');
    });
  });

  describe('a bracket the open has gapped through fills at the open', () => {
    it('SHORT stop over the weekend gap up: sold 1.17065 on Friday, stop 1.17250 above Friday ask high 1.17214, filled at Monday ask open 1.17301', () => {
      const v = eurusdVenue();
      v.submit({ side: 'sell', type: 'market', stopLoss: 1.1725, takeProfit: 1.16865 });
      v.run(FRI_0627_2300, MON_0630_0000);
      expect(v.seen()).toEqual([
        ['sell', '1.17065', FRI_0627_2300, 'test; filled at the open'],
        ['buy', '1.17301', MON_0630_0000, 'stop-loss, gapped: filled at the open'],
      ]);
      // (1.17065 - 1.17301) x 100,000 = -236 USD, not the -185 of the stop price.
      expect(v.venue.ledger.trades[0].grossPnl.toString()).toBe('-236');
      expect(v.venue.ledger.cash.toString()).toBe('9764');
    });

    it('LONG target over the same gap up: bought 1.17072 on Friday, target 1.17250 above Friday high 1.17207, filled at Monday bid open 1.17294', () => {
      const v = eurusdVenue();
      v.submit({ side: 'buy', type: 'market', stopLoss: 1.16872, takeProfit: 1.1725 });
      v.run(FRI_0627_2300, MON_0630_0000);
      expect(v.seen()).toEqual([
        ['buy', '1.17072', FRI_0627_2300, 'test; filled at the open'],
        ['sell', '1.17294', MON_0630_0000, 'take-profit, gapped: filled at the open'],
      ]);
      // (1.17294 - 1.17072) x 100,000 = +222 USD.
      expect(v.venue.ledger.trades[0].grossPnl.toString()).toBe('222');
    });

    it('LONG stop over the weekend gap down: bought 1.16884 on Friday, stop 1.16700 under Friday low 1.16786, filled at Monday bid open 1.16654', () => {
      const v = eurusdVenue();
      v.submit({ side: 'buy', type: 'market', stopLoss: 1.167, takeProfit: 1.17084 });
      v.run(FRI_0711_2300, MON_0714_0000);
      expect(v.seen()).toEqual([
        ['buy', '1.16884', FRI_0711_2300, 'test; filled at the open'],
        ['sell', '1.16654', MON_0714_0000, 'stop-loss, gapped: filled at the open'],
      ]);
      // (1.16654 - 1.16884) x 100,000 = -230 USD.
      expect(v.venue.ledger.trades[0].grossPnl.toString()).toBe('-230');
    });

    it('SHORT target over the same gap down: sold 1.16877 on Friday, target 1.16700 under Friday ask low 1.16793, filled at Monday ask open 1.16662', () => {
      const v = eurusdVenue();
      v.submit({ side: 'sell', type: 'market', stopLoss: 1.17077, takeProfit: 1.167 });
      v.run(FRI_0711_2300, MON_0714_0000);
      expect(v.seen()).toEqual([
        ['sell', '1.16877', FRI_0711_2300, 'test; filled at the open'],
        ['buy', '1.16662', MON_0714_0000, 'take-profit, gapped: filled at the open'],
      ]);
      // (1.16877 - 1.16662) x 100,000 = +215 USD, not the +177 of the target price.
      expect(v.venue.ledger.trades[0].grossPnl.toString()).toBe('215');
    });
  });

  // Entered at the 2025-09-17 21:00 open (long 1.18526 at the ask, short 1.18519 at the bid), each with one
  // bracket: exactly at the extreme of the side it exits on, the bracket fills; one point (0.00001) beyond, it does not.
  it.each([
    // (1.18188 - 1.18526) x 100,000 = -338
    { side: 'buy', bracket: 'stopLoss', level: 1.18188, exit: '-338', why: 'the bid low', outcome: 'exits, -338 USD' },
    { side: 'buy', bracket: 'stopLoss', level: 1.18187, exit: null, why: 'a point under the bid low', outcome: 'stays open' },
    // (1.19183 - 1.18526) x 100,000 = +657
    { side: 'buy', bracket: 'takeProfit', level: 1.19183, exit: '657', why: 'the bid high', outcome: 'exits, +657 USD' },
    { side: 'buy', bracket: 'takeProfit', level: 1.19184, exit: null, why: 'a point over the bid high', outcome: 'stays open' },
    // (1.18519 - 1.19190) x 100,000 = -671
    { side: 'sell', bracket: 'stopLoss', level: 1.1919, exit: '-671', why: 'the ask high', outcome: 'exits, -671 USD' },
    { side: 'sell', bracket: 'stopLoss', level: 1.19191, exit: null, why: 'a point over the ask high', outcome: 'stays open' },
    // (1.18519 - 1.18195) x 100,000 = +324
    { side: 'sell', bracket: 'takeProfit', level: 1.18195, exit: '324', why: 'the ask low', outcome: 'exits, +324 USD' },
    { side: 'sell', bracket: 'takeProfit', level: 1.18194, exit: null, why: 'a point under the ask low; the bid low 1.18188 reached it', outcome: 'stays open' },
  ] as const)('$side entry, $bracket at $level ($why): $outcome', ({ side, bracket, level, exit }) => {
    const v = eurusdVenue();
    v.submit({ side, type: 'market', [bracket]: level });
    v.run(FOMC_2100);
    const trades = v.venue.ledger.trades;
    expect(trades.map((t) => [t.exitReason, t.exitPrice.toNumber(), t.grossPnl.toString()])).toEqual(
      exit === null ? [] : [[bracket === 'stopLoss' ? 'stop-loss' : 'take-profit', level, exit]],
    );
    expect(v.side()).toBe(exit === null ? (side === 'buy' ? 1 : -1) : 0);
  });

  // Working orders on the 2025-09-17 21:00 bar: a sell fills on the bid range 1.18188-1.19183, a buy on the ask
  // range 1.18195-1.19190; exactly at the extreme it fills at its price, one point beyond it stays working.
  it.each([
    { side: 'sell', type: 'limit', price: 1.19183, fills: '1.19183', how: 'at the limit' },
    { side: 'sell', type: 'limit', price: 1.19184, fills: null, how: 'a point over the bid high' },
    { side: 'buy', type: 'limit', price: 1.18195, fills: '1.18195', how: 'at the limit' },
    { side: 'buy', type: 'limit', price: 1.18194, fills: null, how: 'a point under the ask low' },
    { side: 'sell', type: 'stop', price: 1.18188, fills: '1.18188', how: 'at the stop' },
    { side: 'sell', type: 'stop', price: 1.18187, fills: null, how: 'a point under the bid low' },
    { side: 'buy', type: 'stop', price: 1.1919, fills: '1.1919', how: 'at the stop' },
    { side: 'buy', type: 'stop', price: 1.19191, fills: null, how: 'a point over the ask high' },
  ] as const)('$side $type at $price: $how', ({ side, type, price, fills }) => {
    const v = eurusdVenue();
    v.submit({ side, type, price });
    v.run(FOMC_2100);
    expect(v.seen()).toEqual(fills === null ? [] : [[side, fills, FOMC_2100, `test; filled ${type === 'limit' ? 'at the limit' : 'at the stop'}`]]);
    expect(v.venue.openOrders(0)).toHaveLength(fills === null ? 1 : 0);
  });

  // Working through Friday's bar untouched, each order meets the Monday open beyond its price and fills there.
  it.each([
    // Gap down: Friday bid low 1.16786 / ask low 1.16793 stay above 1.16700; Monday opens at bid 1.16654, ask 1.16662.
    { side: 'sell', type: 'stop', friday: FRI_0711_2300, monday: MON_0714_0000, fills: '1.16654', how: 'at the open, gapped through the stop' },
    { side: 'buy', type: 'limit', friday: FRI_0711_2300, monday: MON_0714_0000, fills: '1.16662', how: 'at the open, through the limit' },
    // Gap up: Friday bid high 1.17207 / ask high 1.17214 stay under 1.17250; Monday opens at bid 1.17294, ask 1.17301.
    { side: 'buy', type: 'stop', friday: FRI_0627_2300, monday: MON_0630_0000, fills: '1.17301', how: 'at the open, gapped through the stop' },
    { side: 'sell', type: 'limit', friday: FRI_0627_2300, monday: MON_0630_0000, fills: '1.17294', how: 'at the open, through the limit' },
  ] as const)('$side $type the weekend gapped past fills $how, at $fills', ({ side, type, friday, monday, fills, how }) => {
    const v = eurusdVenue();
    v.submit({ side, type, price: friday === FRI_0711_2300 ? 1.167 : 1.1725 });
    v.run(friday);
    expect(v.fills).toHaveLength(0);
    v.run(monday);
    expect(v.seen()).toEqual([[side, fills, monday, `test; filled ${how}`]]);
  });

  describe('slippage (1 pip) goes against the trader on both sides, on market and stop fills only', () => {
    it('SHORT: sold at Friday bid open 1.17065 - 0.0001 = 1.17055, stopped at Monday ask open 1.17301 + 0.0001 = 1.17311', () => {
      const v = eurusdVenue({ slippage: { kind: 'fixed-pips', pips: 1 } });
      v.submit({ side: 'sell', type: 'market', stopLoss: 1.1725 });
      v.run(FRI_0627_2300, MON_0630_0000);
      expect(v.seen().map(([s, price]) => [s, price])).toEqual([
        ['sell', '1.17055'],
        ['buy', '1.17311'],
      ]);
      // (1.17055 - 1.17311) x 100,000 = -256 USD, of which 2 x 10 USD is slippage.
      expect(v.venue.ledger.trades[0].grossPnl.toString()).toBe('-256');
      expect(v.venue.ledger.costs().slippage.toString()).toBe('20');
    });

    it('SHORT target: sold 1.16877 - 0.0001 = 1.16867, the gapped take-profit fills at Monday ask open 1.16662 unslipped', () => {
      const v = eurusdVenue({ slippage: { kind: 'fixed-pips', pips: 1 } });
      v.submit({ side: 'sell', type: 'market', takeProfit: 1.167 });
      v.run(FRI_0711_2300, MON_0714_0000);
      expect(v.seen().map(([s, price]) => [s, price])).toEqual([
        ['sell', '1.16867'],
        ['buy', '1.16662'],
      ]);
      // (1.16867 - 1.16662) x 100,000 = +205 USD.
      expect(v.venue.ledger.trades[0].grossPnl.toString()).toBe('205');
      expect(v.venue.ledger.costs().slippage.toString()).toBe('10');
    });

    it.each([
      // Gapped at the Monday open: stops at the open less/plus the slippage, limits at the open.
      { side: 'sell', type: 'stop', price: 1.167, bars: [FRI_0711_2300, MON_0714_0000], fills: '1.16644', how: 'gapped: bid open 1.16654 - 0.0001' },
      { side: 'buy', type: 'stop', price: 1.1725, bars: [FRI_0627_2300, MON_0630_0000], fills: '1.17311', how: 'gapped: ask open 1.17301 + 0.0001' },
      { side: 'buy', type: 'limit', price: 1.167, bars: [FRI_0711_2300, MON_0714_0000], fills: '1.16662', how: 'gapped: ask open, unslipped' },
      { side: 'sell', type: 'limit', price: 1.1725, bars: [FRI_0627_2300, MON_0630_0000], fills: '1.17294', how: 'gapped: bid open, unslipped' },
      // Reached inside the 2025-09-17 21:00 range.
      { side: 'sell', type: 'stop', price: 1.18188, bars: [FOMC_2100], fills: '1.18178', how: 'at the bid low 1.18188 - 0.0001' },
      { side: 'buy', type: 'stop', price: 1.1919, bars: [FOMC_2100], fills: '1.192', how: 'at the ask high 1.19190 + 0.0001' },
      { side: 'sell', type: 'limit', price: 1.19183, bars: [FOMC_2100], fills: '1.19183', how: 'at the bid high, unslipped' },
      { side: 'buy', type: 'limit', price: 1.18195, bars: [FOMC_2100], fills: '1.18195', how: 'at the ask low, unslipped' },
    ] as const)('$side $type at $price fills at $fills ($how)', ({ side, type, price, bars, fills }) => {
      const v = eurusdVenue({ slippage: { kind: 'fixed-pips', pips: 1 } });
      v.submit({ side, type, price });
      v.run(...bars);
      expect(v.seen().map(([s, at]) => [s, at])).toEqual([[side, fills]]);
    });
  });

  describe('trailing stops follow the best price of their own side, after the check', () => {
    it('SHORT trailing 30 pips: sold 1.18519 at the 21:00 open; the ask low 1.18195 sets the stop at 1.18495 after the bar, so the 22:00 ask high 1.18571 stops it', () => {
      const v = eurusdVenue();
      v.submit({ side: 'sell', type: 'market', trailingStopDistance: 0.003 });
      v.run(FOMC_2100);
      // The 21:00 ask high 1.19190 came with no stop yet in place: the stop is set from the bar, never inside it.
      expect(v.side()).toBe(-1);
      expect(v.venue.brackets(v.position).stopLoss).toBeCloseTo(1.18495, 12);
      v.run(FOMC_2200);
      expect(v.seen()).toEqual([
        ['sell', '1.18519', FOMC_2100, 'test; filled at the open'],
        ['buy', '1.18495', FOMC_2200, 'stop-loss'],
      ]);
      // (1.18519 - 1.18495) x 100,000 = +24 USD (a stop trailing the bid low 1.18188 would have made +31).
      expect(v.venue.ledger.trades[0].grossPnl.toString()).toBe('24');
    });

    it('LONG trailing 30 pips: bought 1.18526; the bid high 1.19183 sets the stop at 1.18883, and the 22:00 bid open 1.18343 gaps through it', () => {
      const v = eurusdVenue();
      v.submit({ side: 'buy', type: 'market', trailingStopDistance: 0.003 });
      v.run(FOMC_2100);
      expect(v.venue.brackets(v.position).stopLoss).toBeCloseTo(1.18883, 12);
      v.run(FOMC_2200);
      expect(v.seen()[1]).toEqual(['sell', '1.18343', FOMC_2200, 'stop-loss, gapped: filled at the open']);
      // (1.18343 - 1.18526) x 100,000 = -183 USD.
      expect(v.venue.ledger.trades[0].grossPnl.toString()).toBe('-183');
    });

    it('a buy trailing-stop order anchors at the last ask (close 1.18340 + 0.00007) and fills at 1.18347 + 0.002 = 1.18547 when the 22:00 ask high 1.18571 reaches it', () => {
      const v = eurusdVenue();
      v.run(FOMC_2100);
      v.submit({ side: 'buy', type: 'trailing-stop', trailDistance: 0.002 });
      v.run(FOMC_2200);
      expect(v.seen()).toEqual([['buy', '1.18547', FOMC_2200, 'test; filled at the stop']]);
    });
  });

  // Prices are on the 0.00001 grid but the ask is bid + spread in floating point: 1.17491 + 0.00009 comes out as
  // 1.1749999999999998 and 1.15935 + 0.00007 as 1.1594200000000001. A level the ask touched exactly is touched all
  // the same, as a level the bid touched exactly is.
  describe('a level the ask touched exactly is touched, whatever float the sum bid + spread rounds to', () => {
    it('SHORT stop at the 2025-07-25 00:00 ask high 1.17500: sold at the bid open 1.17392, stopped at 1.17500', () => {
      const v = eurusdVenue();
      v.submit({ side: 'sell', type: 'market', stopLoss: 1.175 });
      v.run(FRI_0725_0000);
      expect(v.seen()[1]).toEqual(['buy', '1.175', FRI_0725_0000, 'stop-loss']);
      // (1.17392 - 1.17500) x 100,000 = -108 USD.
      expect(v.venue.ledger.trades[0].grossPnl.toString()).toBe('-108');
    });

    it('buy stop at the same ask high 1.17500 fills at it', () => {
      const v = eurusdVenue();
      v.submit({ side: 'buy', type: 'stop', price: 1.175 });
      v.run(FRI_0725_0000);
      expect(v.seen()).toEqual([['buy', '1.175', FRI_0725_0000, 'test; filled at the stop']]);
    });

    it('SHORT target at the 2025-06-24 15:00 ask low 1.15942: sold at the bid open 1.16080, taken at 1.15942', () => {
      const v = eurusdVenue();
      v.submit({ side: 'sell', type: 'market', takeProfit: 1.15942 });
      v.run(TUE_0624_1500);
      expect(v.seen()[1]).toEqual(['buy', '1.15942', TUE_0624_1500, 'take-profit']);
      // (1.16080 - 1.15942) x 100,000 = +138 USD.
      expect(v.venue.ledger.trades[0].grossPnl.toString()).toBe('138');
    });

    it('buy limit at the same ask low 1.15942 fills at it', () => {
      const v = eurusdVenue();
      v.submit({ side: 'buy', type: 'limit', price: 1.15942 });
      v.run(TUE_0624_1500);
      expect(v.seen()).toEqual([['buy', '1.15942', TUE_0624_1500, 'test; filled at the limit']]);
    });
  });
});

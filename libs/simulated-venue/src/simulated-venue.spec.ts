import { type BarColumns, ExactDecimal, ManualClock, Money, Quantity, barAt, emptyBarColumns, instrumentFor } from '@trading/domain';
import { DEFAULT_FILL_MODEL, type FillModel } from './fill-model';
import type { Fill } from './order';
import { SimulatedVenue } from './simulated-venue';

type Row = [open: number, high: number, low: number, close: number, spreadPoints?: number];

/** Hand-built M5 EURUSD bars from 2022-01-03 10:00 UTC (a Monday). */
function bars(rows: Row[], symbol = 'EURUSD') {
  const columns = emptyBarColumns(symbol, 'M5', rows.length);
  rows.forEach(([o, h, l, c, s = 0], i) => {
    columns.time[i] = Date.UTC(2022, 0, 3, 10) + i * 300_000;
    columns.open[i] = o;
    columns.high[i] = h;
    columns.low[i] = l;
    columns.close[i] = c;
    columns.spread[i] = s;
  });
  return columns;
}

/** A one-symbol venue whose orders all belong to strategy "s". */
function broker(fill: Partial<FillModel> = {}, symbol = 'EURUSD') {
  const fills: Fill[] = [];
  const venue = new SimulatedVenue({
    instruments: [instrumentFor(symbol)],
    fill: { ...DEFAULT_FILL_MODEL, ...fill },
    initialCash: Money.of(10_000, 'USD'),
    clock: new ManualClock(0),
    listener: { onFill: (f) => fills.push(f) },
  });
  const position = venue.positionIndex('s', symbol);
  return { broker: new VenueDriver(venue, position), fills };
}

/** The venue seen through one position, with bars given as (columns, index). */
class VenueDriver {
  constructor(
    readonly venue: SimulatedVenue,
    readonly slotPosition: number,
  ) {}

  onBar(slot: number, data: BarColumns, i: number): void {
    this.venue.onBar(slot, barAt(data, i));
  }

  fillMarketAtClose(slot: number, data: BarColumns, i: number): void {
    this.venue.fillMarketAtClose(slot, barAt(data, i));
  }

  private orders = 0;

  submit(request: Omit<Parameters<SimulatedVenue['submit']>[0], 'strategy' | 'id'>) {
    return this.venue.submit({ strategy: 's', id: `order-${++this.orders}`, ...request });
  }

  cancel(id: string, reason: string): boolean {
    return this.venue.cancel(id, reason);
  }

  positionSide(_slot: number): number {
    return this.venue.ledger.sideAt(this.slotPosition);
  }

  position(_slot: number): Quantity {
    return this.venue.ledger.quantityAt(this.slotPosition);
  }

  get cash(): Money {
    return this.venue.ledger.cash;
  }

  get trades() {
    return this.venue.ledger.trades;
  }

  costs() {
    return this.venue.ledger.costs();
  }
}

const lots = (n: string) => Quantity.of(n);

describe('SimulatedVenue', () => {
  it('fills a market buy at the next open plus the bar spread and books the round trip exactly', () => {
    const data = bars([
      [1.1, 1.101, 1.099, 1.1],
      [1.1002, 1.1012, 1.1, 1.101, 10],
      [1.1011, 1.1021, 1.1005, 1.102, 10],
    ]);
    const { broker: b, fills } = broker();
    b.onBar(0, data, 0);
    b.submit({ symbol: 'EURUSD', side: 'buy', type: 'market', quantity: lots('0.1'), reason: 'test' });
    b.onBar(0, data, 1);
    // Ask = 1.1002 + 10 points (1 pip).
    expect(fills[0].price.toFixed()).toBe('1.1003');
    b.submit({ symbol: 'EURUSD', side: 'sell', type: 'market', quantity: lots('0.1'), reason: 'exit' });
    b.onBar(0, data, 2);
    expect(fills[1].price.toFixed()).toBe('1.1011');
    // (1.1011 - 1.1003) x 10,000 units = 8 USD.
    expect(b.cash.toString()).toBe('10008');
    expect(b.trades).toHaveLength(1);
    expect(b.trades[0].netPnl.toString()).toBe('8');
    expect(b.costs().spread.toString()).toBe('1');
  });

  it('fills the stop first when stop and target are both inside one bar', () => {
    const data = bars([
      [1.1, 1.1, 1.1, 1.1],
      [1.1, 1.102, 1.098, 1.1],
    ]);
    const { broker: b, fills } = broker();
    b.onBar(0, data, 0);
    b.submit({ symbol: 'EURUSD', side: 'buy', type: 'market', quantity: lots('1'), stopLoss: 1.099, takeProfit: 1.101, reason: 'test' });
    b.onBar(0, data, 1);
    expect(fills.map((f) => f.price.toFixed())).toEqual(['1.1', '1.099']);
    expect(b.trades[0].exitReason).toBe('stop-loss');
    expect(b.cash.toString()).toBe('9900');
  });

  it('fills a stop at the open when the market gaps through it', () => {
    const data = bars([
      [1.1, 1.1, 1.1, 1.1],
      [1.1, 1.1005, 1.0995, 1.1],
      [1.097, 1.098, 1.096, 1.0975],
    ]);
    const { broker: b, fills } = broker();
    b.onBar(0, data, 0);
    b.submit({ symbol: 'EURUSD', side: 'buy', type: 'market', quantity: lots('1'), stopLoss: 1.099, reason: 'test' });
    b.onBar(0, data, 1);
    b.onBar(0, data, 2);
    expect(fills[1].price.toFixed()).toBe('1.097');
    expect(b.trades[0].exitReason).toContain('gapped');
    expect(b.cash.toString()).toBe('9700');
  });

  it('triggers a short position stop on the ask (bar high plus spread)', () => {
    const data = bars([
      [1.1, 1.1, 1.1, 1.1, 20],
      [1.1, 1.1005, 1.0995, 1.1, 20],
      [1.1, 1.1009, 1.0995, 1.1, 20],
    ]);
    const { broker: b, fills } = broker();
    b.onBar(0, data, 0);
    b.submit({ symbol: 'EURUSD', side: 'sell', type: 'market', quantity: lots('1'), stopLoss: 1.101, reason: 'test' });
    b.onBar(0, data, 1);
    expect(b.positionSide(0)).toBe(-1);
    // Bid high 1.1009 + 2 pips of spread = ask 1.1029 >= 1.101.
    b.onBar(0, data, 2);
    expect(fills[1].price.toFixed()).toBe('1.101');
    expect(b.cash.toString()).toBe('9900');
  });

  it('nets a reversal: closes the long and opens a short with the remainder', () => {
    const data = bars([
      [1.1, 1.1, 1.1, 1.1],
      [1.1, 1.1, 1.1, 1.1],
      [1.105, 1.105, 1.105, 1.105],
    ]);
    const { broker: b } = broker({ commission: { kind: 'per-lot', amount: 3 } });
    b.onBar(0, data, 0);
    b.submit({ symbol: 'EURUSD', side: 'buy', type: 'market', quantity: lots('1'), reason: 'open' });
    b.onBar(0, data, 1);
    b.submit({ symbol: 'EURUSD', side: 'sell', type: 'market', quantity: lots('2'), reason: 'reverse' });
    b.onBar(0, data, 2);
    expect(b.position(0).toString()).toBe('1');
    expect(b.positionSide(0)).toBe(-1);
    // +500 on the long, minus 3 (entry) + 6 (reversal order, 2 lots) commission.
    expect(b.cash.toString()).toBe('10491');
    expect(b.trades[0].netPnl.toString()).toBe('494');
  });

  it('fills a buy limit at its price when the ask range reaches it, and at the open when it opens through it', () => {
    const data = bars([
      [1.1, 1.1, 1.1, 1.1],
      [1.1, 1.1, 1.098, 1.099],
      [1.097, 1.098, 1.096, 1.097],
    ]);
    const { broker: b, fills } = broker();
    b.onBar(0, data, 0);
    b.submit({ symbol: 'EURUSD', side: 'buy', type: 'limit', price: 1.0985, quantity: lots('1'), reason: 'dip' });
    b.submit({ symbol: 'EURUSD', side: 'buy', type: 'limit', price: 1.0975, quantity: lots('1'), reason: 'deeper' });
    b.onBar(0, data, 1);
    b.onBar(0, data, 2);
    expect(fills.map((f) => f.price.toFixed())).toEqual(['1.0985', '1.097']);
  });

  it('trails a sell stop behind the highest bid and fills when the low reaches it', () => {
    const data = bars([
      [1.1, 1.1, 1.1, 1.1],
      [1.1, 1.103, 1.1, 1.102],
      [1.102, 1.102, 1.1005, 1.101],
    ]);
    const { broker: b, fills } = broker();
    b.onBar(0, data, 0);
    b.submit({ symbol: 'EURUSD', side: 'buy', type: 'market', quantity: lots('1'), reason: 'open' });
    b.onBar(0, data, 1);
    b.submit({ symbol: 'EURUSD', side: 'sell', type: 'trailing-stop', trailDistance: 0.001, quantity: lots('1'), reason: 'trail' });
    // Anchor starts at the last close 1.102 (level 1.101); bar 2's low 1.1005 crosses it.
    b.onBar(0, data, 2);
    expect(fills[1].price.toFixed()).toBe('1.101');
  });

  it('cancels a pending order so it never fills', () => {
    const data = bars([
      [1.1, 1.1, 1.1, 1.1],
      [1.1, 1.1, 1.09, 1.1],
    ]);
    const { broker: b, fills } = broker();
    b.onBar(0, data, 0);
    const order = b.submit({ symbol: 'EURUSD', side: 'buy', type: 'limit', price: 1.095, quantity: lots('1'), reason: 'dip' });
    expect(b.cancel(order.id, 'changed my mind')).toBe(true);
    b.onBar(0, data, 1);
    expect(fills).toHaveLength(0);
  });

  it('converts JPY P&L of USDJPY into dollars at the fill price', () => {
    const data = bars(
      [
        [115, 115, 115, 115],
        [115, 115, 115, 115],
        [116, 116, 116, 116],
      ],
      'USDJPY',
    );
    const { broker: b } = broker({}, 'USDJPY');
    b.onBar(0, data, 0);
    b.submit({ symbol: 'USDJPY', side: 'buy', type: 'market', quantity: lots('1'), reason: 'open' });
    b.onBar(0, data, 1);
    b.submit({ symbol: 'USDJPY', side: 'sell', type: 'market', quantity: lots('1'), reason: 'close' });
    b.onBar(0, data, 2);
    // 1 JPY x 100,000 = 100,000 JPY = 100,000 / 116 USD.
    expect(b.cash.amount.equals(new ExactDecimal(10_000).plus(new ExactDecimal(100_000).dividedBy(116)))).toBe(true);
  });

  it('charges swap per night held, three nights on Wednesday', () => {
    const data = emptyBarColumns('EURUSD', 'D1', 4);
    // Monday 2022-01-03 .. Thursday 2022-01-06 at 00:00 UTC, flat prices.
    for (let i = 0; i < 4; i++) {
      data.time[i] = Date.UTC(2022, 0, 3 + i);
      data.open[i] = data.high[i] = data.low[i] = data.close[i] = 1.1;
    }
    const { broker: b } = broker({ swap: { longPerLot: -5, shortPerLot: 1 } });
    b.onBar(0, data, 0);
    b.submit({ symbol: 'EURUSD', side: 'buy', type: 'market', quantity: lots('2'), reason: 'carry' });
    // Opened Tuesday 00:00; rollovers Tue 22:00 (1) and Wed 22:00 (3) before Thursday's bar.
    b.onBar(0, data, 1);
    b.onBar(0, data, 2);
    b.onBar(0, data, 3);
    expect(b.costs().swap.toString()).toBe('40');
    expect(b.cash.toString()).toBe('9960');
  });

  it('charges commission in basis points of the notional on each side', () => {
    const data = bars([
      [1.25, 1.25, 1.25, 1.25],
      [1.25, 1.25, 1.25, 1.25],
      [1.25, 1.25, 1.25, 1.25],
    ]);
    const { broker: b, fills } = broker({ commission: { kind: 'bps', bps: 0.5 } });
    b.onBar(0, data, 0);
    b.submit({ symbol: 'EURUSD', side: 'buy', type: 'market', quantity: lots('2'), reason: 'open' });
    b.onBar(0, data, 1);
    b.submit({ symbol: 'EURUSD', side: 'sell', type: 'market', quantity: lots('2'), reason: 'close' });
    b.onBar(0, data, 2);
    // 200,000 units x 1.25 = 250,000 USD notional; 0.5 bp = 12.5 USD a side.
    expect(fills.map((f) => f.commission.toString())).toEqual(['12.5', '12.5']);
    expect(b.cash.toString()).toBe('9975');
    expect(b.trades[0].costs.toString()).toBe('25');
  });

  it('slips market fills by a fraction of the ATR of the bars before the fill', () => {
    // Four bars with a true range of exactly 10 pips: ATR(3) = 0.001 from bar 3.
    const data = bars([
      [1.1, 1.1005, 1.0995, 1.1],
      [1.1, 1.1005, 1.0995, 1.1],
      [1.1, 1.1005, 1.0995, 1.1],
      [1.1, 1.1005, 1.0995, 1.1],
      [1.1, 1.1005, 1.0995, 1.1],
    ]);
    const { broker: b, fills } = broker({ slippage: { kind: 'atr-fraction', fraction: 0.2, period: 3 } });
    for (let i = 0; i < 4; i++) b.onBar(0, data, i);
    b.submit({ symbol: 'EURUSD', side: 'buy', type: 'market', quantity: lots('1'), reason: 'open' });
    b.onBar(0, data, 4);
    expect(fills[0].price.toFixed()).toBe('1.1002');
    expect(b.costs().slippage.toString()).toBe('20');
  });

  it('fills market orders at the signal bar close when told to', () => {
    const data = bars([[1.1, 1.101, 1.099, 1.1005, 5]]);
    const { broker: b, fills } = broker({ timing: 'close' });
    b.onBar(0, data, 0);
    b.submit({ symbol: 'EURUSD', side: 'buy', type: 'market', quantity: lots('1'), reason: 'now' });
    b.fillMarketAtClose(0, data, 0);
    expect(fills[0].price.toFixed()).toBe('1.10055');
  });

  it('converts EURGBP P&L into dollars with the latest GBPUSD price of the run', () => {
    const venue = new SimulatedVenue({
      instruments: [instrumentFor('EURGBP'), instrumentFor('GBPUSD')],
      fill: DEFAULT_FILL_MODEL,
      initialCash: Money.of(10_000, 'USD'),
      clock: new ManualClock(0),
    });
    const b = new VenueDriver(venue, venue.positionIndex('s', 'EURGBP'));
    const eurgbp = bars(
      [
        [0.85, 0.85, 0.85, 0.85],
        [0.85, 0.85, 0.85, 0.85],
        [0.86, 0.86, 0.86, 0.86],
      ],
      'EURGBP',
    );
    const gbpusd = bars(
      [
        [1.25, 1.25, 1.25, 1.25],
        [1.25, 1.25, 1.25, 1.25],
        [1.3, 1.3, 1.3, 1.3],
      ],
      'GBPUSD',
    );
    for (let i = 0; i < 3; i++) {
      if (i === 2) b.submit({ symbol: 'EURGBP', side: 'sell', type: 'market', quantity: lots('1'), reason: 'close' });
      b.onBar(1, gbpusd, i);
      b.onBar(0, eurgbp, i);
      if (i === 0) b.submit({ symbol: 'EURGBP', side: 'buy', type: 'market', quantity: lots('1'), reason: 'open' });
    }
    // 0.01 GBP x 100,000 = 1,000 GBP at GBPUSD 1.3 = 1,300 USD.
    expect(b.trades[0].grossPnl.toString()).toBe('1300');
  });
});

describe('SimulatedVenue margin rules', () => {
  it('warns once at the margin-call level and, at the stop-out level, closes the largest loss first', () => {
    const fills: Fill[] = [];
    const calls: number[] = [];
    const venue = new SimulatedVenue({
      instruments: [instrumentFor('EURUSD')],
      fill: DEFAULT_FILL_MODEL,
      initialCash: Money.of(1_000, 'USD'),
      clock: new ManualClock(0),
      listener: { onFill: (f) => fills.push(f), onMarginCall: (call) => calls.push(call.level) },
    });
    const data = bars([
      [1.2, 1.2, 1.2, 1.2],
      [1.2, 1.2, 1.2, 1.2],
      [1.19, 1.19, 1.19, 1.19],
      [1.18, 1.18, 1.18, 1.18],
      [1.175, 1.175, 1.175, 1.175],
    ]);
    venue.onBar(0, barAt(data, 0));
    venue.submit({ id: 'long', strategy: 'trend', symbol: 'EURUSD', side: 'buy', type: 'market', quantity: lots('0.25'), reason: 'test' });
    venue.submit({ id: 'short', strategy: 'fade', symbol: 'EURUSD', side: 'sell', type: 'market', quantity: lots('0.05'), reason: 'test' });
    // Both fill at 1.2: margin 0.3 lot x 100,000 x 1.2 / 30 = 1,200 over equity 1,000 = 83 %: one margin call.
    venue.onBar(0, barAt(data, 1));
    expect(calls).toHaveLength(1);
    expect(calls[0]).toBeCloseTo(1_000 / 1_200, 12);
    // At 1.19 (67 %) and 1.18 (50.8 %) the call stands and nothing closes.
    venue.onBar(0, barAt(data, 2));
    venue.onBar(0, barAt(data, 3));
    expect(fills).toHaveLength(2);
    // At 1.175 equity is 1,000 - 625 + 125 = 500 over 1,175 of margin: 42.6 %. The long (-625) closes first;
    // then the short's 195.83 of margin leaves the level at 255 % and it stays open.
    venue.onBar(0, barAt(data, 4));
    expect(fills).toHaveLength(3);
    expect(fills[2]).toMatchObject({ strategy: 'trend', side: 'sell', positionAfter: '0' });
    expect(fills[2].price.toFixed()).toBe('1.175');
    expect(fills[2].reason).toBe('stop-out: margin level 42.6% at or below 50%, largest loss closed first');
    expect(venue.ledger.cash.toString()).toBe('375');
    expect(venue.ledger.sideAt(venue.positionIndex('fade', 'EURUSD'))).toBe(-1);
    expect(venue.ledger.equity()).toBeCloseTo(500, 9);
    expect({ calls: venue.marginCalls, stopOuts: venue.stopOuts }).toEqual({ calls: 1, stopOuts: 1 });
  });

  it('refuses margin rules whose stop-out level is above the call level', () => {
    expect(
      () => new SimulatedVenue({ instruments: [instrumentFor('EURUSD')], fill: DEFAULT_FILL_MODEL, initialCash: Money.of(1_000, 'USD'), clock: new ManualClock(0), margin: { callLevel: 0.5, stopOutLevel: 1 } }),
    ).toThrow('margin rules need 0 <= stopOutLevel <= callLevel, got call 0.5, stop-out 1');
  });
});

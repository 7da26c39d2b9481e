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

  // Bars closing together reach the venue one symbol after another; the fill
  // must not see the conversion pair's close of its own bar either way.
  it.each([
    ['GBPUSD', 1, 0],
    ['EURGBP', 0, 1],
  ])("converts EURGBP P&L into dollars at GBPUSD's close before the exit's bar, with %s's bars first", (_first, firstSlot, secondSlot) => {
    const venue = new SimulatedVenue({
      instruments: [instrumentFor('EURGBP'), instrumentFor('GBPUSD')],
      fill: DEFAULT_FILL_MODEL,
      initialCash: Money.of(10_000, 'USD'),
      clock: new ManualClock(0),
    });
    const b = new VenueDriver(venue, venue.positionIndex('s', 'EURGBP'));
    const series = [
      bars(
        [
          [0.85, 0.85, 0.85, 0.85],
          [0.85, 0.85, 0.85, 0.85],
          [0.86, 0.86, 0.86, 0.86],
        ],
        'EURGBP',
      ),
      bars(
        [
          [1.25, 1.25, 1.25, 1.25],
          [1.25, 1.25, 1.25, 1.25],
          [1.3, 1.3, 1.3, 1.3],
        ],
        'GBPUSD',
      ),
    ];
    for (let i = 0; i < 3; i++) {
      if (i === 2) b.submit({ symbol: 'EURGBP', side: 'sell', type: 'market', quantity: lots('1'), reason: 'close' });
      b.onBar(firstSlot, series[firstSlot], i);
      b.onBar(secondSlot, series[secondSlot], i);
      if (i === 0) b.submit({ symbol: 'EURGBP', side: 'buy', type: 'market', quantity: lots('1'), reason: 'open' });
    }
    // Sold at the third bar's open: 0.01 GBP x 100,000 = 1,000 GBP at the second GBPUSD close, 1.25 = 1,250 USD
    // (the third bar's 1.3 closed after the fill).
    expect(b.trades[0].grossPnl.toString()).toBe('1250');
  });
});

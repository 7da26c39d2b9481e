import { ExactDecimal, Money, Quantity, instrumentFor } from '@trading/domain';
import { Ledger } from './ledger';
import type { LedgerFill } from './ledger.types';

const ZERO = new ExactDecimal(0);
const T0 = Date.UTC(2022, 0, 3, 10);
const HOUR = 3_600_000;

function ledgerOf(symbols: string[], trackCosts?: boolean): Ledger {
  return new Ledger({ initialCash: Money.of(10_000, 'USD'), instruments: symbols.map((s) => instrumentFor(s)), trackCosts });
}

function fill(position: number, side: 'buy' | 'sell', lots: string, price: number, fields: Partial<LedgerFill> = {}): LedgerFill {
  return { position, orderId: `${side}-${lots}@${price}`, side, quantity: Quantity.of(lots), price, time: T0, commission: ZERO, reason: 'test', ...fields };
}

describe('netting a fill into its position', () => {
  it('adds to a position at the lot-weighted average entry and keeps the first entry time', () => {
    const ledger = ledgerOf(['EURUSD']);
    const p = ledger.positionIndex('s', 'EURUSD');
    const first = ledger.applyFill(fill(p, 'buy', '1', 1.1));
    expect([first.added, first.newEntry, first.trade, first.positionAfter]).toEqual([true, true, undefined, '1']);
    const second = ledger.applyFill(fill(p, 'buy', '3', 1.102, { time: T0 + HOUR }));
    expect([second.added, second.newEntry, second.trade, second.positionAfter]).toEqual([true, false, undefined, '4']);
    // (1 x 1.1 + 3 x 1.102) / 4 = 1.1015.
    expect(ledger.view(p)).toEqual({
      index: p,
      strategy: 's',
      symbol: 'EURUSD',
      side: 1,
      quantity: Quantity.of('4'),
      entryPrice: new ExactDecimal('1.1015'),
      entryTime: T0,
      unrealized: 0,
    });
    expect(ledger.entryAt(p)).toBe(1.1015);
    expect(ledger.entryTimeAt(p)).toBe(T0);
    expect(ledger.trades).toEqual([]);
    expect(ledger.cash.toString()).toBe('10000');
  });

  it('closes a short at the ask: the entry minus the exit price is its P&L', () => {
    const ledger = ledgerOf(['EURUSD']);
    const p = ledger.positionIndex('s', 'EURUSD');
    expect(ledger.applyFill(fill(p, 'sell', '0.5', 1.2)).positionAfter).toBe('-0.5');
    // A short buys back at the ask: bid 1.1990 + spread 0.0002 = 1.1992, 8 pips under the entry on 0.5 lot: +40.
    ledger.mark(0, 1.199, 0.0002);
    expect(ledger.unrealizedAt(p)).toBeCloseTo(40, 9);
    const close = ledger.applyFill(fill(p, 'buy', '0.5', 1.195, { time: T0 + HOUR }));
    // 50 pips on 0.5 lot: 0.005 x 50,000 = 250.
    expect(close.realized.toString()).toBe('250');
    expect([close.added, close.newEntry, close.positionAfter]).toEqual([false, false, '0']);
    expect(close.trade).toMatchObject({ side: 'short', entryTime: T0, exitTime: T0 + HOUR, exitReason: 'test' });
    expect(close.trade?.quantity.toString()).toBe('0.5');
    expect([close.trade?.entryPrice.toString(), close.trade?.exitPrice.toString(), close.trade?.grossPnl.toString()]).toEqual(['1.2', '1.195', '250']);
    expect(ledger.cash.toString()).toBe('10250');
  });

  it('leaves a closed position flat: no side, lots, entry or open P&L', () => {
    const ledger = ledgerOf(['EURUSD']);
    const p = ledger.positionIndex('s', 'EURUSD');
    ledger.applyFill(fill(p, 'buy', '1', 1.1));
    ledger.mark(0, 1.101, 0);
    ledger.applyFill(fill(p, 'sell', '1', 1.101));
    expect([ledger.sideAt(p), ledger.entryAt(p), ledger.quantityAt(p).toString()]).toEqual([0, 0, '0']);
    ledger.mark(0, 1.105, 0);
    expect(ledger.unrealizedAt(p)).toBe(0);
    expect(ledger.equity()).toBe(10_100);
  });

  it('reverses a position: the fill closes it, then opens the rest the other way, splitting its commission', () => {
    const ledger = ledgerOf(['EURUSD']);
    const p = ledger.positionIndex('s', 'EURUSD');
    ledger.applyFill(fill(p, 'buy', '1', 1.1, { commission: new ExactDecimal(4) }));
    const reversal = ledger.applyFill(fill(p, 'sell', '3', 1.105, { commission: new ExactDecimal(9), time: T0 + HOUR }));
    // Closes 1 lot 50 pips up: +500; costs 4 of entry commission and 1/3 of the 9: 7.
    expect(reversal.realized.toString()).toBe('500');
    expect([reversal.trade?.costs.toString(), reversal.trade?.netPnl.toString()]).toEqual(['7', '493']);
    expect([reversal.added, reversal.newEntry, reversal.positionAfter]).toEqual([true, true, '-2']);
    expect([ledger.sideAt(p), ledger.entryAt(p), ledger.entryTimeAt(p)]).toEqual([-1, 1.105, T0 + HOUR]);
    // The short of 2 carries the other 6 of the commission: closing it 10 pips up pays them.
    const close = ledger.applyFill(fill(p, 'buy', '2', 1.104, { time: T0 + 2 * HOUR }));
    expect([close.realized.toString(), close.trade?.costs.toString(), close.trade?.netPnl.toString()]).toEqual(['200', '6', '194']);
    // 10,000 - 4 + 500 - 9 + 200 = 10,687.
    expect(ledger.cash.toString()).toBe('10687');
    expect(ledger.trades.map((t) => [t.side, t.quantity.toString()])).toEqual([
      ['long', '1'],
      ['short', '2'],
    ]);
  });
});

describe('cost totals', () => {
  // Two fills of 1 lot of EURUSD at 1.1 and two of USDJPY at 160, each paying 0.8 pip of spread and 0.2 of slippage.
  function tradeRound(ledger: Ledger): void {
    const eur = ledger.positionIndex('s', 'EURUSD');
    const jpy = ledger.positionIndex('s', 'USDJPY');
    for (const side of ['buy', 'sell'] as const) {
      ledger.applyFill(fill(eur, side, '1', 1.1, { spreadPaid: 0.00008, slippage: 0.00002, commission: new ExactDecimal('2.5') }));
      ledger.applyFill(fill(jpy, side, '1', 160, { spreadPaid: 0.008, slippage: 0.002, commission: new ExactDecimal('2.5') }));
    }
  }

  it('sums turnover, spread and slippage paid in the account currency by default', () => {
    const ledger = ledgerOf(['EURUSD', 'USDJPY']);
    tradeRound(ledger);
    const costs = ledger.costs();
    // Turnover: 2 x 110,000 USD of EURUSD + 2 x 100,000 USD of USDJPY (16,000,000 JPY at 1/160).
    expect(costs.notionalTraded.toString()).toBe('420000');
    // Spread: 2 x 100,000 x 0.00008 = 16 USD, plus 2 x 100,000 x 0.008 = 1,600 JPY = 10 USD.
    expect(costs.spread.toString()).toBe('26');
    // Slippage: 2 x 2 USD + 2 x 200 JPY (2.5 USD).
    expect(costs.slippage.toString()).toBe('6.5');
    expect(costs.commission.toString()).toBe('10');
  });

  it('counts no cost for a spread or slippage below zero (a price improvement)', () => {
    const ledger = ledgerOf(['EURUSD']);
    ledger.applyFill(fill(ledger.positionIndex('s', 'EURUSD'), 'buy', '1', 1.1, { spreadPaid: -0.00005, slippage: -0.00001 }));
    const costs = ledger.costs();
    expect([costs.notionalTraded, costs.spread, costs.slippage].map(String)).toEqual(['110000', '0', '0']);
  });

  it('sums only commission and swap when told not to track costs', () => {
    const ledger = ledgerOf(['EURUSD', 'USDJPY'], false);
    tradeRound(ledger);
    const costs = ledger.costs();
    expect([costs.notionalTraded, costs.spread, costs.slippage, costs.commission].map(String)).toEqual(['0', '0', '0', '10']);
  });
});

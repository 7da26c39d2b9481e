import { barId, derivedId, derivedIdTime, isDerivedId, MessageFactory } from '@trading/contracts';
import { barAt, ManualClock, SeededRandom, type Bar, type BarColumns } from '@trading/domain';
import { readSharedBars, sharedData } from '@trading/test-support';
import { barMessage, QUOTE_ROLE, quoteAtClose, quoteMessage, quotingTimeframes } from './bar-messages';

const factory = (seed: number) => new MessageFactory({ clock: new ManualClock(0), random: new SeededRandom(seed), producer: 'market-data' });

describe('the quote at a bar close', () => {
  const h1 = readSharedBars(sharedData.eurusdH1(), 'EURUSD', 'H1');
  const barStarting = (columns: BarColumns, time: number): Bar => {
    const index = columns.time.indexOf(time);
    if (index < 0) throw new Error(`no bar at ${new Date(time).toISOString()}`);
    return barAt(columns, index);
  };

  it('bids the close and asks the close plus the spread in points, on real EURUSD H1 bars', () => {
    // 2015-03-09 14:00: close 1.08578, spread 10 points (1 pip).
    expect(quoteAtClose(barStarting(h1, Date.UTC(2015, 2, 9, 14)))).toEqual({ symbol: 'EURUSD', time: Date.UTC(2015, 2, 9, 15), bid: 1.08578, ask: 1.08588 });
    // 2015-03-09 15:00: close 1.08582, spread 11.
    expect(quoteAtClose(barStarting(h1, Date.UTC(2015, 2, 9, 15)))).toEqual({ symbol: 'EURUSD', time: Date.UTC(2015, 2, 9, 16), bid: 1.08582, ask: 1.08593 });
    // 2015-03-09 17:00: the export has no spread for it (0): ask = bid.
    expect(quoteAtClose(barStarting(h1, Date.UTC(2015, 2, 9, 17)))).toEqual({ symbol: 'EURUSD', time: Date.UTC(2015, 2, 9, 18), bid: 1.08456, ask: 1.08456 });
    // 2020-03-09 00:00, the Monday of the March 2020 sell-off: close 1.13862, spread 15.
    expect(quoteAtClose(barStarting(h1, Date.UTC(2020, 2, 9, 0)))).toEqual({ symbol: 'EURUSD', time: Date.UTC(2020, 2, 9, 1), bid: 1.13862, ask: 1.13877 });
  });

  it('converts points with the instrument: a point of a JPY quote is 0.001', () => {
    const bar: Bar = { symbol: 'USDJPY', timeframe: 'M5', time: Date.UTC(2025, 6, 16, 10, 5), open: 148.2, high: 148.25, low: 148.1, close: 148.123, volume: 10, spread: 12 };
    expect(quoteAtClose(bar)).toEqual({ symbol: 'USDJPY', time: Date.UTC(2025, 6, 16, 10, 10), bid: 148.123, ask: 148.135 });
  });

  it('gives the bar and its quote ids derived from the bar, the same whatever the seed, stamped at the close', () => {
    const bar = barStarting(h1, Date.UTC(2015, 2, 9, 14));
    const close = Date.UTC(2015, 2, 9, 15);
    const [first, second] = [factory(7), factory(8)].map((messages) => {
      const barOut = barMessage(messages, bar);
      return { bar: barOut, quote: quoteMessage(messages, bar, barOut.envelope) };
    });
    expect(first.bar.envelope.id).toBe(barId('EURUSD', 'H1', bar.time, close));
    expect(first.quote.envelope.id).toBe(derivedId(first.bar.envelope.id, QUOTE_ROLE, close));
    expect(isDerivedId(first.quote.envelope.id) && derivedIdTime(first.quote.envelope.id)).toBe(close);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    expect(first.bar.topic).toBe('market.bar.H1.EURUSD');
    expect(first.quote.topic).toBe('market.quote.EURUSD');
    expect(first.quote.envelope).toMatchObject({
      type: 'market.quote',
      version: 1,
      occurredAt: close,
      causationId: first.bar.envelope.id,
      correlationId: first.bar.envelope.id,
      payload: { symbol: 'EURUSD', time: close, bid: 1.08578, ask: 1.08588 },
    });
    expect(first.bar.envelope.occurredAt).toBe(close);
  });

  it('quotes each symbol on its finest timeframe only', () => {
    const quoting = quotingTimeframes([
      { symbol: 'EURUSD', timeframe: 'H1' },
      { symbol: 'EURUSD', timeframe: 'M5' },
      { symbol: 'GBPUSD', timeframe: 'H4' },
      { symbol: 'EURUSD', timeframe: 'M15' },
    ]);
    expect([...quoting.entries()]).toEqual([
      ['EURUSD', 'M5'],
      ['GBPUSD', 'H4'],
    ]);
  });
});

// What a closed bar becomes on the bus: the bar on `market.bar.{tf}.{symbol}`
// and, when its timeframe is the one its symbol quotes on, the quote at its
// close on `market.quote.{symbol}`. Bars are bid prices with the spread in
// points, so the quote is bid = close, ask = close + the spread in price, the
// price the simulated venue fills a buy at (pointsToPrice, one function for
// both). Both ids derive from the bar, so every replay and every producer of
// the same bar publishes the same ids, and a consumer's inbox sees a
// republished bar as the duplicate it is.
import { barId, derivedId, topics, type Envelope, type MessageFactory, type Topic } from '@trading/contracts';
import { instrumentFor, pointsToPrice, timeframeMs, type Bar, type Quote, type Timeframe } from '@trading/domain';

/** The role in a quote's derived id: market-data's quote caused by a bar. */
export const QUOTE_ROLE = 'market-data/market.quote';

export interface OutgoingMessage {
  readonly topic: Topic;
  readonly envelope: Envelope;
}

/** The bid and ask at the bar's close. */
export function quoteAtClose(bar: Bar): Quote {
  return {
    symbol: bar.symbol,
    time: bar.time + timeframeMs(bar.timeframe),
    bid: bar.close,
    ask: bar.close + pointsToPrice(bar.spread, instrumentFor(bar.symbol)),
  };
}

/** The bar's `market.bar` message, stamped at its close. */
export function barMessage(messages: MessageFactory, bar: Bar): OutgoingMessage {
  const close = bar.time + timeframeMs(bar.timeframe);
  const envelope = messages.create('market.bar', bar, { id: barId(bar.symbol, bar.timeframe, bar.time, close), occurredAt: close });
  return { topic: topics.marketBar(bar.timeframe, bar.symbol), envelope };
}

export interface QuoteMessage extends OutgoingMessage {
  readonly quote: Quote;
}

/** The quote at the bar's close, caused by the bar's message. */
export function quoteMessage(messages: MessageFactory, bar: Bar, barMessage: Pick<Envelope, 'id' | 'correlationId'>): QuoteMessage {
  const quote = quoteAtClose(bar);
  const envelope = messages.create('market.quote', quote, { id: derivedId(barMessage.id, QUOTE_ROLE, quote.time), occurredAt: quote.time, causedBy: barMessage });
  return { topic: topics.marketQuote(bar.symbol), envelope, quote };
}

/**
 * The timeframe each symbol quotes on: its finest. Several timeframes of one
 * symbol close together (an H1 bar closes with the twelfth M5 bar), and one
 * instant has one quote, so the coarser ones publish bars only.
 */
export function quotingTimeframes(series: Iterable<{ readonly symbol: string; readonly timeframe: Timeframe }>): ReadonlyMap<string, Timeframe> {
  const finest = new Map<string, Timeframe>();
  for (const { symbol, timeframe } of series) {
    const current = finest.get(symbol);
    if (current === undefined || timeframeMs(timeframe) < timeframeMs(current)) finest.set(symbol, timeframe);
  }
  return finest;
}

// GET /quotes/{symbol} on the service's HTTP port: the symbol's latest quote
// (bid, ask, time of the bar close it came from), 404 naming the symbol when
// there is none or it has expired, 400 for a malformed symbol.
import { isSymbol } from '@trading/domain';
import { HttpError, type RouteHandler } from '@trading/observability';
import type { LatestQuotes } from './latest-quotes.port';

export const QUOTES_ROUTE = '/quotes/{symbol}';

export function quotesRoute(quotes: Pick<LatestQuotes, 'get'>): RouteHandler {
  return async (_query, params) => {
    const symbol = params['symbol'] ?? '';
    if (!isSymbol(symbol)) throw new HttpError(400, `symbol must be six capital letters such as EURUSD, got ${JSON.stringify(symbol)}`, 'symbol');
    let quote;
    try {
      quote = await quotes.get(symbol);
    } catch (error) {
      throw new HttpError(503, `latest quotes are unavailable: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (quote === undefined) throw new HttpError(404, `no quote for ${symbol}: none has been published, or the last one is older than its TTL`);
    return { status: 200, body: quote };
  };
}

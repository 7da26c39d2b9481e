// GET /portfolio, /positions, /orders, /fills, /trades, /decisions,
// /trading-states, /limits on the service's HTTP port beside /metrics and
// /health. The portfolio is the desk as it stands (equity at its last bar
// prices, with the latest quotes beside); the lists are pages of the tables
// (see ./page-query).
import { HttpError, type HttpRoutes, type RouteHandler } from '@trading/observability';
import type { RiskDeskService } from '../desk/risk-desk.service';
import type { ListName, Row } from '../store/risk-tables.reader';
import { pageQuery } from './page-query';

export function registerReadApi(routes: HttpRoutes, service: () => RiskDeskService): void {
  routes.register('/portfolio', portfolioRoute(service));
  const list = (path: string, name: ListName, map: (rows: Row[]) => Promise<Row[]> | Row[] = (rows) => rows): void => {
    routes.register(path, async (query) => {
      const page = await service().reader.page(name, pageQuery(query));
      return { status: 200, body: { items: await map([...page.items]), nextCursor: page.nextCursor } };
    });
  };
  list('/positions', 'positions');
  list('/orders', 'orders', async (rows) => {
    const history = await service().reader.orderHistory(rows.map((row) => String(row['client_order_id'])));
    return rows.map((row) => ({ ...row, history: history.get(String(row['client_order_id'])) ?? [] }));
  });
  list('/fills', 'fills');
  list('/trades', 'trades');
  list('/decisions', 'decisions', (rows) => rows.map(({ line, ...row }) => ({ ...row, record: JSON.parse(String(line)) })));
  list('/trading-states', 'tradingStates');
  list('/limits', 'limits', (rows) => rows.map(({ document, ...row }) => ({ ...row, limits: JSON.parse(String(document)) })));
}

function portfolioRoute(service: () => RiskDeskService): RouteHandler {
  return async (query) => {
    for (const key of query.keys()) throw new HttpError(400, `/portfolio takes no query parameters, got ${JSON.stringify(key)}`, key);
    const runtime = service().desk;
    const desk = runtime.host.desk;
    const book = desk.book;
    const ledger = book.ledger;
    const announced = runtime.host.announcement();
    const positions = [];
    for (let position = 0; position < ledger.positionCount; position++) {
      const view = ledger.view(position);
      if (view.side === 0) continue;
      positions.push({ strategy: view.strategy, symbol: view.symbol, lots: `${view.side < 0 ? '-' : ''}${view.quantity.toString()}`, averagePrice: view.entryPrice.toFixed(), unrealizedPnl: Math.round(view.unrealized * 100) / 100 });
    }
    return {
      status: 200,
      body: {
        currency: book.cash.currency,
        cash: book.cash.amount.toFixed(),
        equity: book.equity().toFixed(2),
        margin: { used: ledger.marginUsed().toFixed(2), free: ledger.freeMargin().toFixed(2) },
        tradingState: { state: announced.state, reasonCode: announced.reasonCode, reason: announced.reason },
        acceptingNewExposure: desk.exposureGate === null && announced.state === 'ACTIVE',
        asOf: runtime.host.now(),
        positions,
        // The latest bid/ask of each traded symbol (market.quote): marks to watch by, not what the desk prices with.
        quotes: runtime.host.latestQuotes(),
      },
    };
  };
}

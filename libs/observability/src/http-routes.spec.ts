import { HttpRoutes, type RouteHandler } from './http-routes';

const echo: RouteHandler = async (query, params) => ({ status: 200, body: { query: query.toString(), params } });

describe('HttpRoutes', () => {
  it('binds the {name} segments of a templated path, decoded, and lets exact paths win', async () => {
    const routes = new HttpRoutes().register('/quotes/{symbol}', echo).register('/quotes/latest', async () => ({ status: 200, body: 'exact' }));
    expect(await routes.find('/quotes/EURUSD')?.(new URLSearchParams('a=1'))).toEqual({ status: 200, body: { query: 'a=1', params: { symbol: 'EURUSD' } } });
    expect(await routes.find('/quotes/EUR%20USD')?.(new URLSearchParams())).toEqual({ status: 200, body: { query: '', params: { symbol: 'EUR USD' } } });
    expect(await routes.find('/quotes/')?.(new URLSearchParams())).toEqual({ status: 200, body: { query: '', params: { symbol: '' } } });
    expect(await routes.find('/quotes/latest')?.(new URLSearchParams())).toEqual({ status: 200, body: 'exact' });
  });

  it('matches one segment per parameter and hands malformed percent-encoding over as sent', async () => {
    const routes = new HttpRoutes().register('/quotes/{symbol}', echo);
    expect(routes.find('/quotes/EURUSD/extra')).toBeUndefined();
    expect(routes.find('/quotes')).toBeUndefined();
    expect(routes.find('/quotesX/EURUSD')).toBeUndefined();
    expect(await routes.find('/quotes/%E0')?.(new URLSearchParams())).toEqual({ status: 200, body: { query: '', params: { symbol: '%E0' } } });
  });

  it('refuses a path registered twice and the paths the server answers itself', () => {
    const routes = new HttpRoutes().register('/quotes/{symbol}', echo);
    expect(() => routes.register('/quotes/{symbol}', echo)).toThrow('route /quotes/{symbol} is already registered');
    expect(() => routes.register('/metrics', echo)).toThrow('cannot register route /metrics');
    expect(() => routes.register('/health/{probe}', echo)).toThrow('cannot register route /health/{probe}');
  });
});

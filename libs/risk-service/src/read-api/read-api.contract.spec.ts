import { type Schema, validate } from '@trading/contracts';
import { HttpError, HttpRoutes } from '@trading/observability';
import type { Database } from '@trading/persistence';
import { openTestDatabase } from '@trading/persistence/testing';
import { riskServiceMigrations } from '../migrations';
import { kernelInputs } from '../testing/kernel-inputs.fixture';
import { agreeingSnapshot, command, feed, openService, quote } from '../testing/risk-service.harness';
import { registerReadApi } from './read-api.routes';
import { READ_API_SCHEMAS } from './read-api.schemas';

const inputs = kernelInputs(['EURUSD', 'GBPUSD'], 800);

describe('the read API contract: real answers validated against the schemas, 400s naming the field', () => {
  let database: Database;
  let quotedAt = Number.NaN;
  const routes = new HttpRoutes();
  const get = async (path: string, query = '') => {
    const handler = routes.find(path);
    if (handler === undefined) throw new Error(`no route ${path}`);
    return handler(new URLSearchParams(query));
  };
  const refusal = async (path: string, query: string) => {
    try {
      await get(path, query);
    } catch (error) {
      if (error instanceof HttpError) return { status: error.status, field: error.field, message: error.message };
      throw error;
    }
    throw new Error(`${path}?${query} was answered`);
  };

  beforeAll(async () => {
    database = await openTestDatabase({ kind: 'embedded', migrations: [...riskServiceMigrations] });
    const service = await openService(database, inputs.settings);
    await service.handleBatch([agreeingSnapshot(service, 'start')]);
    await feed(service, inputs.messages, 64);
    await service.handleBatch([command({ action: 'set-limits', requestedBy: 'alice', reason: 'fewer positions', limits: '{"maxOpenPositions": 2}' }, service.desk.host.now(), 'limits')]);
    const now = service.desk.host.now();
    quotedAt = now;
    await service.handleBatch([quote('GBPUSD', now, 1.2705, 1.2707), quote('EURUSD', now, 1.0842, 1.0843), quote('EURUSD', now - 60_000, 1.2, 1.3), quote('USDJPY', now, 150.1, 150.12)]);
    registerReadApi(routes, () => service);
  }, 300_000);
  afterAll(() => database.close());

  it.each(Object.keys(READ_API_SCHEMAS))('%s answers what its schema says, with data in it', async (path) => {
    const answer = await get(path, path === '/portfolio' ? '' : 'limit=500');
    expect(answer.status).toBe(200);
    const schema: Schema<unknown> = READ_API_SCHEMAS[path as keyof typeof READ_API_SCHEMAS];
    const checked = validate(schema, answer.body);
    expect(checked).toEqual({ ok: true, value: answer.body });
    const rows: Record<string, number> = { '/positions': 4, '/orders': 40, '/fills': 40, '/trades': 20, '/decisions': 312, '/trading-states': 18, '/limits': 2 };
    if (path !== '/portfolio') expect((answer.body as { items: unknown[] }).items).toHaveLength(rows[path]);
  });

  it('shows the latest quote of each traded symbol on /portfolio (an older one and one of another symbol change nothing)', async () => {
    const portfolio = (await get('/portfolio')).body as { quotes: unknown[] };
    expect(portfolio.quotes).toEqual([
      { symbol: 'EURUSD', time: quotedAt, bid: 1.0842, ask: 1.0843 },
      { symbol: 'GBPUSD', time: quotedAt, bid: 1.2705, ask: 1.2707 },
    ]);
  });

  it('pages by cursor without gaps or repeats, and filters by time', async () => {
    const all = (await get('/decisions', 'limit=500')).body as { items: Array<{ sequence: string; at: number }>; nextCursor: string | null };
    const first = (await get('/decisions', 'limit=7')).body as typeof all;
    const second = (await get('/decisions', `limit=7&cursor=${first.nextCursor}`)).body as typeof all;
    expect([...first.items, ...second.items].map((row) => row.sequence)).toEqual(all.items.slice(0, 14).map((row) => row.sequence));
    const from = all.items[20].at;
    const ranged = (await get('/decisions', `limit=500&from=${from}&to=${new Date(from + 86_400_000).toISOString()}`)).body as typeof all;
    expect(ranged.items).toHaveLength(12);
    expect(ranged.items.every((row) => row.at >= from && row.at < from + 86_400_000)).toBe(true);
    const limits = (await get('/limits')).body as { items: Array<{ version: number; set_by: string; limits: { maxOpenPositions: number } }> };
    expect(limits.items.map((row) => [row.version, row.set_by, row.limits.maxOpenPositions])).toEqual([
      [1, 'configuration', 6],
      [2, 'alice', 2],
    ]);
  });

  it('answers bad input with a 400 naming the field', async () => {
    expect(await refusal('/orders', 'limit=501')).toEqual({ status: 400, field: 'limit', message: 'limit must be a whole number from 1 to 500, got "501"' });
    expect(await refusal('/fills', 'limit=0')).toEqual({ status: 400, field: 'limit', message: 'limit must be a whole number from 1 to 500, got "0"' });
    expect(await refusal('/trades', 'cursor=abc')).toEqual({ status: 400, field: 'cursor', message: 'cursor must be the nextCursor of a previous page, got "abc"' });
    expect(await refusal('/decisions', 'from=yesterday')).toEqual({ status: 400, field: 'from', message: 'from must be epoch ms or an ISO time with a zone, got "yesterday"' });
    expect(await refusal('/positions', 'from=2000&to=1000')).toEqual({ status: 400, field: 'to', message: 'from must be before to' });
    expect(await refusal('/trading-states', 'symbol=EURUSD')).toEqual({ status: 400, field: 'symbol', message: 'unknown query parameter "symbol" (allowed: limit, cursor, from, to)' });
    expect(await refusal('/portfolio', 'at=1')).toEqual({ status: 400, field: 'at', message: '/portfolio takes no query parameters, got "at"' });
  });
});

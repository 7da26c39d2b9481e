// GET /orders?status=working&after=<clientOrderId>&limit=100: the venue's
// orders by status, a page at a time in client order id order (`after` is the
// last id of the previous page). Bad input is a 400 naming the field.
import { HttpError, type RouteHandler } from '@trading/observability';
import type { DataSource } from 'typeorm';
import { type ExecutionTables, WORKING_STATUSES } from './persistence/execution-tables';

const STATUSES: Readonly<Record<string, readonly string[]>> = {
  working: WORKING_STATUSES,
  filled: ['filled'],
  cancelled: ['cancelled'],
  rejected: ['rejected'],
  expired: ['expired'],
};
export const MAX_ORDERS_PER_PAGE = 500;

export function ordersRoute(tables: ExecutionTables, dataSource: DataSource): RouteHandler {
  return async (query) => {
    const status = query.get('status') ?? 'working';
    const statuses = STATUSES[status];
    if (statuses === undefined) throw new HttpError(400, `status must be one of ${Object.keys(STATUSES).join(', ')}, got ${JSON.stringify(status)}`, 'status');
    const limitText = query.get('limit') ?? '100';
    const limit = Number(limitText);
    if (!/^\d+$/.test(limitText) || limit < 1 || limit > MAX_ORDERS_PER_PAGE) throw new HttpError(400, `limit must be a whole number from 1 to ${MAX_ORDERS_PER_PAGE}, got ${JSON.stringify(limitText)}`, 'limit');
    const after = query.get('after') ?? '';
    const orders = await tables.ordersWithStatus(dataSource, statuses, after, limit);
    const last = orders.length === limit ? String(orders[orders.length - 1].clientOrderId) : null;
    return { status: 200, body: { status, count: orders.length, orders, next: last } };
  };
}

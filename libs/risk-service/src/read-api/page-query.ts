// The query of a list endpoint: `limit` (1..500, default 100), `cursor` (the
// `nextCursor` of the previous page), `from` and `to` (epoch ms or an ISO
// time with a zone; the range is [from, to)). Anything else, or a bad value,
// is a 400 naming the field.
import { HttpError } from '@trading/observability';
import type { PageRequest } from '../store/risk-tables.reader';

export const MAX_PAGE = 500;
const ALLOWED = new Set(['limit', 'cursor', 'from', 'to']);
const LAST_TIME = 8.64e15;

export function pageQuery(query: URLSearchParams): PageRequest {
  for (const key of query.keys()) if (!ALLOWED.has(key)) throw new HttpError(400, `unknown query parameter ${JSON.stringify(key)} (allowed: limit, cursor, from, to)`, key);
  const rawLimit = query.get('limit');
  const limit = rawLimit === null ? 100 : /^\d+$/.test(rawLimit) ? Number(rawLimit) : Number.NaN;
  if (!(limit >= 1 && limit <= MAX_PAGE)) throw new HttpError(400, `limit must be a whole number from 1 to ${MAX_PAGE}, got ${JSON.stringify(rawLimit)}`, 'limit');
  const cursor = query.get('cursor');
  if (cursor !== null && !/^\d{1,18}$/.test(cursor)) throw new HttpError(400, `cursor must be the nextCursor of a previous page, got ${JSON.stringify(cursor)}`, 'cursor');
  const from = time(query.get('from'), 'from', 0);
  const to = time(query.get('to'), 'to', LAST_TIME);
  if (!(from < to)) throw new HttpError(400, 'from must be before to', 'to');
  return { limit, after: cursor === null ? 0n : BigInt(cursor), from, to };
}

function time(raw: string | null, field: string, fallback: number): number {
  if (raw === null) return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : /[zZ]|[+-]\d\d:?\d\d$/.test(raw) ? Date.parse(raw) : Number.NaN;
  if (!(value >= 0 && value <= LAST_TIME)) throw new HttpError(400, `${field} must be epoch ms or an ISO time with a zone, got ${JSON.stringify(raw)}`, field);
  return value;
}

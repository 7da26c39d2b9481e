// The storing half of `trading import` (see ./import.action), loaded only once
// the flags, the settings and the file have been checked: the database, the
// progress bar and the served cache's Redis.
import { Presets, SingleBar } from 'cli-progress';
import { Redis } from 'ioredis';
import { SystemClock } from '@trading/config';
import type { BarColumns, Timeframe } from '@trading/domain';
import { createBarCache } from '@trading/market-data-service';
import { OhlcvBarRepository } from '@trading/market-data-service/store';
import { createLogger } from '@trading/observability';
import type { Database } from '@trading/persistence';
import { CliError } from '../cli-error';
import { logLine } from '../output';

export { openDatabaseNamingTheSetting } from '@trading/runtime';
export { marketDataMigrations } from '@trading/market-data-service/store';

/** Exit codes of a process stopped by a signal, as shells report them. */
const SIGNAL_EXIT_CODES: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143 };

/**
 * Upserts the bars batch by batch inside one transaction, with a progress bar
 * on a terminal. SIGINT or SIGTERM between two batches rolls the transaction
 * back and fails the command saying so.
 */
export async function storeInOneTransaction(file: string, columns: BarColumns, batch: number, database: Database, showProgress: boolean): Promise<number> {
  let stopSignal: string | undefined;
  const stop = (signal: string): void => {
    stopSignal = signal;
  };
  const onSignal = { SIGINT: () => stop('SIGINT'), SIGTERM: () => stop('SIGTERM') };
  process.once('SIGINT', onSignal.SIGINT);
  process.once('SIGTERM', onSignal.SIGTERM);
  const progress = showProgress && process.stderr.isTTY ? new SingleBar({ stream: process.stderr, format: ' {bar} {percentage}% | {value}/{total} bars' }, Presets.shades_classic) : undefined;
  if (!progress) logLine(`${file}: storing ${columns.length} bars in one transaction`);
  let written = 0;
  try {
    progress?.start(columns.length, 0);
    return await database.dataSource.transaction(async (manager) => {
      const repository = new OhlcvBarRepository(manager, { schema: database.schema, rowsPerStatement: batch });
      let stored = 0;
      for (let start = 0; start < columns.length; start += batch) {
        if (stopSignal !== undefined) break;
        const end = Math.min(columns.length, start + batch);
        stored += await repository.upsertColumns(sliceColumns(columns, start, end));
        written = end;
        progress?.update(end);
      }
      // Thrown inside the transaction so that it rolls back.
      if (stopSignal !== undefined) {
        throw new CliError(`${file}: ${stopSignal} after ${written} of ${columns.length} bars; rolled back, nothing of this file was stored (run the import again to resume)`, SIGNAL_EXIT_CODES[stopSignal]);
      }
      return stored;
    });
  } finally {
    // Also on a failed upsert, so the terminal is not left mid-bar.
    progress?.stop();
    process.removeListener('SIGINT', onSignal.SIGINT);
    process.removeListener('SIGTERM', onSignal.SIGTERM);
  }
}

export async function clearCachedWindows(redisUrl: string, service: string, symbol: string, timeframe: Timeframe): Promise<boolean> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, connectionName: 'trading-import' });
  try {
    await redis.connect();
    await createBarCache(redis, new SystemClock(), service, createLogger({ service: 'trading-import', level: 'warn', stream: process.stderr })).invalidateSeries(symbol, timeframe);
    return true;
  } catch (error) {
    // The bars are stored; stale windows only live until their TTL.
    logLine(`warning: could not clear cached ${symbol} ${timeframe} windows in Redis: ${(error as Error).message}`);
    return false;
  } finally {
    redis.disconnect();
  }
}

/** A view of rows [start, end) of `columns` (no copy). */
function sliceColumns(columns: BarColumns, start: number, end: number): BarColumns {
  return {
    symbol: columns.symbol,
    timeframe: columns.timeframe,
    length: end - start,
    time: columns.time.subarray(start, end),
    open: columns.open.subarray(start, end),
    high: columns.high.subarray(start, end),
    low: columns.low.subarray(start, end),
    close: columns.close.subarray(start, end),
    volume: columns.volume.subarray(start, end),
    spread: columns.spread.subarray(start, end),
  };
}

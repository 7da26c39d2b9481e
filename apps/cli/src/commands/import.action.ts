// The action of `trading import` (see ./import.command): validates the file,
// upserts its bars in batches and clears the served cache's stale windows.
import { SingleBar, Presets } from 'cli-progress';
import { Redis } from 'ioredis';
import { ConfigError, env, loadConfig, SystemClock } from '@trading/config';
import { importBarFile } from '@trading/data-sources';
import type { BarColumns, Timeframe } from '@trading/domain';
import { createBarCache } from '@trading/market-data-service';
import { createLogger } from '@trading/observability';
import { databaseConfigSchema, databaseOptionsFromConfig, OhlcvBarRepository, openDatabase } from '@trading/persistence';
import { checkBarFileFlags } from '../bar-file-flags';
import { CliError } from '../cli-error';
import { logLine, printJson, printText } from '../output';
import { DEFAULT_BATCH } from './import.command';

export interface ImportFlags {
  readonly symbol?: string;
  readonly tf?: string;
  readonly tz?: string;
  readonly batch?: string;
  readonly json?: boolean;
}

export async function importCommand(file: string, flags: ImportFlags): Promise<void> {
  const batch = Number(flags.batch ?? DEFAULT_BATCH);
  if (!Number.isInteger(batch) || batch < 1) throw new CliError(`--batch must be a positive integer, got "${flags.batch}"`);
  checkBarFileFlags(flags);
  let databaseConfig;
  let cacheConfig;
  try {
    databaseConfig = loadConfig(databaseConfigSchema);
    cacheConfig = loadConfig(importCacheSchema);
  } catch (error) {
    // A wrong DATABASE_URL is the user's to fix: one message naming it, no stack.
    if (error instanceof ConfigError) throw new CliError(error.message, 1);
    throw error;
  }
  let loaded;
  try {
    loaded = await importBarFile(file, { symbol: flags.symbol, timeframe: flags.tf, tz: flags.tz });
  } catch (error) {
    throw new CliError(`cannot import ${file}: ${(error as Error).message}`);
  }
  const { columns, report } = loaded;
  const database = await openDatabase(databaseOptionsFromConfig(databaseConfig, 'trading-import'));
  const started = performance.now();
  const progress = !flags.json && process.stderr.isTTY ? new SingleBar({ stream: process.stderr, format: ' {bar} {percentage}% | {value}/{total} bars' }, Presets.shades_classic) : undefined;
  let stored = 0;
  try {
    const repository = new OhlcvBarRepository(database.dataSource, { schema: database.schema, rowsPerStatement: batch });
    progress?.start(columns.length, 0);
    for (let start = 0; start < columns.length; start += batch) {
      stored += await repository.upsertColumns(sliceColumns(columns, start, Math.min(columns.length, start + batch)));
      progress?.update(Math.min(columns.length, start + batch));
    }
  } finally {
    // Also on a failed upsert, so the terminal is not left mid-bar.
    progress?.stop();
    await database.close();
  }
  const cacheCleared = cacheConfig.redisUrl ? await clearCachedWindows(cacheConfig.redisUrl, cacheConfig.service, columns.symbol, columns.timeframe) : false;
  const summary = {
    file,
    symbol: columns.symbol,
    timeframe: columns.timeframe,
    database: database.kind,
    read: report.bars,
    dropped: report.dropped,
    rejected: report.rejected,
    stored,
    counts: report.counts,
    cacheCleared,
    seconds: Number(((performance.now() - started) / 1000).toFixed(3)),
  };
  if (flags.json) {
    printJson(summary);
    return;
  }
  if (database.kind === 'embedded' && !process.env['EMBEDDED_DATABASE_DIR']) {
    logLine('note: DATABASE_URL and EMBEDDED_DATABASE_DIR are unset, so the bars went into an in-memory database that is now gone');
  }
  const found = Object.entries(report.counts)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${kind} ${count}`)
    .join(', ');
  printText(
    `${summary.symbol} ${summary.timeframe}: read ${summary.read}, dropped ${summary.dropped}, rejected ${summary.rejected}, stored ${stored} ` +
      `into the ${database.kind} database in ${summary.seconds} s (findings: ${found || 'none'})`,
  );
}

/** The served market-data's bar cache, whose windows of the imported series are now stale. */
const importCacheSchema = {
  redisUrl: env.url('REDIS_URL', { protocols: ['redis', 'rediss'] }).asSecret().optional(),
  service: env.string('SERVICE_NAME').default('market-data'),
};

async function clearCachedWindows(redisUrl: string, service: string, symbol: string, timeframe: Timeframe): Promise<boolean> {
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

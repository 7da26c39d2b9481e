// The action of `trading import` (see ./import.command): validates the file,
// upserts its bars and clears the served cache's stale windows. A file is
// stored in one transaction: an import that fails or is interrupted (Ctrl-C,
// SIGTERM, a lost connection, a killed process) leaves the store as it was,
// never a prefix of the file; running it again is the way to resume.
import { Presets, SingleBar } from 'cli-progress';
import { Redis } from 'ioredis';
import { env, loadConfig, SystemClock } from '@trading/config';
import { type BarFileImport, importBarFile } from '@trading/data-sources/files';
import type { BarColumns, Timeframe } from '@trading/domain';
import { createBarCache } from '@trading/market-data-service';
import { createLogger } from '@trading/observability';
import { type Database, databaseConfigSchema, databaseOptionsFromConfig, OhlcvBarRepository } from '@trading/persistence';
import { openDatabaseNamingTheSetting } from '@trading/runtime';
import { checkBarFileFlags } from '../bar-file-flags';
import { CliError } from '../cli-error';
import { logLine, printJson, printText } from '../output';
import { wholeNumberFlag } from '../whole-number-flag';
import { DEFAULT_BATCH } from './import.command';

export interface ImportFlags {
  readonly symbol?: string;
  readonly tf?: string;
  readonly tz?: string;
  readonly batch?: string;
  readonly json?: boolean;
}

/** The served market-data's bar cache, whose windows of the imported series are now stale. */
const importCacheSchema = {
  redisUrl: env.url('REDIS_URL', { protocols: ['redis', 'rediss'] }).asSecret().optional(),
  service: env.string('SERVICE_NAME').default('market-data'),
};

/** Exit codes of a process stopped by a signal, as shells report them. */
const SIGNAL_EXIT_CODES: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143 };

export async function importCommand(file: string, flags: ImportFlags): Promise<void> {
  const batch = wholeNumberFlag(flags.batch ?? String(DEFAULT_BATCH), '--batch', 1);
  checkBarFileFlags(flags);
  // A wrong variable stops the command here, before the file is read (ConfigError: one line, exit 2).
  const databaseConfig = loadConfig(databaseConfigSchema);
  const cacheConfig = loadConfig(importCacheSchema);
  let loaded: BarFileImport;
  try {
    loaded = await importBarFile(file, { symbol: flags.symbol, timeframe: flags.tf, tz: flags.tz });
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
  const { columns, report } = loaded;
  if (columns.length === 0) {
    throw new CliError(`${file}: no bars to import (${report.bars} rows read, ${report.dropped} dropped, ${report.rejected} rejected; see \`trading data check\`)`);
  }
  const database = await openDatabaseNamingTheSetting(databaseOptionsFromConfig(databaseConfig, 'trading-import'));
  const started = performance.now();
  let stored: number;
  try {
    stored = await storeInOneTransaction(file, columns, batch, database, !flags.json);
  } finally {
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

/**
 * Upserts the bars batch by batch inside one transaction, with a progress bar
 * on a terminal. SIGINT or SIGTERM between two batches rolls the transaction
 * back and fails the command saying so.
 */
async function storeInOneTransaction(file: string, columns: BarColumns, batch: number, database: Database, showProgress: boolean): Promise<number> {
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

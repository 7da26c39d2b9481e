// The action of `trading import` (see ./import.command): checks the flags, the
// settings and the file, then (./import-store) upserts the bars and clears the
// served cache's stale windows. A file is stored in one transaction: an import
// that fails or is interrupted (Ctrl-C, SIGTERM, a lost connection, a killed
// process) leaves the store as it was, never a prefix of the file; running it
// again is the way to resume.
import { env, loadConfig } from '@trading/config';
import { type BarFileImport, importBarFile } from '@trading/data-sources/files';
import { databaseConfigSchema, databaseOptionsFromConfig } from '@trading/persistence/config';
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
  // The database, the progress bar and Redis load only once the input is known to be good.
  const { clearCachedWindows, marketDataMigrations, openDatabaseNamingTheSetting, storeInOneTransaction } = await import('./import-store');
  // The OHLCV store is market-data's table: its migrations create it in a database that has none yet.
  const database = await openDatabaseNamingTheSetting({ ...databaseOptionsFromConfig(databaseConfig, 'trading-import'), migrations: [...marketDataMigrations] });
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

// `trading bench ohlcv-store`: rows per second of the OHLCV store's batched
// upsert (fresh insert and overwrite) and of a full range read, on embedded
// PGlite or a real Postgres, with the real EURUSD H1 export (45,779 bars).
// Each run starts from an empty table in a throw-away schema; the median is reported.
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { importBarFileSync } from '@trading/data-sources';
import { marketDataMigrations, OhlcvBarRepository } from '@trading/market-data-service/store';
import { openScratchDatabase } from '@trading/persistence';
import { CliError } from '../../cli-error';
import { logLine, printJson, printText } from '../../output';
import { wholeNumberFlag } from '../../whole-number-flag';
import { vendoredData } from '../../vendored-data';
import { lowerMedian, roundTo } from './bench-stats';


interface OhlcvBenchFlags {
  readonly database: string;
  readonly url?: string;
  readonly rowsPerStatement: string;
  readonly runs: string;
  readonly json?: boolean;
}

export function registerOhlcvStoreBench(bench: Command): void {
  bench
    .command('ohlcv-store')
    .option('--database <kind>', 'embedded or postgres', 'embedded')
    .option('--url <url>', 'Postgres URL for --database postgres (default: DATABASE_URL)')
    .option('--rows-per-statement <count>', 'rows per INSERT statement', '5000')
    .option('--runs <count>', 'timed runs (the median is reported)', '3')
    .option('--json', 'print the result as JSON on stdout')
    .action(async (flags: OhlcvBenchFlags) => {
      if (flags.database !== 'embedded' && flags.database !== 'postgres') throw new CliError(`--database: expected embedded or postgres, got "${flags.database}"`);
      const rowsPerStatement = wholeNumberFlag(flags.rowsPerStatement, '--rows-per-statement', 1);
      const runs = wholeNumberFlag(flags.runs, '--runs', 1);
      const url = flags.url ?? process.env['DATABASE_URL'];
      if (flags.database === 'postgres' && !url) throw new CliError('--url: required with --database postgres (or set DATABASE_URL)');
      const { columns } = importBarFileSync(vendoredData.eurusdH1, { symbol: 'EURUSD', timeframe: 'H1' });
      const database = await openScratchDatabase({ kind: flags.database, url, poolSize: 2, applicationName: 'trading-bench', migrations: [...marketDataMigrations] });
      try {
        const repository = new OhlcvBarRepository(database.dataSource, { schema: database.schema, rowsPerStatement });
        const table = `"${database.schema}"."ohlcv_bars"`;
        const insertMs: number[] = [];
        const overwriteMs: number[] = [];
        const readMs: number[] = [];
        logLine(`bench ohlcv-store: ${columns.length} bars, ${flags.database}, ${rowsPerStatement} rows per statement, ${runs} timed runs`);
        for (let run = 0; run <= runs; run++) {
          await database.dataSource.query(`TRUNCATE ${table}`);
          let start = performance.now();
          await repository.upsertColumns(columns);
          const insert = performance.now() - start;
          start = performance.now();
          await repository.upsertColumns(columns);
          const overwrite = performance.now() - start;
          start = performance.now();
          const read = await repository.findRange('EURUSD', 'H1', columns.time[0], columns.time[columns.length - 1] + 1);
          const readElapsed = performance.now() - start;
          if (read.length !== columns.length) throw new Error(`read back ${read.length} bars, wrote ${columns.length}`);
          if (run > 0) {
            // run 0 warms the JIT and the database caches
            insertMs.push(insert);
            overwriteMs.push(overwrite);
            readMs.push(readElapsed);
          }
        }
        const rate = (ms: number) => Math.round(columns.length / (ms / 1000));
        const result = {
          database: flags.database,
          bars: columns.length,
          rowsPerStatement,
          runs,
          insertRowsPerSecond: rate(lowerMedian(insertMs)),
          overwriteRowsPerSecond: rate(lowerMedian(overwriteMs)),
          readRowsPerSecond: rate(lowerMedian(readMs)),
          medianMs: { insert: round(lowerMedian(insertMs)), overwrite: round(lowerMedian(overwriteMs)), read: round(lowerMedian(readMs)) },
          node: process.version,
        };
        if (flags.json) printJson(result);
        else
          printText(
            `ohlcv-store (${flags.database}): ${columns.length} bars; insert ${result.insertRowsPerSecond.toLocaleString('en-US')} rows/s, ` +
              `overwrite ${result.overwriteRowsPerSecond.toLocaleString('en-US')} rows/s, read ${result.readRowsPerSecond.toLocaleString('en-US')} rows/s (median of ${runs})`,
          );
      } finally {
        await database.close();
      }
    });
}

const round = (value: number): number => roundTo(value, 1);

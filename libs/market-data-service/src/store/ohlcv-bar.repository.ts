// The market-data service's OHLCV store (its own table, `ohlcv_bars`; see
// ./migrations): batched upserts and time-range reads of bars. Upserts send
// each column as one array parameter and expand it with unnest(), so a
// statement carries thousands of rows with 9 bind parameters — far below
// Postgres's 65,535-parameter limit whatever the batch size — and re-imports
// overwrite rows in place (ON CONFLICT DO UPDATE).
import { barAt, emptyBarColumns, isTimeframe, type Bar, type BarColumns, type Timeframe } from '@trading/domain';
import { qualifiedTable } from '@trading/persistence';
import type { DataSource, EntityManager } from 'typeorm';

/** A DataSource, or the EntityManager of a transaction the upsert should join. */
export type Queryable = DataSource | EntityManager;

export interface OhlcvBarRepositoryOptions {
  readonly schema?: string;
  /** Rows per INSERT statement; default 5,000. */
  readonly rowsPerStatement?: number;
}

const NUMERIC_COLUMNS = ['time', 'open', 'high', 'low', 'close', 'volume', 'spread'] as const;

interface RowArrays {
  symbol: string[];
  timeframe: string[];
  time: number[];
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
  spread: number[];
}

export class OhlcvBarRepository {
  private readonly table: string;
  private readonly rowsPerStatement: number;
  private readonly upsertSql: string;

  constructor(
    private readonly db: Queryable,
    options: OhlcvBarRepositoryOptions = {},
  ) {
    this.table = qualifiedTable(options.schema ?? 'public', 'ohlcv_bars');
    this.rowsPerStatement = options.rowsPerStatement ?? 5000;
    if (!Number.isInteger(this.rowsPerStatement) || this.rowsPerStatement < 1) {
      throw new Error(`rowsPerStatement must be a positive integer, got ${options.rowsPerStatement}`);
    }
    this.upsertSql = `
      INSERT INTO ${this.table} ("symbol", "timeframe", "time", "open", "high", "low", "close", "volume", "spread")
      SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::float8[], $5::float8[], $6::float8[], $7::float8[], $8::float8[], $9::float8[])
      ON CONFLICT ("symbol", "timeframe", "time") DO UPDATE SET
        "open" = EXCLUDED."open", "high" = EXCLUDED."high", "low" = EXCLUDED."low", "close" = EXCLUDED."close",
        "volume" = EXCLUDED."volume", "spread" = EXCLUDED."spread"`;
  }

  /**
   * Inserts or overwrites bars. Within one call a later bar with the same
   * symbol, timeframe and time wins (as if written one after another).
   * Returns the number of distinct rows written.
   */
  async upsertBars(bars: readonly Bar[]): Promise<number> {
    const latest = new Map<string, number>();
    bars.forEach((bar, index) => {
      validateBar(bar, index);
      latest.set(`${bar.symbol}\u0000${bar.timeframe}\u0000${bar.time}`, index);
    });
    const rows = newRowArrays();
    for (const index of [...latest.values()].sort((a, b) => a - b)) pushRow(rows, bars[index]);
    return this.write(rows);
  }

  /** Same as `upsertBars` for a column batch of one symbol and timeframe (what importers produce). */
  async upsertColumns(columns: BarColumns): Promise<number> {
    for (const column of NUMERIC_COLUMNS) {
      if (columns[column].length < columns.length) {
        throw new RangeError(`${columns.symbol} ${columns.timeframe} columns: ${column} has ${columns[column].length} values, fewer than length ${columns.length}`);
      }
    }
    let increasing = true;
    for (let index = 0; index < columns.length; index++) {
      if (index > 0 && columns.time[index] <= columns.time[index - 1]) increasing = false;
      validateBar(barAt(columns, index), index);
    }
    // Strictly increasing times (the usual import) have no duplicates to fold. Arrays may be
    // longer than `length` (a reused buffer): only the first `length` rows are bars.
    let order: Iterable<number> = columns.time.subarray(0, columns.length).keys();
    if (!increasing) {
      const latest = new Map<number, number>();
      for (let index = 0; index < columns.length; index++) latest.set(columns.time[index], index);
      order = [...latest.values()].sort((a, b) => a - b);
    }
    const rows = newRowArrays();
    for (const index of order) {
      rows.symbol.push(columns.symbol);
      rows.timeframe.push(columns.timeframe);
      for (const column of NUMERIC_COLUMNS) rows[column].push(columns[column][index]);
    }
    return this.write(rows);
  }

  /** Bars with `fromMs <= time < toMs`, oldest first, as columns. */
  async findRange(symbol: string, timeframe: Timeframe, fromMs: number, toMs: number): Promise<BarColumns> {
    // Checked here: Postgres would only say "invalid input syntax for type bigint" without naming the bound.
    for (const [name, value] of [['fromMs', fromMs], ['toMs', toMs]] as const) {
      if (!Number.isSafeInteger(value)) throw new RangeError(`findRange ${symbol} ${timeframe}: ${name} must be an integer number of epoch milliseconds, got ${value}`);
    }
    const found: Array<Record<(typeof NUMERIC_COLUMNS)[number], string | number>> = await this.db.query(
      `SELECT "time", "open", "high", "low", "close", "volume", "spread" FROM ${this.table}
       WHERE "symbol" = $1 AND "timeframe" = $2 AND "time" >= $3 AND "time" < $4 ORDER BY "time"`,
      [symbol, timeframe, fromMs, toMs],
    );
    const columns = emptyBarColumns(symbol, timeframe, found.length);
    found.forEach((row, index) => {
      // bigint comes back as a string from pg; float8 as a number.
      for (const column of NUMERIC_COLUMNS) columns[column][index] = Number(row[column]);
    });
    return columns;
  }

  /** Start time of the newest stored bar, or undefined when none. */
  async latestTime(symbol: string, timeframe: Timeframe): Promise<number | undefined> {
    const rows: Array<{ latest: string | null }> = await this.db.query(
      `SELECT max("time") AS "latest" FROM ${this.table} WHERE "symbol" = $1 AND "timeframe" = $2`,
      [symbol, timeframe],
    );
    return rows[0]?.latest == null ? undefined : Number(rows[0].latest);
  }

  async count(symbol: string, timeframe: Timeframe): Promise<number> {
    const rows: Array<{ count: string }> = await this.db.query(
      `SELECT count(*) AS "count" FROM ${this.table} WHERE "symbol" = $1 AND "timeframe" = $2`,
      [symbol, timeframe],
    );
    return Number(rows[0].count);
  }

  private async write(rows: RowArrays): Promise<number> {
    const total = rows.time.length;
    if (total === 0) return 0;
    if (total <= this.rowsPerStatement) {
      await this.writeChunks(this.db, rows, total);
      return total;
    }
    // Several statements: one transaction, so a failed import leaves nothing half-written
    // (and commits once instead of once per statement). Inside a caller's transaction
    // TypeORM makes this a savepoint.
    await this.db.transaction((manager) => this.writeChunks(manager, rows, total));
    return total;
  }

  private async writeChunks(db: Queryable, rows: RowArrays, total: number): Promise<void> {
    for (let start = 0; start < total; start += this.rowsPerStatement) {
      const end = Math.min(total, start + this.rowsPerStatement);
      await db.query(this.upsertSql, [
        rows.symbol.slice(start, end),
        rows.timeframe.slice(start, end),
        arrayLiteral(rows.time, start, end),
        arrayLiteral(rows.open, start, end),
        arrayLiteral(rows.high, start, end),
        arrayLiteral(rows.low, start, end),
        arrayLiteral(rows.close, start, end),
        arrayLiteral(rows.volume, start, end),
        arrayLiteral(rows.spread, start, end),
      ]);
    }
  }
}

function newRowArrays(): RowArrays {
  return { symbol: [], timeframe: [], time: [], open: [], high: [], low: [], close: [], volume: [], spread: [] };
}

function pushRow(rows: RowArrays, bar: Bar): void {
  rows.symbol.push(bar.symbol);
  rows.timeframe.push(bar.timeframe);
  for (const column of NUMERIC_COLUMNS) rows[column].push(bar[column]);
}

// JS prints the shortest string that reads back to the same double, and
// Postgres parses float8 exactly, so prices round-trip bit for bit.
function arrayLiteral(values: readonly number[], start: number, end: number): string {
  return `{${values.slice(start, end).join(',')}}`;
}

function validateBar(bar: Bar, index: number): void {
  // The location string is built only on failure: this runs once per row of large imports.
  const where = (): string => `bar ${index} (${bar.symbol} ${bar.timeframe} @ ${bar.time})`;
  if (typeof bar.symbol !== 'string' || bar.symbol.trim() === '') throw new RangeError(`${where()}: symbol must be a non-empty string`);
  if (!isTimeframe(bar.timeframe)) throw new RangeError(`${where()}: unknown timeframe "${String(bar.timeframe)}"`);
  if (!Number.isSafeInteger(bar.time)) throw new RangeError(`${where()}: time must be an integer number of epoch milliseconds`);
  for (const column of NUMERIC_COLUMNS) {
    if (!Number.isFinite(bar[column])) throw new RangeError(`${where()}: ${column} must be a finite number, got ${bar[column]}`);
  }
  if (bar.high < bar.low) throw new RangeError(`${where()}: high ${bar.high} is below low ${bar.low}`);
}

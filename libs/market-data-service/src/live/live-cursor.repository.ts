// The live_bar_cursors table: per series, the start time of the newest bar
// live mode has read through (published, or reported as invalid). It is moved
// in the transaction that writes the bars' outbox rows, so what is published
// and where the next poll starts never disagree, whatever stops the process.
import type { Timeframe } from '@trading/domain';
import { qualifiedTable } from '@trading/persistence';
import type { EntityManager } from 'typeorm';
import type { Queryable } from '../store/ohlcv-bar.repository';

export class LiveCursorRepository {
  private readonly table: string;

  constructor(
    private readonly db: Queryable,
    options: { readonly schema?: string } = {},
  ) {
    this.table = qualifiedTable(options.schema ?? 'public', 'live_bar_cursors');
  }

  /** The series' cursor, or undefined before its first poll ever. */
  async read(symbol: string, timeframe: Timeframe): Promise<number | undefined> {
    return this.select(this.db, symbol, timeframe, '');
  }

  /**
   * The cursor inside a transaction, its row locked until the commit: a
   * second replica polling the same series waits, then sees the moved cursor.
   */
  async lock(manager: EntityManager, symbol: string, timeframe: Timeframe): Promise<number | undefined> {
    return this.select(manager, symbol, timeframe, ' FOR UPDATE');
  }

  /** Moves the cursor forward to `lastBarTime` (never back). */
  async advance(manager: EntityManager, symbol: string, timeframe: Timeframe, lastBarTime: number, at: number): Promise<void> {
    if (!Number.isSafeInteger(lastBarTime)) throw new RangeError(`live cursor ${symbol} ${timeframe}: a bar time must be whole epoch ms, got ${lastBarTime}`);
    await manager.query(
      `INSERT INTO ${this.table} ("symbol", "timeframe", "last_bar_time", "updated_at") VALUES ($1, $2, $3, $4)
       ON CONFLICT ("symbol", "timeframe") DO UPDATE SET
         "last_bar_time" = GREATEST(${this.table}."last_bar_time", EXCLUDED."last_bar_time"), "updated_at" = EXCLUDED."updated_at"`,
      [symbol, timeframe, lastBarTime, new Date(at).toISOString()],
    );
  }

  private async select(db: Queryable, symbol: string, timeframe: Timeframe, lock: string): Promise<number | undefined> {
    const rows: Array<{ last_bar_time: string }> = await db.query(`SELECT "last_bar_time" FROM ${this.table} WHERE "symbol" = $1 AND "timeframe" = $2${lock}`, [symbol, timeframe]);
    return rows.length === 0 ? undefined : Number(rows[0].last_bar_time);
  }
}

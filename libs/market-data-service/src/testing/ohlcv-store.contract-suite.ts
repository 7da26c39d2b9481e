// What the OHLCV store must do on both databases (embedded PGlite in the spec,
// a real Postgres in the int-spec), on real EURUSD H1 bars: the service's
// migrations create its tables, and the repository writes and reads bars bit for bit.
import { sharedEurusdH1Bars } from '@trading/data-sources/testing';
import type { Bar } from '@trading/domain';
import type { Database } from '@trading/persistence';
import { OhlcvBarRepository } from '../store/ohlcv-bar.repository';

export function ohlcvStoreContractSuite(open: () => Promise<Database>): void {
  let database: Database;

  beforeAll(async () => {
    database = await open();
  }, 60_000);

  afterAll(async () => {
    await database?.close();
  });

  describe('migrations', () => {
    it('creates the service tables beside the inbox and outbox, and runs nothing when migrated again', async () => {
      const rows: Array<{ table_name: string }> = await database.dataSource.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
        [database.schema],
      );
      expect(rows.map((row) => row.table_name)).toEqual(['inbox', 'journal', 'live_bar_cursors', 'ohlcv_bars', 'outbox', 'typeorm_migrations']);
      expect(await database.runMigrations()).toEqual([]);
    });
  });

  describe('OHLCV store', () => {
    const bars = sharedEurusdH1Bars().slice(0, 12_000);

    it('upserts real EURUSD H1 bars in several statements and reads them back bit for bit', async () => {
      const repository = new OhlcvBarRepository(database.dataSource, { schema: database.schema, rowsPerStatement: 5000 });
      expect(await repository.upsertBars(bars)).toBe(12_000);
      expect(await repository.count('EURUSD', 'H1')).toBe(12_000);
      const read = await repository.findRange('EURUSD', 'H1', bars[0].time, bars[bars.length - 1].time + 1);
      expect(read.length).toBe(12_000);
      expect(Array.from(read.time)).toEqual(bars.map((bar) => bar.time));
      expect(Array.from(read.close)).toEqual(bars.map((bar) => bar.close));
      expect(Array.from(read.high)).toEqual(bars.map((bar) => bar.high));
      expect(Array.from(read.volume)).toEqual(bars.map((bar) => bar.volume));
      expect(Array.from(read.spread)).toEqual(bars.map((bar) => bar.spread));
      expect(await repository.latestTime('EURUSD', 'H1')).toBe(bars[bars.length - 1].time);
    });

    it('reads a half-open range [from, to)', async () => {
      const repository = new OhlcvBarRepository(database.dataSource, { schema: database.schema });
      const read = await repository.findRange('EURUSD', 'H1', bars[100].time, bars[110].time);
      expect(Array.from(read.time)).toEqual(bars.slice(100, 110).map((bar) => bar.time));
      expect(read.open[0]).toBe(bars[100].open);
    });

    it('overwrites existing bars on re-import and keeps the last of duplicates within a batch', async () => {
      const repository = new OhlcvBarRepository(database.dataSource, { schema: database.schema });
      const original = bars[500];
      const corrected: Bar = { ...original, close: original.close + 0.0001, high: original.high + 0.0001 };
      const later: Bar = { ...corrected, volume: 4242 };
      expect(await repository.upsertBars([corrected, later])).toBe(1);
      const read = await repository.findRange('EURUSD', 'H1', original.time, original.time + 1);
      expect([read.close[0], read.high[0], read.volume[0]]).toEqual([corrected.close, corrected.high, 4242]);
      expect(await repository.count('EURUSD', 'H1')).toBe(12_000);
    });

    it('writes a column batch of another symbol and keeps symbols apart', async () => {
      const repository = new OhlcvBarRepository(database.dataSource, { schema: database.schema });
      const slice = bars.slice(0, 50);
      const columns = {
        symbol: 'GBPUSD',
        timeframe: 'H1' as const,
        length: slice.length,
        time: Float64Array.from(slice, (bar) => bar.time),
        open: Float64Array.from(slice, (bar) => bar.open),
        high: Float64Array.from(slice, (bar) => bar.high),
        low: Float64Array.from(slice, (bar) => bar.low),
        close: Float64Array.from(slice, (bar) => bar.close),
        volume: Float64Array.from(slice, (bar) => bar.volume),
        spread: Float64Array.from(slice, (bar) => bar.spread),
      };
      expect(await repository.upsertColumns(columns)).toBe(50);
      expect(await repository.count('GBPUSD', 'H1')).toBe(50);
      expect(await repository.count('EURUSD', 'H1')).toBe(12_000);
      expect(await repository.latestTime('GBPUSD', 'M5')).toBeUndefined();
    });

    it('folds repeated times in an unordered column batch, the later row winning', async () => {
      const repository = new OhlcvBarRepository(database.dataSource, { schema: database.schema });
      const [a, b] = [bars[0], bars[1]];
      const pick = (column: 'time' | 'open' | 'high' | 'low' | 'close' | 'volume' | 'spread') => Float64Array.of(b[column], a[column], b[column] + (column === 'time' ? 0 : 0.5));
      const columns = { symbol: 'AUDUSD', timeframe: 'H1' as const, length: 3, time: pick('time'), open: pick('open'), high: pick('high'), low: pick('low'), close: pick('close'), volume: pick('volume'), spread: pick('spread') };
      expect(await repository.upsertColumns(columns)).toBe(2);
      const read = await repository.findRange('AUDUSD', 'H1', a.time, b.time + 1);
      expect(Array.from(read.time)).toEqual([a.time, b.time]);
      expect(Array.from(read.close)).toEqual([a.close, b.close + 0.5]);
    });

    it('writes only the first `length` rows of column arrays that are longer (a reused buffer)', async () => {
      const repository = new OhlcvBarRepository(database.dataSource, { schema: database.schema });
      const slice = bars.slice(0, 4);
      const buffer = (column: 'time' | 'open' | 'high' | 'low' | 'close' | 'volume' | 'spread') => Float64Array.from(slice, (bar) => bar[column]);
      const columns = { symbol: 'NZDUSD', timeframe: 'H1' as const, length: 2, time: buffer('time'), open: buffer('open'), high: buffer('high'), low: buffer('low'), close: buffer('close'), volume: buffer('volume'), spread: buffer('spread') };
      expect(await repository.upsertColumns(columns)).toBe(2);
      expect(Array.from((await repository.findRange('NZDUSD', 'H1', 0, Number.MAX_SAFE_INTEGER)).time)).toEqual([slice[0].time, slice[1].time]);
    });

    it('rejects a column batch whose arrays are shorter than its length, naming the column', async () => {
      const repository = new OhlcvBarRepository(database.dataSource, { schema: database.schema });
      const two = (column: 'time' | 'open' | 'high' | 'low' | 'close' | 'volume' | 'spread') => Float64Array.from(bars.slice(0, 2), (bar) => bar[column]);
      const columns = { symbol: 'NZDUSD', timeframe: 'M5' as const, length: 2, time: two('time'), open: two('open'), high: two('high'), low: two('low'), close: two('close'), volume: Float64Array.of(1), spread: two('spread') };
      await expect(repository.upsertColumns(columns)).rejects.toThrow('NZDUSD M5 columns: volume has 1 values, fewer than length 2');
    });

    it('rejects a read range bound that is not an integer, naming it', async () => {
      const repository = new OhlcvBarRepository(database.dataSource, { schema: database.schema });
      await expect(repository.findRange('EURUSD', 'H1', 0, Number.NaN)).rejects.toThrow('findRange EURUSD H1: toMs must be an integer number of epoch milliseconds, got NaN');
      await expect(repository.findRange('EURUSD', 'H1', 1.5, 10)).rejects.toThrow('findRange EURUSD H1: fromMs must be an integer number of epoch milliseconds, got 1.5');
    });

    it('rejects a bar whose high is below its low before touching the database', async () => {
      const repository = new OhlcvBarRepository(database.dataSource, { schema: database.schema });
      const broken: Bar = { ...bars[0], time: bars[0].time - 3_600_000, high: 1.0, low: 1.1 };
      await expect(repository.upsertBars([bars[1], broken])).rejects.toThrow('bar 1 (EURUSD H1 @ 1425906000000): high 1 is below low 1.1');
      expect(await repository.count('EURUSD', 'H1')).toBe(12_000);
    });

    it('joins the caller transaction when given its manager', async () => {
      const extra: Bar = { ...bars[0], symbol: 'USDCHF' };
      await expect(
        database.dataSource.transaction(async (manager) => {
          await new OhlcvBarRepository(manager, { schema: database.schema }).upsertBars([extra]);
          throw new Error('abort import');
        }),
      ).rejects.toThrow('abort import');
      expect(await new OhlcvBarRepository(database.dataSource, { schema: database.schema }).count('USDCHF', 'H1')).toBe(0);
    });
  });
}

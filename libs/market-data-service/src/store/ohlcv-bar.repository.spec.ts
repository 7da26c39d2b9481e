// The OHLCV store on embedded PGlite (what `trading run` and the default serve use).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@trading/persistence';
import { openTestDatabase } from '@trading/persistence/testing';
import { marketDataMigrations } from './migrations';
import { CreateOhlcvBars1764000000003 } from './migrations/1764000000003-create-ohlcv-bars.migration';
import { OhlcvBarRepository } from './ohlcv-bar.repository';
import { ohlcvStoreContractSuite } from '../testing/ohlcv-store.contract-suite';

jest.setTimeout(60_000);

describe('OHLCV store on embedded PGlite', () => {
  ohlcvStoreContractSuite(() => openTestDatabase({ kind: 'embedded', migrations: [...marketDataMigrations] }));
});

describe('a database migrated before the service owned its table', () => {
  it('keeps its ohlcv_bars and runs only the migrations it has not run', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'trading-md-migrations-'));
    try {
      // What the shared persistence library used to run: inbox, outbox, then ohlcv_bars under this same name.
      const before = await openDatabase({ kind: 'embedded', dataDir: folder, migrations: [CreateOhlcvBars1764000000003] });
      const bar = { symbol: 'EURUSD', timeframe: 'H1' as const, time: 1_425_909_600_000, open: 1.08603, high: 1.08681, low: 1.0846, close: 1.08578, volume: 4992, spread: 10 };
      await new OhlcvBarRepository(before.dataSource).upsertBars([bar]);
      await before.close();
      const after = await openDatabase({ kind: 'embedded', dataDir: folder, migrationsRun: false, migrations: [...marketDataMigrations] });
      try {
        expect(await after.runMigrations()).toEqual(['CreateLiveBarCursors1796586756333']);
        expect((await new OhlcvBarRepository(after.dataSource).findRange('EURUSD', 'H1', bar.time, bar.time + 1)).close).toEqual(Float64Array.of(1.08578));
      } finally {
        await after.close();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

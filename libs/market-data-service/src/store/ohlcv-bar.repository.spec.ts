// The OHLCV store on embedded PGlite (what `trading run` and the default serve use).
import { openTestDatabase } from '@trading/persistence/testing';
import { marketDataMigrations } from './migrations';
import { ohlcvStoreContractSuite } from './ohlcv-store.contract-suite';

jest.setTimeout(60_000);

describe('OHLCV store on embedded PGlite', () => {
  ohlcvStoreContractSuite(() => openTestDatabase({ kind: 'embedded', migrations: [...marketDataMigrations] }));
});

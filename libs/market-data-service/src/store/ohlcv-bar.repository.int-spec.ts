// The OHLCV store on a real Postgres server, in a schema of its own per run.
import { openTestDatabase } from '@trading/persistence/testing';
import { describeWithServers, testServerUrl } from '@trading/test-support';
import { marketDataMigrations } from './migrations';
import { ohlcvStoreContractSuite } from '../testing/ohlcv-store.contract-suite';

jest.setTimeout(60_000);

describeWithServers(['postgres'], 'OHLCV store on Postgres', () => {
  ohlcvStoreContractSuite(() => openTestDatabase({ kind: 'postgres', url: testServerUrl('postgres'), migrations: [...marketDataMigrations] }));
});

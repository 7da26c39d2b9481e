// For the specs of services that read market-data's HTTP API (the warm-ups of
// risk and the strategies): the real service on a free port, its store in a
// Postgres schema of its own, fed one bar file at full speed.
import { spawnSync } from 'node:child_process';
import { openInfrastructure } from '@trading/runtime';
import { freePort, testServerUrl } from '@trading/test-support';
import { serveMarketData, type RunningService } from '../serve/serve-market-data';

export interface MarketDataOnFile {
  readonly service: RunningService;
  /** `http://127.0.0.1:<port>`, the base of its `/bars` route. */
  readonly url: string;
  /** Stops the service and drops its schema. */
  stop(): Promise<void>;
}

/** Boots market-data on the test Postgres in `schema`, and resolves once `file` is stored. */
export async function serveMarketDataOnFile(file: string, schema: string): Promise<MarketDataOnFile> {
  const port = await freePort();
  const database = testServerUrl('postgres');
  const service = await serveMarketData(openInfrastructure, {
    HTTP_PORT: String(port),
    DATABASE_URL: database,
    DATABASE_SCHEMA: schema,
    MARKET_DATA_FILES: file,
    MARKET_DATA_SPEED: 'max',
    LOG_LEVEL: 'error',
  });
  const stop = async () => {
    await service.stop();
    spawnSync('psql', [database, '-qc', `DROP SCHEMA IF EXISTS "${schema}" CASCADE`]);
  };
  try {
    await service.fed;
  } catch (error) {
    await stop();
    throw error;
  }
  return { service, url: `http://127.0.0.1:${port}`, stop };
}

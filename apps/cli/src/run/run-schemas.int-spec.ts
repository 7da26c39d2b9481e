// A run's schemas on the real Postgres: a run that ended without dropping them
// (killed) leaves no lock behind, and the next run drops them; a live run's
// are left alone, and so is every schema that is not a run's.
import { capturedLogger } from '@trading/observability/testing';
import type { Database } from '@trading/persistence';
import { openTestDatabase } from '@trading/persistence/testing';
import { describeWithServers, testServerUrl } from '@trading/test-support';
import { claimRunSchemas, RUN_LOCK_NAMESPACE } from './run-schemas';

const capture = () => capturedLogger('trading-run');

describeWithServers(['postgres'], 'the schemas of trading run on Postgres', () => {
  let database: Database;
  let other: Database;
  // Tags no other run makes (a run's are random): this spec's own, so parallel runs are not touched.
  const suffix = (process.pid % 0xffff).toString(16).padStart(4, '0');
  const dead = `rdead${suffix}`;
  const alive = `rbeef${suffix}`;
  const mine = `rf00d${suffix}`;
  const schemas = (tag: string) => [`${tag}_order_execution`, `${tag}_risk`];
  const existing = async (): Promise<string[]> =>
    (await database.dataSource.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE ANY ($1) ORDER BY nspname`, [[`${dead}%`, `${alive}%`, `${mine}%`]])).map((row: { nspname: string }) => row.nspname);

  beforeAll(async () => {
    database = await openTestDatabase({ kind: 'postgres', url: testServerUrl('postgres'), migrations: [] });
    other = await openTestDatabase({ kind: 'postgres', url: testServerUrl('postgres'), migrations: [] });
  }, 60_000);
  afterAll(async () => {
    for (const schema of [...schemas(dead), ...schemas(alive), `${dead}_notes`]) await database.dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await other.close();
    await database.close();
  });

  it("drops the schemas of a run whose lock nobody holds, keeps a live run's and anything else, and holds its own lock until released", async () => {
    for (const schema of [...schemas(dead), ...schemas(alive), `${dead}_notes`]) await database.dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await database.dataSource.query(`CREATE TABLE "${dead}_risk"."risk_accounts" ("cash" numeric)`);
    // The live run: its lock held by a session of its own.
    const live = other.dataSource.createQueryRunner();
    await live.connect();
    try {
      await live.query('SELECT pg_advisory_lock($1, hashtext($2))', [RUN_LOCK_NAMESPACE, alive]);
      const { lines, logger } = capture();
      const claimed = await claimRunSchemas(database, logger, () => mine);
      expect(claimed.tag).toBe(mine);
      expect(claimed.swept).toEqual(schemas(dead));
      expect(await existing()).toEqual([`${alive}_order_execution`, `${alive}_risk`, `${dead}_notes`]);
      expect(lines.filter((line) => line['tag'] === dead)).toEqual([expect.objectContaining({ level: 'warn', message: 'dropped the schemas of a run that ended without dropping them', schemas: schemas(dead) })]);

      // While the run lives, its tag cannot be taken: a sweep by another run leaves it alone.
      const [{ taken }] = await live.query('SELECT pg_try_advisory_lock($1, hashtext($2)) AS taken', [RUN_LOCK_NAMESPACE, mine]);
      expect(taken).toBe(false);
      await claimed.release();
      await claimed.release();
      const [{ free }] = await live.query('SELECT pg_try_advisory_lock($1, hashtext($2)) AS free', [RUN_LOCK_NAMESPACE, mine]);
      expect(free).toBe(true);
      await live.query('SELECT pg_advisory_unlock($1, hashtext($2))', [RUN_LOCK_NAMESPACE, mine]);
    } finally {
      await live.query('SELECT pg_advisory_unlock_all()');
      await live.release();
    }
  });

  it('takes another tag when the first one drawn is held', async () => {
    const live = other.dataSource.createQueryRunner();
    await live.connect();
    try {
      await live.query('SELECT pg_advisory_lock($1, hashtext($2))', [RUN_LOCK_NAMESPACE, alive]);
      const drawn = [alive, mine];
      const claimed = await claimRunSchemas(database, capture().logger, () => drawn.shift() as string);
      expect(claimed.tag).toBe(mine);
      await claimed.release();
    } finally {
      await live.query('SELECT pg_advisory_unlock_all()');
      await live.release();
    }
  });
});

// Embedded PGlite served on a local socket, reached through the same pg/TypeORM
// code as a real server.
import { ManualClock } from '@trading/domain';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from './database.factory';
import { Inbox } from './inbox';
import { Outbox } from './outbox';
import { envelopeFor, persistenceContractSuite, testMessageRegistry, topic } from './testing/persistence-contract.suite';
import { openTestDatabase } from './testing/test-database';

jest.setTimeout(60_000);

describe('persistence on embedded PGlite', () => {
  persistenceContractSuite(() => openTestDatabase({ kind: 'embedded' }));
});

describe('embedded database lifecycle', () => {
  let folder: string;

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'trading-pglite-'));
  });

  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('keeps data in a folder across a clean shutdown and reopen, served on a unix socket', async () => {
    const dataDir = join(folder, 'data');
    const socketDir = join(folder, 'sock');
    const first = await openDatabase({ kind: 'embedded', dataDir, socketDir });
    expect(first.poolSize).toBe(1);
    const inbox = new Inbox({ clock: new ManualClock(1_425_909_600_000) });
    const handle = (database: typeof first) => database.dataSource.transaction((manager) => inbox.processOnce(manager, 'risk.signals', 'msg-1', async () => undefined));
    expect(await handle(first)).toBe('processed');
    await first.close();
    await first.close();

    const second = await openDatabase({ kind: 'embedded', dataDir, socketDir });
    try {
      expect(await second.runMigrations()).toEqual([]);
      // The message handled before the shutdown is still known after the reopen.
      expect(await handle(second)).toBe('duplicate');
    } finally {
      await second.close();
    }
  });

  it('serializes concurrent transactions over its single connection without losing writes', async () => {
    const database = await openTestDatabase({ kind: 'embedded' });
    try {
      const outbox = new Outbox({ clock: new ManualClock(0), schema: database.schema, registry: testMessageRegistry });
      await Promise.all(
        Array.from({ length: 8 }, (_, writer) =>
          database.dataSource.transaction(async (manager) => {
            for (let index = 0; index < 5; index++) await outbox.enqueue(manager, topic(`stream.${writer % 2}`), envelopeFor('stream', { writer, index }));
          }),
        ),
      );
      const rows: Array<{ n: number }> = await database.dataSource.query(`SELECT count(*)::int AS n FROM "${database.schema}"."outbox"`);
      expect(rows[0].n).toBe(40);
    } finally {
      await database.close();
    }
  });

  it('refuses an unsafe schema name', async () => {
    await expect(openDatabase({ kind: 'embedded', schema: 'x"; DROP TABLE y; --' })).rejects.toThrow('schema name "x"; DROP TABLE y; --" must be lower-case letters');
  });
});

describe('Inbox.recordAll (group commit)', () => {
  it('says by index which ids to handle: new ones once, an id seen before or earlier in the batch a duplicate, nothing kept when the transaction fails', async () => {
    const database = await openTestDatabase({ kind: 'embedded' });
    try {
      const inbox = new Inbox({ clock: new ManualClock(0), schema: database.schema });
      const record = (ids: readonly string[]) => database.dataSource.transaction((manager) => inbox.recordAll(manager, 'order-execution', ids));
      expect(await record(['a', 'b', 'a', 'c'])).toEqual(['processed', 'processed', 'duplicate', 'processed']);
      expect(await record(['c', 'd', 'd'])).toEqual(['duplicate', 'processed', 'duplicate']);
      await expect(
        database.dataSource.transaction(async (manager) => {
          expect(await inbox.recordAll(manager, 'order-execution', ['e', 'b'])).toEqual(['processed', 'duplicate']);
          throw new Error('the batch failed');
        }),
      ).rejects.toThrow('the batch failed');
      // Rolled back with its batch: e is handled when the batch comes again; another consumer has its own marks.
      expect(await record(['e'])).toEqual(['processed']);
      expect(await database.dataSource.transaction((manager) => inbox.recordAll(manager, 'risk', ['a']))).toEqual(['processed']);
      expect(await record([])).toEqual([]);
    } finally {
      await database.close();
    }
  });
});

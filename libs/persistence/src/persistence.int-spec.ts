// The same persistence behaviour on a real Postgres server, plus what only a
// multi-connection server can show: concurrent writers and relays racing on the
// outbox and concurrent deliveries of one message racing on the inbox.
import type { Envelope, Topic } from '@trading/contracts';
import { ManualClock, SeededRandom } from '@trading/domain';
import { describeWithServers, testServerUrl } from '@trading/test-support';
import { openDatabase, type Database } from './database.factory';
import { Inbox } from './inbox';
import { Outbox } from './outbox';
import { OutboxRelay } from './outbox.relay';
import { envelopeFor, persistenceContractSuite, testMessageRegistry, topic, waitFor } from './testing/persistence-contract.suite';
import { RecordingBus } from './testing/recording-bus';
import { openTestDatabase } from './testing/test-database';

jest.setTimeout(60_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeWithServers(['postgres'], 'persistence on Postgres', () => {
  persistenceContractSuite(() => openTestDatabase({ kind: 'postgres', url: testServerUrl('postgres') }));
});

describeWithServers(['postgres'], 'outbox under concurrent writers on Postgres', () => {
  let database: Database;
  const streams = ['order.submit.a', 'order.submit.b', 'order.submit.c'];

  beforeAll(async () => {
    database = await openTestDatabase({ kind: 'postgres', url: testServerUrl('postgres'), poolSize: 12 });
    const schema = `"${database.schema}"`;
    await database.dataSource.query(`CREATE TABLE ${schema}.stream_counter (stream text PRIMARY KEY, position int NOT NULL)`);
    await database.dataSource.query(`CREATE TABLE ${schema}.commit_log (stream text, position int, slot int, message_id uuid)`);
  });

  beforeEach(async () => {
    const schema = `"${database.schema}"`;
    await database.dataSource.query(`TRUNCATE ${schema}.stream_counter, ${schema}.commit_log, ${schema}.outbox`);
    await database.dataSource.query(`INSERT INTO ${schema}.stream_counter VALUES ('order.submit.a', 0), ('order.submit.b', 0), ('order.submit.c', 0)`);
  });

  afterAll(async () => {
    await database?.close();
  });

  /** 8 writers commit 1–3 messages per transaction on random streams with random delays; returns how many they committed. */
  async function raceWriters(outbox: Outbox): Promise<number> {
    const schema = `"${database.schema}"`;
    const writers = 8;
    const transactionsPerWriter = 30;
    let committedMessages = 0;
    const writerRuns = Array.from({ length: writers }, async (_, writer) => {
      const random = new SeededRandom(1000 + writer);
      for (let round = 0; round < transactionsPerWriter; round++) {
        const stream = streams[random.nextUint32() % streams.length];
        const messages = 1 + (random.nextUint32() % 3);
        const sleepBeforeCount = random.nextUint32() % 4;
        const sleepBeforeCommit = random.nextUint32() % 4;
        await database.dataSource.transaction(async (manager) => {
          const ids: string[] = [];
          for (let slot = 0; slot < messages; slot++) {
            const envelope = envelopeFor('order.submit', { writer, round, slot });
            await outbox.enqueue(manager, topic(stream), envelope);
            ids.push(envelope.id);
          }
          await sleep(sleepBeforeCount);
          // The row lock on the stream's counter is held to commit, so `position`
          // is this stream's true commit order, whatever the outbox does.
          // TypeORM answers an UPDATE with [rows, affected count].
          const [[row]]: [Array<{ position: number }>, number] = await manager.query(
            `UPDATE ${schema}.stream_counter SET position = position + 1 WHERE stream = $1 RETURNING position`,
            [stream],
          );
          for (const [slot, id] of ids.entries()) {
            await manager.query(`INSERT INTO ${schema}.commit_log VALUES ($1, $2, $3, $4)`, [stream, row.position, slot, id]);
          }
          await sleep(sleepBeforeCommit);
        });
        committedMessages += messages;
      }
    });
    await Promise.all(writerRuns);
    return committedMessages;
  }

  /** Every committed message published exactly once, and each stream in its commit order. */
  async function expectCommitOrderOnce(bus: RecordingBus, committedMessages: number): Promise<void> {
    const log: Array<{ stream: string; message_id: string }> = await database.dataSource.query(
      `SELECT stream, message_id FROM "${database.schema}".commit_log ORDER BY stream, position, slot`,
    );
    expect(log.length).toBe(committedMessages);
    // The writers' seeded draws: 8 × 30 transactions of 1-3 messages, 480 in all (a 170, b 128, c 182).
    expect(committedMessages).toBe(480);
    const publishedIds = bus.published.map((message) => message.envelope.id);
    expect(new Set(publishedIds).size).toBe(publishedIds.length);
    expect(publishedIds.length).toBe(committedMessages);
    const perStream: Record<string, number> = {};
    for (const stream of streams) {
      const committedOrder = log.filter((entry) => entry.stream === stream).map((entry) => entry.message_id);
      const publishedOrder = bus.published.filter((message) => message.topic === stream).map((message) => message.envelope.id);
      perStream[stream] = committedOrder.length;
      expect(publishedOrder).toEqual(committedOrder);
    }
    expect(perStream).toEqual({ 'order.submit.a': 170, 'order.submit.b': 128, 'order.submit.c': 182 });
  }

  it('relays every message exactly once and each stream in commit order while 8 writers race with random delays before commit', async () => {
    const clock = new ManualClock(Date.UTC(2024, 0, 1));
    const outbox = new Outbox({ clock, schema: database.schema, registry: testMessageRegistry });
    const bus = new RecordingBus();
    const relay = new OutboxRelay({ dataSource: database.dataSource, bus, clock, schema: database.schema, batchSize: 16, pollIntervalMs: 5 });

    relay.start();
    const committedMessages = await raceWriters(outbox);
    const publishedWhileWriting = bus.published.length;
    await waitFor(() => bus.published.length >= committedMessages, 20_000);
    await relay.stop();
    expect(await relay.drain()).toBe(0);
    expect(publishedWhileWriting).toBeGreaterThan(0);
    await expectCommitOrderOnce(bus, committedMessages);
  });

  it('relays every message exactly once and each stream in commit order with 3 relays, each on its own pool, racing the 8 writers', async () => {
    const clock = new ManualClock(Date.UTC(2024, 0, 1));
    const outbox = new Outbox({ clock, schema: database.schema, registry: testMessageRegistry });
    const bus = new RecordingBus();
    const pools = await Promise.all(
      [0, 1, 2].map(() => openDatabase({ kind: 'postgres', url: testServerUrl('postgres'), schema: database.schema, poolSize: 2, migrationsRun: false })),
    );
    try {
      const relays = pools.map(
        (pool, index) => new OutboxRelay({ dataSource: pool.dataSource, bus, clock, schema: database.schema, batchSize: 4 + index * 6, pollIntervalMs: 3 + index }),
      );
      for (const relay of relays) relay.start();
      const committedMessages = await raceWriters(outbox);
      await waitFor(() => bus.published.length >= committedMessages, 20_000);
      for (const relay of relays) await relay.stop();
      expect(await relays[0].drain()).toBe(0);
      expect(relays.reduce((sum, relay) => sum + relay.publishedCount, 0)).toBe(committedMessages);
      await expectCommitOrderOnce(bus, committedMessages);
    } finally {
      await Promise.all(pools.map((pool) => pool.close()));
    }
  });

  it('lets a second relay send the other streams while one holds a stream, and that stream wait for it', async () => {
    const clock = new ManualClock(Date.UTC(2024, 0, 1));
    const outbox = new Outbox({ clock, schema: database.schema, registry: testMessageRegistry });
    const sent: Envelope[] = [];
    for (let index = 0; index < 3; index++) {
      for (const stream of ['order.submit.a', 'order.submit.b']) {
        const envelope = envelopeFor('order.submit', { stream, index });
        await database.dataSource.transaction((manager) => outbox.enqueue(manager, topic(stream), envelope));
        sent.push(envelope);
      }
    }
    const ofStream = (stream: string) => sent.filter((envelope) => (envelope.payload as { stream: string }).stream === stream);
    // The first relay's broker holds its first confirm until released.
    const held = new RecordingBus();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const isHolding = new Promise<void>((resolve) => (holding = resolve));
    const slowBus = {
      publish: async (publishTopic: Topic, envelope: Envelope) => {
        holding();
        await released;
        await held.publish(publishTopic, envelope);
      },
    };
    const first = new OutboxRelay({ dataSource: database.dataSource, bus: slowBus, clock, schema: database.schema, batchSize: 1 });
    const second = new RecordingBus();
    const other = new OutboxRelay({ dataSource: database.dataSource, bus: second, clock, schema: database.schema, batchSize: 10 });

    const firstDrain = first.drain();
    await isHolding;
    // Stream a is the first relay's (it claimed a0); the second relay takes only b.
    expect(await other.drain()).toBe(3);
    expect(second.published.map((message) => message.envelope)).toEqual(ofStream('order.submit.b'));
    expect(await other.pendingCount()).toBe(3);
    release();
    expect(await firstDrain).toBe(3);
    expect(held.published.map((message) => message.envelope)).toEqual(ofStream('order.submit.a'));
    expect(await other.drain()).toBe(0);
    expect(second.published).toHaveLength(3);
  });
});

describeWithServers(['postgres'], 'inbox under concurrent deliveries on Postgres', () => {
  let database: Database;
  const clock = new ManualClock(Date.UTC(2024, 0, 1));

  beforeAll(async () => {
    database = await openTestDatabase({ kind: 'postgres', url: testServerUrl('postgres'), poolSize: 4 });
  });

  afterAll(async () => {
    await database?.close();
  });

  async function untilWaitingOnLock(schema: string): Promise<void> {
    for (;;) {
      const [{ waiting }]: Array<{ waiting: number }> = await database.dataSource.query(
        `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE $1`,
        [`%${schema}%inbox%`],
      );
      if (waiting > 0) return;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async function raceTwoDeliveries(firstFails: boolean): Promise<[string, string, number]> {
    const inbox = new Inbox({ clock, schema: database.schema });
    let runs = 0;
    let firstInserted!: () => void;
    const firstHasRow = new Promise<void>((resolve) => (firstInserted = resolve));
    let finishFirst!: () => void;
    const secondIsWaiting = new Promise<void>((resolve) => (finishFirst = resolve));
    const first = database.dataSource
      .transaction((manager) =>
        inbox.processOnce(manager, 'race', `m-${firstFails}`, async () => {
          runs += 1;
          firstInserted();
          await secondIsWaiting;
          if (firstFails) throw new Error('first delivery crashed');
        }),
      )
      .catch((error: Error) => error.message);
    await firstHasRow;
    const second = database.dataSource.transaction((manager) =>
      inbox.processOnce(manager, 'race', `m-${firstFails}`, async () => {
        runs += 1;
      }),
    );
    // The first delivery ends only once Postgres shows the second one's insert waiting on its row.
    await untilWaitingOnLock(database.schema);
    finishFirst();
    const [a, b] = await Promise.all([first, second]);
    return [a, b, runs];
  }

  it('makes a concurrent redelivery wait and skip it once the first delivery commits', async () => {
    expect(await raceTwoDeliveries(false)).toEqual(['processed', 'duplicate', 1]);
  });

  it('lets a concurrent redelivery run when the first delivery rolls back', async () => {
    expect(await raceTwoDeliveries(true)).toEqual(['first delivery crashed', 'processed', 2]);
  });
});

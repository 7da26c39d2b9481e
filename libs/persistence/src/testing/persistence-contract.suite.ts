// The behaviour both databases must show (real Postgres in the int-spec,
// embedded PGlite over its socket in the spec): migrations, the inbox and the
// outbox with its relay. Not exported: test code only.
import { defineMessage, MessageRegistry, unknownValue, type Envelope, type Topic } from '@trading/contracts';
import { ManualClock } from '@trading/domain';
import { randomUUID } from 'node:crypto';
import type { Database } from '../database.factory';
import { Inbox } from '../inbox';
import { Journal } from '../journal';
import { Outbox } from '../outbox';
import { OutboxRelay } from '../outbox.relay';
import { RecordingBus } from './recording-bus';

export function envelopeFor(type: string, payload: unknown, occurredAt = 1_700_000_000_000): Envelope {
  const id = randomUUID();
  return { id, type, version: 1, occurredAt, correlationId: id, causationId: null, producer: 'persistence-test', payload };
}

export const topic = (value: string): Topic => value as Topic;

/** Accepts any payload of the types these tests enqueue, so they can carry test data (the outbox validates envelopes). */
export const testMessageRegistry = new MessageRegistry(
  ['signal', 'order.submit', 'risk.state', 'nobody', 'stream'].map((type) => defineMessage({ type, version: 1, kind: 'event', schema: unknownValue() })),
);

export function persistenceContractSuite(open: () => Promise<Database>): void {
  let database: Database;
  const clock = new ManualClock(Date.UTC(2024, 4, 1));

  beforeAll(async () => {
    database = await open();
  }, 60_000);

  afterAll(async () => {
    await database?.close();
  });

  describe('migrations', () => {
    it('creates the inbox, outbox and journal tables in the chosen schema, and no table of a service', async () => {
      const rows: Array<{ table_name: string }> = await database.dataSource.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
        [database.schema],
      );
      expect(rows.map((row) => row.table_name)).toEqual(['inbox', 'journal', 'outbox', 'typeorm_migrations']);
    });

    it('runs nothing when migrated again', async () => {
      expect(await database.runMigrations()).toEqual([]);
    });
  });

  describe('inbox', () => {
    const processedIds = async (consumer: string): Promise<string[]> => {
      const rows: Array<{ message_id: string }> = await database.dataSource.query(
        `SELECT message_id FROM "${database.schema}"."inbox" WHERE consumer = $1 ORDER BY message_id`,
        [consumer],
      );
      return rows.map((row) => row.message_id);
    };

    it('processes a message once and reports its redelivery as a duplicate without running the handler', async () => {
      const inbox = new Inbox({ clock, schema: database.schema });
      let runs = 0;
      const handle = () =>
        database.dataSource.transaction((manager) =>
          inbox.processOnce(manager, 'risk.signals', 'msg-1', async () => {
            runs += 1;
          }),
        );
      expect(await handle()).toBe('processed');
      expect(await handle()).toBe('duplicate');
      expect(runs).toBe(1);
      expect(await processedIds('risk.signals')).toEqual(['msg-1']);
    });

    it('keeps consumers apart: the same message id is new to another consumer', async () => {
      const inbox = new Inbox({ clock, schema: database.schema });
      const outcome = await database.dataSource.transaction((manager) => inbox.processOnce(manager, 'audit', 'msg-1', async () => undefined));
      expect(outcome).toBe('processed');
    });

    it('leaves nothing behind when the handler throws, so the redelivery is processed', async () => {
      const inbox = new Inbox({ clock, schema: database.schema });
      // The handler's own table, standing for the consumer's state.
      const sideEffects = `"${database.schema}"."side_effects"`;
      await database.dataSource.query(`CREATE TABLE ${sideEffects} (symbol text NOT NULL)`);
      const handler = (fail: boolean) => async (manager: import('typeorm').EntityManager) => {
        await manager.query(`INSERT INTO ${sideEffects} VALUES ('CRASH')`);
        if (fail) throw new Error('crash before commit');
      };
      await expect(database.dataSource.transaction((manager) => inbox.processOnce(manager, 'crashy', 'msg-9', handler(true)))).rejects.toThrow(
        'crash before commit',
      );
      expect(await processedIds('crashy')).toEqual([]);
      expect(await database.dataSource.query(`SELECT count(*)::int AS n FROM ${sideEffects} WHERE symbol = 'CRASH'`)).toEqual([{ n: 0 }]);

      const redelivered = await database.dataSource.transaction((manager) => inbox.processOnce(manager, 'crashy', 'msg-9', handler(false)));
      expect(redelivered).toBe('processed');
      expect(await processedIds('crashy')).toEqual(['msg-9']);
      expect(await database.dataSource.query(`SELECT count(*)::int AS n FROM ${sideEffects} WHERE symbol = 'CRASH'`)).toEqual([{ n: 1 }]);
    });

    it('refuses to run outside a transaction', async () => {
      const inbox = new Inbox({ clock, schema: database.schema });
      await expect(inbox.processOnce(database.dataSource.manager, 'x', 'y', async () => undefined)).rejects.toThrow(
        'inbox.processOnce must be called with the EntityManager of an open transaction',
      );
    });

    it('purges ids processed before a time', async () => {
      const inbox = new Inbox({ clock: new ManualClock(1_000), schema: database.schema });
      await database.dataSource.transaction((manager) => inbox.processOnce(manager, 'old', 'a', async () => undefined));
      expect(await inbox.purgeProcessedBefore(database.dataSource.manager, 2_000)).toBe(1);
      expect(await processedIds('old')).toEqual([]);
    });
  });

  describe('outbox and relay', () => {
    const pending = async (): Promise<number> => {
      const rows: Array<{ n: number }> = await database.dataSource.query(
        `SELECT count(*)::int AS n FROM "${database.schema}"."outbox" WHERE published_at IS NULL AND rejected_reason IS NULL`,
      );
      return rows[0].n;
    };

    it('publishes committed messages in order, byte-identical, and forgets rolled-back ones', async () => {
      const outbox = new Outbox({ clock, schema: database.schema, registry: testMessageRegistry });
      const bus = new RecordingBus();
      const relay = new OutboxRelay({ dataSource: database.dataSource, bus, clock, schema: database.schema, batchSize: 3 });
      const sent = [envelopeFor('signal', { n: 1, z: 'last', a: 'first' }), envelopeFor('signal', { n: 2 }), envelopeFor('signal', { n: 3 })];
      await database.dataSource.transaction(async (manager) => {
        await outbox.enqueue(manager, topic('signal.ema.EURUSD'), sent[0]);
        await outbox.enqueue(manager, topic('signal.ema.EURUSD'), sent[1]);
      });
      await expect(
        database.dataSource.transaction(async (manager) => {
          await outbox.enqueue(manager, topic('signal.ema.EURUSD'), envelopeFor('signal', { n: 'rolled back' }));
          throw new Error('state change failed');
        }),
      ).rejects.toThrow('state change failed');
      await database.dataSource.transaction((manager) => outbox.enqueue(manager, topic('signal.ema.EURUSD'), sent[2]));

      expect(await relay.pendingCount()).toBe(3);
      expect(await relay.drain()).toBe(3);
      expect(await relay.pendingCount()).toBe(0);
      expect(bus.published.map((message) => message.envelope)).toEqual(sent);
      expect(JSON.stringify(bus.published[0].envelope)).toBe(JSON.stringify(sent[0]));
      expect(await pending()).toBe(0);
      expect(await relay.drain()).toBe(0);
      expect(bus.published).toHaveLength(3);
      expect(await outbox.purgePublishedBefore(database.dataSource.manager, clock.now())).toBe(0);
      expect(await outbox.purgePublishedBefore(database.dataSource.manager, clock.now() + 1)).toBe(3);
    });

    it('wakes on commit, backs off while the bus fails, then delivers everything once in order', async () => {
      const outbox = new Outbox({ clock, schema: database.schema, registry: testMessageRegistry });
      const bus = new RecordingBus();
      const errors: number[] = [];
      const relay = new OutboxRelay({
        dataSource: database.dataSource,
        bus,
        clock,
        schema: database.schema,
        batchSize: 4,
        pollIntervalMs: 60_000,
        backoffInitialMs: 5,
        backoffMaxMs: 20,
        onError: (_error, failures) => errors.push(failures),
      });
      relay.start();
      try {
        const sent = Array.from({ length: 10 }, (_, index) => envelopeFor('order.submit', { index }));
        bus.failNext = 3;
        await database.dataSource.transaction(async (manager) => {
          for (const envelope of sent) await outbox.enqueue(manager, topic('order.submit.EURUSD'), envelope);
        });
        // The poll interval is a minute: only the commit notice can have woken the relay this fast.
        await waitFor(() => bus.published.length === 10, 5_000);
        expect(bus.published.map((message) => (message.envelope.payload as { index: number }).index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        expect(errors).toEqual([1, 2, 3]);
        // The bus has the messages; stopping waits for the round to mark them.
        await relay.stop();
        expect(await pending()).toBe(0);
      } finally {
        await relay.stop();
      }
    });

    it('keeps relaying when its onError callback itself throws', async () => {
      const outbox = new Outbox({ clock, schema: database.schema, registry: testMessageRegistry });
      const bus = new RecordingBus();
      let reported = 0;
      const relay = new OutboxRelay({
        dataSource: database.dataSource,
        bus,
        clock,
        schema: database.schema,
        pollIntervalMs: 60_000,
        backoffInitialMs: 5,
        onError: () => {
          reported += 1;
          throw new Error('log sink is down');
        },
      });
      relay.start();
      try {
        bus.failNext = 2;
        await database.dataSource.transaction((manager) => outbox.enqueue(manager, topic('risk.state'), envelopeFor('risk.state', { n: 'after a failing onError' })));
        await waitFor(() => bus.published.length === 1, 5_000);
        expect(reported).toBe(2);
      } finally {
        await relay.stop();
      }
      expect(await pending()).toBe(0);
    });

    it('records a message the broker refuses for good and goes on with the next', async () => {
      const outbox = new Outbox({ clock, schema: database.schema, registry: testMessageRegistry });
      const bus = new RecordingBus();
      bus.rejectTopics.add('nobody.listens');
      const rejected: string[] = [];
      const relay = new OutboxRelay({
        dataSource: database.dataSource,
        bus,
        clock,
        schema: database.schema,
        onRejected: (_sequence, rejectedTopic, reason) => rejected.push(`${rejectedTopic}: ${reason}`),
      });
      await database.dataSource.transaction(async (manager) => {
        await outbox.enqueue(manager, topic('risk.state'), envelopeFor('risk.state', { n: 1 }));
        await outbox.enqueue(manager, topic('nobody.listens'), envelopeFor('nobody', { n: 2 }));
        await outbox.enqueue(manager, topic('risk.state'), envelopeFor('risk.state', { n: 3 }));
      });
      expect(await relay.drain()).toBe(3);
      expect(bus.published.map((message) => message.topic)).toEqual(['risk.state', 'risk.state']);
      expect(rejected).toEqual(['nobody.listens: publish to nobody.listens rejected: unroutable']);
      expect(await pending()).toBe(0);
    });

    /** Enqueues `perStream` messages on each `stream.<name>` topic, interleaved (a0 b0 c0 a1 …), in one transaction. */
    const enqueueInterleaved = async (names: readonly string[], perStream: number): Promise<Envelope[]> => {
      const outbox = new Outbox({ clock, schema: database.schema, registry: testMessageRegistry });
      const sent: Envelope[] = [];
      await database.dataSource.transaction(async (manager) => {
        for (let index = 0; index < perStream; index++) {
          for (const name of names) {
            const envelope = envelopeFor('stream', { name, index });
            await outbox.enqueue(manager, topic(`stream.${name}`), envelope);
            sent.push(envelope);
          }
        }
      });
      return sent;
    };
    const label = (envelope: Envelope): string => {
      const { name, index } = envelope.payload as { name: string; index: number };
      return `${name}${index}`;
    };
    it('after a connection lost in the middle of a batch, marks each stream up to its first failure and sends the rest once, in order', async () => {
      const sent = await enqueueInterleaved(['a', 'b', 'c'], 4);
      const bus = new RecordingBus();
      const relay = new OutboxRelay({ dataSource: database.dataSource, bus, clock, schema: database.schema, batchSize: 12 });
      bus.succeedFirst = 4;
      bus.failNext = 1;

      await expect(relay.drain()).rejects.toThrow('broker connection lost');
      expect(bus.published.map((message) => label(message.envelope))).toEqual(['a0', 'b0', 'c0', 'a1']);
      const marked: Array<{ id: string }> = await database.dataSource.query(
        `SELECT id FROM "${database.schema}"."outbox" WHERE published_at IS NOT NULL AND id = ANY($1::uuid[]) ORDER BY sequence`,
        [sent.map((envelope) => envelope.id)],
      );
      expect(marked.map((row) => row.id)).toEqual(sent.slice(0, 4).map((envelope) => envelope.id));
      expect(relay.publishedCount).toBe(4);

      // The failed streams first send one row each (b1 c1 a2), then the rest together.
      expect(await relay.drain()).toBe(8);
      expect(bus.published.map((message) => message.envelope)).toEqual(sent);
      expect(bus.attempts).toBe(12 + 8);
      expect(await pending()).toBe(0);
    });

    it('holds back only the stream of a message the bus keeps failing, retrying that message alone until it goes through', async () => {
      const sent = await enqueueInterleaved(['d', 'e'], 3);
      const bus = new RecordingBus();
      const relay = new OutboxRelay({ dataSource: database.dataSource, bus, clock, schema: database.schema, batchSize: 6 });
      const poison = sent[2];
      bus.failEnvelopeIds.add(poison.id);

      await expect(relay.drain()).rejects.toThrow('cannot publish stream on stream.d: unknown to this bus');
      // This bus took d2 although d1 failed before it: d2 stays pending behind d1.
      expect(bus.published.map((message) => label(message.envelope))).toEqual(['d0', 'e0', 'e1', 'd2', 'e2']);
      expect(await pending()).toBe(2);

      await expect(relay.drain()).rejects.toThrow('unknown to this bus');
      await expect(relay.drain()).rejects.toThrow('unknown to this bus');
      expect(bus.attempts).toBe(6 + 1 + 1);
      expect(bus.published).toHaveLength(5);

      bus.failEnvelopeIds.clear();
      expect(await relay.drain()).toBe(2);
      expect(bus.published.map((message) => label(message.envelope))).toEqual(['d0', 'e0', 'e1', 'd2', 'e2', 'd1', 'd2']);
      expect(await pending()).toBe(0);
    });

    it('lets two relays drain at once: every row published once, each stream in order', async () => {
      const sent = await enqueueInterleaved(['f', 'g', 'h', 'i'], 15);
      const bus = new RecordingBus();
      const relays = [3, 5].map((batchSize) => new OutboxRelay({ dataSource: database.dataSource, bus, clock, schema: database.schema, batchSize }));
      const handled = await Promise.all(relays.map((relay) => relay.drain()));
      expect(handled[0] + handled[1]).toBe(60);
      expect(relays[0].publishedCount + relays[1].publishedCount).toBe(60);
      expect(new Set(bus.published.map((message) => message.envelope.id)).size).toBe(60);
      for (const name of ['f', 'g', 'h', 'i']) {
        const order = (list: readonly Envelope[]) => list.filter((envelope) => (envelope.payload as { name: string }).name === name);
        expect(order(bus.published.map((message) => message.envelope))).toEqual(order(sent));
      }
      expect(await pending()).toBe(0);
    });

    it('refuses a batch size that is not a whole number from 1 to 10,000, naming it', () => {
      const relayWith = (batchSize: number) => () => new OutboxRelay({ dataSource: database.dataSource, bus: new RecordingBus(), clock, schema: database.schema, batchSize });
      expect(relayWith(0)).toThrow('outbox relay batchSize must be a positive integer, got 0');
      expect(relayWith(2.5)).toThrow('outbox relay batchSize must be a positive integer, got 2.5');
      expect(relayWith(10_001)).toThrow('outbox relay batchSize must be at most 10000, got 10001');
      expect(relayWith(10_000)).not.toThrow();
    });

    it('refuses to drain while its loop is running, which would publish rows twice', async () => {
      const relay = new OutboxRelay({ dataSource: database.dataSource, bus: new RecordingBus(), clock, schema: database.schema });
      relay.start();
      try {
        await expect(relay.drain()).rejects.toThrow('outbox relay is running: stop() it before drain()');
      } finally {
        await relay.stop();
      }
    });

    it('refuses to enqueue an invalid envelope or one whose type does not belong on the topic, rolling the producer back', async () => {
      const outbox = new Outbox({ clock, schema: database.schema });
      const invalid = envelopeFor('risk.state', { state: 'PANIC' });
      await expect(database.dataSource.transaction((manager) => outbox.enqueue(manager, topic('risk.state'), invalid))).rejects.toThrow(
        'outbox.enqueue: invalid risk.state envelope for risk.state: payload',
      );
      const misplaced = envelopeFor('risk.state', {});
      await expect(database.dataSource.transaction((manager) => outbox.enqueue(manager, topic('order.submit.EURUSD'), misplaced))).rejects.toThrow(
        'outbox.enqueue: a risk.state message cannot go on order.submit.EURUSD',
      );
      const stored: unknown[] = await database.dataSource.query(`SELECT 1 FROM "${database.schema}".outbox WHERE "id" = ANY($1::uuid[])`, [[invalid.id, misplaced.id]]);
      expect(stored).toEqual([]);
    });

    it('refuses to enqueue outside a transaction', async () => {
      const outbox = new Outbox({ clock, schema: database.schema, registry: testMessageRegistry });
      await expect(outbox.enqueue(database.dataSource.manager, topic('a.b'), envelopeFor('a', {}))).rejects.toThrow(
        'outbox.enqueue must be called with the EntityManager of an open transaction',
      );
    });
  });

  describe('journal', () => {
    const read = async (journal: Journal, consumer: string, after = 0n, page = 2_000) => {
      const entries = [];
      for await (const entry of journal.read(database.dataSource, consumer, after, page)) entries.push(entry);
      return entries;
    };

    it('gives back what each consumer recorded, in the order it was recorded, across pages and single and grouped appends', async () => {
      const journal = new Journal({ clock, schema: database.schema });
      const sent = Array.from({ length: 7 }, (_, i) => envelopeFor('signal', { n: i }, 1_700_000_000_000 + i));
      await database.dataSource.transaction((manager) => journal.append(manager, 'risk', sent[0]));
      await database.dataSource.transaction(async (manager) => {
        await journal.appendAll(manager, 'risk', sent.slice(1, 5));
        await journal.append(manager, 'venue', sent[5]);
      });
      await database.dataSource.transaction((manager) => journal.appendAll(manager, 'risk', [sent[6]]));
      const entries = await read(journal, 'risk', 0n, 2);
      expect(entries.map((entry) => entry.envelope)).toEqual([...sent.slice(0, 5), sent[6]]);
      expect(entries.map((entry) => entry.sequence)).toEqual([...entries.map((entry) => entry.sequence)].sort((a, b) => (a < b ? -1 : 1)));
      expect((await read(journal, 'venue')).map((entry) => entry.envelope.id)).toEqual([sent[5].id]);
      expect(await read(journal, 'risk', entries[3].sequence)).toEqual(entries.slice(4));
      expect(await journal.count(database.dataSource, 'risk')).toBe(6);
    });

    it('keeps nothing of a rolled-back transaction and refuses a message recorded twice for one consumer', async () => {
      const journal = new Journal({ clock, schema: database.schema });
      const envelope = envelopeFor('signal', { n: 'once' });
      await expect(
        database.dataSource.transaction(async (manager) => {
          await journal.append(manager, 'rollback', envelope);
          throw new Error('crash before commit');
        }),
      ).rejects.toThrow('crash before commit');
      expect(await journal.count(database.dataSource, 'rollback')).toBe(0);
      await database.dataSource.transaction((manager) => journal.append(manager, 'rollback', envelope));
      await expect(database.dataSource.transaction((manager) => journal.append(manager, 'rollback', envelope))).rejects.toThrow(/journal_message_uq/);
      await expect(journal.append(database.dataSource.manager, 'rollback', envelopeFor('signal', {}))).rejects.toThrow(
        'journal.append must be called with the EntityManager of an open transaction',
      );
    });
  });
}

export async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

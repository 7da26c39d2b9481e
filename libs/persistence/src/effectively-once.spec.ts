// The whole effectively-once chain on the embedded database with the real
// in-process bus: a producer changes state and enqueues in one transaction, the
// relay publishes, a consumer handles each message through the inbox. A crash
// inside the consumer's transaction and a relay that publishes everything twice
// still leave exactly one effect per message.
import { MessageFactory, patterns, topics } from '@trading/contracts';
import { ManualClock, SeededRandom } from '@trading/domain';
import { InProcessBus } from '@trading/messaging';
import type { Database } from './database.factory';
import { Inbox } from './inbox';
import { Outbox } from './outbox';
import { OutboxRelay } from './outbox.relay';
import { waitFor } from './testing/persistence-contract.suite';
import { eurusdH1Bars } from './testing/shared-bars.fixture';
import { openTestDatabase } from './testing/test-database';

jest.setTimeout(60_000);

describe('effectively-once chain on embedded PGlite with the in-process bus', () => {
  let database: Database;
  let bus: InProcessBus;

  beforeAll(async () => {
    database = await openTestDatabase({ kind: 'embedded' });
    await database.dataSource.query(`CREATE TABLE "${database.schema}".bar_effects (message_id text, symbol text, time bigint)`);
    // The producer's own state, changed in the transaction that enqueues its announcement.
    await database.dataSource.query(`CREATE TABLE "${database.schema}".produced_bars (symbol text, time bigint, PRIMARY KEY (symbol, time))`);
  });

  afterAll(async () => {
    await bus?.close();
    await database?.close();
  });

  it('applies each bar once despite a crashing first delivery and a relay that publishes everything twice', async () => {
    const clock = new ManualClock(Date.UTC(2024, 0, 1));
    const factory = new MessageFactory({ clock, random: new SeededRandom(7), producer: 'market-data' });
    const outbox = new Outbox({ clock, schema: database.schema });
    const inbox = new Inbox({ clock, schema: database.schema });
    bus = new InProcessBus();
    const relay = new OutboxRelay({ dataSource: database.dataSource, bus, clock, schema: database.schema, batchSize: 8, pollIntervalMs: 10 });
    const bars = eurusdH1Bars(30);
    const crashOnce = new Set([bars[3].time, bars[17].time]);
    const outcomes: string[] = [];

    await bus.consume({
      queue: `persistence-test.${database.schema}`,
      bindings: [patterns.marketBars({ symbol: 'EURUSD' })],
      maxDeliveries: 3,
      handler: async ({ envelope }) => {
        const bar = envelope.payload as { symbol: string; time: number };
        const outcome = await database.dataSource.transaction((manager) =>
          inbox.processOnce(manager, 'bar-effects', envelope.id, async () => {
            await manager.query(`INSERT INTO "${database.schema}".bar_effects VALUES ($1, $2, $3)`, [envelope.id, bar.symbol, bar.time]);
            if (crashOnce.delete(bar.time)) throw new Error('consumer crashed before commit');
          }),
        );
        outcomes.push(outcome);
      },
    });

    relay.start();
    for (const bar of bars) {
      await database.dataSource.transaction(async (manager) => {
        await manager.query(`INSERT INTO "${database.schema}".produced_bars VALUES ($1, $2)`, [bar.symbol, bar.time]);
        await outbox.enqueue(manager, topics.marketBar('H1', 'EURUSD'), factory.create('market.bar', bar));
      });
    }
    await waitFor(() => outcomes.length === 30, 10_000);

    // A relay that crashed after publishing but before marking would send everything again.
    await relay.stop();
    await database.dataSource.query(`UPDATE "${database.schema}".outbox SET published_at = NULL`);
    expect(await relay.drain()).toBe(30);
    await waitFor(() => outcomes.length === 60, 10_000);

    expect(crashOnce.size).toBe(0);
    expect(outcomes.filter((outcome) => outcome === 'processed')).toHaveLength(30);
    expect(outcomes.filter((outcome) => outcome === 'duplicate')).toHaveLength(30);
    const effects: Array<{ time: string }> = await database.dataSource.query(`SELECT time FROM "${database.schema}".bar_effects ORDER BY time`);
    expect(effects.map((effect) => Number(effect.time))).toEqual(bars.map((bar) => bar.time));
    expect(await database.dataSource.query(`SELECT count(*)::int AS n FROM "${database.schema}".produced_bars`)).toEqual([{ n: 30 }]);
    expect(await bus.takeDeadLetters(`persistence-test.${database.schema}`)).toEqual([]);
  });
});

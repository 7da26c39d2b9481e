// Transactional outbox: a service that changes state and announces it writes
// the announcement in the same transaction; the relay (./outbox.relay) sends it.
//
// Ordering: a bigserial hands out numbers at insert time, but transactions
// commit in any order — tx A takes 5, tx B takes 6 and commits first. The
// writer therefore takes a transaction-scoped advisory lock on the message's
// stream key before it takes a sequence number: a second writer of the same
// stream waits until the first commits or rolls back, so within a stream
// sequence order IS commit order, and a relay that sees row 6 of a stream has
// already seen row 5. Streams are independent (their rows may commit out of
// sequence order, which the relay tolerates because it re-reads everything not
// yet published instead of keeping a high-water mark).
import { topicMatchesType, validateEnvelope, type Envelope, type MessageRegistry, type Topic } from '@trading/contracts';
import type { Clock } from '@trading/domain';
import type { EntityManager } from 'typeorm';
import { qualifiedTable } from './sql-identifier';
import { assertInTransaction } from './transaction.guard';

/** Set on the transaction's query runner so the relay wakes right after the commit. */
export const OUTBOX_PENDING_FLAG = 'trading.outbox.pending';

export interface OutboxOptions {
  readonly clock: Clock;
  readonly schema?: string;
  /** Registry envelopes are validated against (tests of extra message types); the contracts registry by default. */
  readonly registry?: MessageRegistry;
}

export interface EnqueueOptions {
  /**
   * Messages sharing a stream key are published in commit order. Default: the
   * topic (so all `order.submit.EURUSD` stay ordered). Hold the transaction
   * briefly after enqueueing: other writers of the stream wait for its commit.
   */
  readonly streamKey?: string;
}

export class Outbox {
  private readonly schema: string;
  private readonly insertSql: string;

  constructor(private readonly options: OutboxOptions) {
    this.schema = options.schema ?? 'public';
    this.insertSql = `INSERT INTO ${qualifiedTable(this.schema, 'outbox')} ("id", "topic", "stream_key", "envelope", "created_at")
      VALUES ($1, $2, $3, $4, $5) RETURNING "sequence"`;
  }

  /** Writes `envelope` for publication on `topic`; returns its sequence number. */
  async enqueue(manager: EntityManager, topic: Topic, envelope: Envelope, options: EnqueueOptions = {}): Promise<bigint> {
    assertInTransaction(manager, 'outbox.enqueue');
    const streamKey = options.streamKey ?? topic;
    if (topic === '' || streamKey === '') throw new Error('outbox.enqueue needs a non-empty topic and stream key');
    // Checked here, where the producer's transaction can still roll back: a row the bus
    // refuses to publish would stop the relay at it, holding back every later message.
    if (!topicMatchesType(topic, envelope.type)) throw new TypeError(`outbox.enqueue: a ${envelope.type} message cannot go on ${topic}`);
    const checked = validateEnvelope(envelope, { registry: this.options.registry });
    if (!checked.ok) throw new TypeError(`outbox.enqueue: invalid ${envelope.type} envelope for ${topic}: ${checked.reason}`);
    // Collisions of the 32-bit hash only make two streams wait for each other; never unsafe.
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`outbox:${this.schema}:${streamKey}`]);
    const rows: Array<{ sequence: string }> = await manager.query(this.insertSql, [
      envelope.id,
      topic,
      streamKey,
      JSON.stringify(envelope),
      new Date(this.options.clock.now()).toISOString(),
    ]);
    const runner = manager.queryRunner;
    if (runner) runner.data = { ...runner.data, [OUTBOX_PENDING_FLAG]: true };
    return BigInt(rows[0].sequence);
  }

  /** Deletes rows published before `beforeMs` (kept until then for audit and replay); returns how many. */
  async purgePublishedBefore(manager: Pick<EntityManager, 'query'>, beforeMs: number): Promise<number> {
    const result: [unknown[], number] = await manager.query(
      `DELETE FROM ${qualifiedTable(this.schema, 'outbox')} WHERE "published_at" < $1`,
      [new Date(beforeMs).toISOString()],
    );
    return result[1];
  }
}

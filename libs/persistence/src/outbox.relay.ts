// Sends outbox rows to the bus and marks them published, a batch per round:
// it claims up to `batchSize` pending rows, hands them all to the bus at once in
// sequence order (RabbitMqBus pipelines them on its confirm channel), waits for
// every confirm, then marks the confirmed ones in one statement. Within a
// stream, rows count as published only up to its first failed publish; the
// rest stay pending and go again in order (./outbox.relay-round). That keeps
// each stream's order on the bus as long as the bus keeps publish order and a
// transient failure takes the publishes handed to it after down too (a closing
// bus, one that gave up on the broker), as both adapters do. A bus that fails a
// message alone but takes the ones after it has already let them overtake it:
// they stay pending and go again after it, and until it goes through its
// stream sends only that message each round.
//
// Several relays may run on one outbox (replicas): a round runs in one READ
// COMMITTED transaction that try-locks each stream it wants (a transaction
// advisory lock, in a key space of its own so writers are never blocked) and
// holds the locks until its marks commit. Another relay skips those streams,
// and one that takes a stream next reads it after the marks, so a row is sent
// by one relay and a stream's rows in sequence order. The price: one pooled
// connection per relay while the bus confirms (on the embedded database, its
// only one).
//
// Wakes on a timer, and at once after any commit that enqueued a message (a
// TypeORM transaction subscriber — no LISTEN, which PGlite's single connection
// could not hold). On bus errors it backs off exponentially. A crash between
// publish and mark republishes (consumers dedupe with the inbox).
import type { Envelope, Topic } from '@trading/contracts';
import type { MessageBus } from '@trading/messaging';
import type { Clock } from '@trading/domain';
import type { DataSource, EntityManager, EntitySubscriberInterface, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { OUTBOX_PENDING_FLAG } from './outbox';
import { rowsToPublish, settleRound, type ClaimedRow, type SettledRound } from './outbox.relay-round';
import { qualifiedTable } from './sql-identifier';

export const DEFAULT_OUTBOX_BATCH_SIZE = 256;

/** Largest `batchSize`: a round holds its rows in memory and its stream locks until every confirm is in. */
export const MAX_OUTBOX_BATCH_SIZE = 10_000;

// First key of the two-key advisory locks relays take per stream: that key space
// never meets the one-key locks writers (and migrations) take.
const RELAY_LOCK_CLASS = 0x6f627278;

export interface OutboxRelayOptions {
  readonly dataSource: DataSource;
  readonly bus: Pick<MessageBus, 'publish'>;
  readonly clock: Clock;
  readonly schema?: string;
  /**
   * Rows claimed, published together and marked per round; 1 to 10,000. Default
   * 256, RabbitMqBus's confirm window: one round keeps the window full once.
   */
  readonly batchSize?: number;
  /** Sleep between rounds when idle; default 1,000 ms. */
  readonly pollIntervalMs?: number;
  /** First and largest wait after a bus or database error; default 200 ms and 30 s. */
  readonly backoffInitialMs?: number;
  readonly backoffMaxMs?: number;
  /** Told about every failed round (for logs and metrics); the relay keeps going. */
  readonly onError?: (error: unknown, consecutiveFailures: number) => void;
  /** Told about a message the broker refused for good (unroutable or nacked): recorded and skipped. */
  readonly onRejected?: (sequence: bigint, topic: string, reason: string) => void;
}

interface Round {
  /** Rows published or rejected. */
  readonly handled: number;
  /** Rows may be waiting still: the claim was full, or a stream was held back to one row. */
  readonly more: boolean;
}

export class OutboxRelay {
  private readonly table: string;
  private readonly lockPrefix: string;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly backoffInitialMs: number;
  private readonly backoffMaxMs: number;
  private readonly subscriber: EntitySubscriberInterface;
  /** Streams whose last publish failed: they send one row per round until it goes through. */
  private readonly suspectStreams = new Set<string>();
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeRequested = false;
  private wake: (() => void) | undefined;
  private published = 0;

  constructor(private readonly options: OutboxRelayOptions) {
    const schema = options.schema ?? 'public';
    this.table = qualifiedTable(schema, 'outbox');
    this.lockPrefix = `${schema}:`;
    this.batchSize = positiveInteger(options.batchSize ?? DEFAULT_OUTBOX_BATCH_SIZE, 'batchSize');
    if (this.batchSize > MAX_OUTBOX_BATCH_SIZE) throw new Error(`outbox relay batchSize must be at most ${MAX_OUTBOX_BATCH_SIZE}, got ${this.batchSize}`);
    this.pollIntervalMs = positiveInteger(options.pollIntervalMs ?? 1000, 'pollIntervalMs');
    this.backoffInitialMs = positiveInteger(options.backoffInitialMs ?? 200, 'backoffInitialMs');
    this.backoffMaxMs = Math.max(this.backoffInitialMs, positiveInteger(options.backoffMaxMs ?? 30_000, 'backoffMaxMs'));
    this.subscriber = {
      afterTransactionCommit: (event: TransactionCommitEvent) => {
        if (takeFlag(event.queryRunner.data)) this.notify();
      },
      afterTransactionRollback: (event: TransactionRollbackEvent) => {
        takeFlag(event.queryRunner.data);
      },
    };
  }

  /** Messages published since construction. */
  get publishedCount(): number {
    return this.published;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.options.dataSource.subscribers.push(this.subscriber);
    this.loop = this.run();
  }

  /** Wakes the relay now (it also wakes itself after commits through this DataSource). */
  notify(): void {
    this.wakeRequested = true;
    this.wake?.();
  }

  /** Finishes the round in progress, then stops. Unpublished rows stay for the next start. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    const subscribers = this.options.dataSource.subscribers;
    const index = subscribers.indexOf(this.subscriber);
    if (index >= 0) subscribers.splice(index, 1);
    this.wake?.();
    await this.loop;
    this.loop = undefined;
  }

  /** Rows still to publish (a gauge for metrics: a growing backlog means the bus is down or too slow). */
  async pendingCount(): Promise<number> {
    const rows: Array<{ pending: number }> = await this.options.dataSource.query(
      `SELECT count(*)::int AS "pending" FROM ${this.table} WHERE "published_at" IS NULL AND "rejected_reason" IS NULL`,
    );
    return rows[0].pending;
  }

  /**
   * Relays until nothing is pending, on a stopped relay (shutdown, tools, tests).
   * Streams another relay is sending at that moment are left to it. Returns rows handled.
   */
  async drain(): Promise<number> {
    // Two rounds at once would publish the same rows twice.
    if (this.running) throw new Error('outbox relay is running: stop() it before drain()');
    let total = 0;
    for (;;) {
      const round = await this.relayBatch();
      total += round.handled;
      if (!round.more) return total;
    }
  }

  /**
   * One round (see the top of this file). Throws the first failed publish once
   * the rows published before it in each stream are marked.
   */
  private async relayBatch(): Promise<Round> {
    const suspects = new Set(this.suspectStreams);
    const { claimed, settled } = await this.options.dataSource.transaction('READ COMMITTED', async (manager) => {
      const rows = await this.claim(manager);
      const sending = rowsToPublish(rows, suspects);
      // Every publish starts before the first await: the bus gets them in sequence order.
      const outcomes = await Promise.allSettled(sending.map((row) => this.publish(row)));
      const result = settleRound(sending, outcomes);
      await this.mark(manager, result);
      return { claimed: rows.length, settled: { ...result, sent: sending.length } };
    });
    this.published += settled.published.length;
    for (const stream of settled.cleanStreams) this.suspectStreams.delete(stream);
    for (const stream of settled.failedStreams) this.suspectStreams.add(stream);
    for (const { row, reason } of settled.rejected) this.options.onRejected?.(BigInt(row.sequence), row.topic, reason);
    if (settled.failure) throw settled.failure.error;
    return { handled: settled.published.length + settled.rejected.length, more: claimed >= this.batchSize || settled.sent < claimed };
  }

  /** Locks the streams of the first pending rows that no other relay holds, and reads their pending rows. */
  private async claim(manager: EntityManager): Promise<ClaimedRow[]> {
    // MATERIALIZED: each candidate stream is tried once, not once per row the planner might revisit.
    const streams: Array<{ stream_key: string }> = await manager.query(
      `WITH "candidates" AS MATERIALIZED (
         SELECT DISTINCT "stream_key" FROM (
           SELECT "stream_key" FROM ${this.table}
           WHERE "published_at" IS NULL AND "rejected_reason" IS NULL ORDER BY "sequence" LIMIT $1) AS "head")
       SELECT "stream_key" FROM "candidates" WHERE pg_try_advisory_xact_lock($2, hashtext($3 || "stream_key"))`,
      [this.batchSize, RELAY_LOCK_CLASS, this.lockPrefix],
    );
    if (streams.length === 0) return [];
    // A statement of its own, after the locks: READ COMMITTED reads the marks of
    // the relay that held a stream before (its commit released the lock).
    return manager.query(
      `SELECT "sequence", "topic", "stream_key" AS "streamKey", "envelope" FROM ${this.table}
       WHERE "published_at" IS NULL AND "rejected_reason" IS NULL AND "stream_key" = ANY($1::text[])
       ORDER BY "sequence" LIMIT $2`,
      [streams.map((stream) => stream.stream_key), this.batchSize],
    );
  }

  private async publish(row: ClaimedRow): Promise<void> {
    await this.options.bus.publish(row.topic as Topic, JSON.parse(row.envelope) as Envelope);
  }

  /** Marks a round's published and rejected rows in one statement. */
  private async mark(manager: EntityManager, settled: SettledRound): Promise<void> {
    const sequences = [...settled.published, ...settled.rejected.map(({ row }) => row.sequence)];
    if (sequences.length === 0) return;
    const reasons = [...settled.published.map(() => null), ...settled.rejected.map(({ reason }) => reason)];
    await manager.query(
      `UPDATE ${this.table} AS "row" SET "published_at" = CASE WHEN "done"."reason" IS NULL THEN $1::timestamptz END, "rejected_reason" = "done"."reason"
       FROM unnest($2::bigint[], $3::text[]) AS "done"("sequence", "reason") WHERE "row"."sequence" = "done"."sequence"`,
      [new Date(this.options.clock.now()).toISOString(), sequences, reasons],
    );
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let waitMs: number;
      try {
        this.wakeRequested = false;
        const round = await this.relayBatch();
        failures = 0;
        waitMs = round.more ? 0 : this.pollIntervalMs;
      } catch (error) {
        failures += 1;
        waitMs = Math.min(this.backoffMaxMs, this.backoffInitialMs * 2 ** Math.min(failures - 1, 30));
        try {
          this.options.onError?.(error, failures);
        } catch {
          // A failing logger must not end the loop: the outbox would silently stop draining.
        }
      }
      // A commit notice cuts the idle wait short but not a backoff: the bus needs the rest.
      if (waitMs > 0 && this.running) await this.sleep(waitMs, failures === 0);
    }
  }

  private sleep(ms: number, wakeable: boolean): Promise<void> {
    if (wakeable && this.wakeRequested) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      this.wake = () => {
        if (wakeable || !this.running) finish();
      };
    });
  }
}

function takeFlag(data: Record<string, unknown> | undefined): boolean {
  if (!data?.[OUTBOX_PENDING_FLAG]) return false;
  delete data[OUTBOX_PENDING_FLAG];
  return true;
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value <= 0) throw new Error(`outbox relay ${name} must be a positive integer, got ${value}`);
  return value;
}

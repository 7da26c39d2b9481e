// Sends outbox rows to the bus in sequence order, waits for each broker
// confirm, then marks them published. Wakes on a timer, and at once after any
// commit that enqueued a message (a TypeORM transaction subscriber — no LISTEN,
// which PGlite's single connection could not hold). On bus errors it backs off
// exponentially and retries from the first unpublished row, so nothing is
// skipped or reordered; a crash between publish and mark republishes (consumers
// dedupe with the inbox). Run ONE relay per outbox (the service's active
// instance): two relays would both send every row.
import type { Envelope, Topic } from '@trading/contracts';
import { PublishRejected, type MessageBus } from '@trading/messaging';
import type { Clock } from '@trading/domain';
import type { DataSource, EntitySubscriberInterface, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { OUTBOX_PENDING_FLAG } from './outbox';
import { qualifiedTable } from './sql-identifier';

export interface OutboxRelayOptions {
  readonly dataSource: DataSource;
  readonly bus: Pick<MessageBus, 'publish'>;
  readonly clock: Clock;
  readonly schema?: string;
  /** Rows read and published per round; default 100. */
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

interface PendingRow {
  readonly sequence: string;
  readonly topic: string;
  readonly envelope: string;
}

export class OutboxRelay {
  private readonly table: string;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly backoffInitialMs: number;
  private readonly backoffMaxMs: number;
  private readonly subscriber: EntitySubscriberInterface;
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeRequested = false;
  private wake: (() => void) | undefined;
  private published = 0;

  constructor(private readonly options: OutboxRelayOptions) {
    this.table = qualifiedTable(options.schema ?? 'public', 'outbox');
    this.batchSize = positiveInteger(options.batchSize ?? 100, 'batchSize');
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

  /**
   * One round: publishes up to `batchSize` pending rows in sequence order and
   * marks them. Returns how many were handled (published or rejected). Throws
   * on a bus or database error after marking the rows published before it.
   */
  private async relayBatch(): Promise<number> {
    const rows: PendingRow[] = await this.options.dataSource.query(
      `SELECT "sequence", "topic", "envelope" FROM ${this.table}
       WHERE "published_at" IS NULL AND "rejected_reason" IS NULL ORDER BY "sequence" LIMIT $1`,
      [this.batchSize],
    );
    const done: string[] = [];
    try {
      for (const row of rows) {
        try {
          await this.options.bus.publish(row.topic as Topic, JSON.parse(row.envelope) as Envelope);
          done.push(row.sequence);
        } catch (error) {
          if (!(error instanceof PublishRejected)) throw error;
          // Retrying a refused message would block every later one forever:
          // record why, skip it, and keep the rows before it marked in order.
          await this.markPublished(done);
          await this.options.dataSource.query(`UPDATE ${this.table} SET "rejected_reason" = $2 WHERE "sequence" = $1`, [row.sequence, error.message]);
          this.options.onRejected?.(BigInt(row.sequence), row.topic, error.message);
        }
      }
    } finally {
      await this.markPublished(done);
    }
    return rows.length;
  }

  /** Rows still to publish (a gauge for metrics: a growing backlog means the bus is down or too slow). */
  async pendingCount(): Promise<number> {
    const rows: Array<{ pending: number }> = await this.options.dataSource.query(
      `SELECT count(*)::int AS "pending" FROM ${this.table} WHERE "published_at" IS NULL AND "rejected_reason" IS NULL`,
    );
    return rows[0].pending;
  }

  /** Relays until nothing is pending, on a stopped relay (shutdown, tools, tests). Returns rows handled. */
  async drain(): Promise<number> {
    // Two rounds at once would publish the same rows twice.
    if (this.running) throw new Error('outbox relay is running: stop() it before drain()');
    let total = 0;
    for (;;) {
      const handled = await this.relayBatch();
      total += handled;
      if (handled < this.batchSize) return total;
    }
  }

  private async markPublished(sequences: string[]): Promise<void> {
    if (sequences.length === 0) return;
    await this.options.dataSource.query(`UPDATE ${this.table} SET "published_at" = $1 WHERE "sequence" = ANY($2::bigint[])`, [
      new Date(this.options.clock.now()).toISOString(),
      sequences,
    ]);
    this.published += sequences.length;
    sequences.length = 0;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let waitMs: number;
      try {
        this.wakeRequested = false;
        const handled = await this.relayBatch();
        failures = 0;
        waitMs = handled >= this.batchSize ? 0 : this.pollIntervalMs;
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

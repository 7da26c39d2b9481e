// Effectively-once handling of at-least-once deliveries: the message id is
// recorded in the handler's own transaction, so the state change and the
// "seen" mark commit or vanish together, and a redelivery is skipped.
import type { Clock } from '@trading/domain';
import type { EntityManager } from 'typeorm';
import { qualifiedTable } from './sql-identifier';
import { assertInTransaction } from './transaction.guard';

export type InboxOutcome = 'processed' | 'duplicate';

export interface InboxOptions {
  readonly clock: Clock;
  readonly schema?: string;
}

export class Inbox {
  private readonly insertSql: string;

  constructor(private readonly options: InboxOptions) {
    this.insertSql = `INSERT INTO ${qualifiedTable(options.schema ?? 'public', 'inbox')} ("consumer", "message_id", "processed_at")
      VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1 AS "inserted"`;
  }

  /**
   * Runs `fn` once per (consumer, messageId). Call it inside the handler's
   * transaction and do every write of the handler with that same manager.
   * A concurrent delivery of the same id waits on the first one's row: if the
   * first commits this returns 'duplicate', if it rolls back this one runs.
   */
  async processOnce(
    manager: EntityManager,
    consumer: string,
    messageId: string,
    fn: (manager: EntityManager) => Promise<void>,
  ): Promise<InboxOutcome> {
    assertInTransaction(manager, 'inbox.processOnce');
    if (consumer === '' || messageId === '') throw new Error('inbox.processOnce needs a non-empty consumer and message id');
    const inserted: unknown[] = await manager.query(this.insertSql, [consumer, messageId, new Date(this.options.clock.now()).toISOString()]);
    if (inserted.length === 0) return 'duplicate';
    await fn(manager);
    return 'processed';
  }

  /** Forgets ids processed before `beforeMs` (they can no longer be redelivered); returns how many. */
  async purgeProcessedBefore(manager: Pick<EntityManager, 'query'>, beforeMs: number): Promise<number> {
    const result: [unknown[], number] = await manager.query(
      `DELETE FROM ${qualifiedTable(this.options.schema ?? 'public', 'inbox')} WHERE "processed_at" < $1`,
      [new Date(beforeMs).toISOString()],
    );
    return result[1];
  }
}

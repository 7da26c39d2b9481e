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
  private readonly insertAllSql: string;

  constructor(private readonly options: InboxOptions) {
    this.insertSql = `INSERT INTO ${qualifiedTable(options.schema ?? 'public', 'inbox')} ("consumer", "message_id", "processed_at")
      VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1 AS "inserted"`;
    this.insertAllSql = `INSERT INTO ${qualifiedTable(options.schema ?? 'public', 'inbox')} ("consumer", "message_id", "processed_at")
      SELECT $1, id, $3 FROM unnest($2::text[]) WITH ORDINALITY AS t(id, n) ORDER BY n ON CONFLICT DO NOTHING RETURNING "message_id"`;
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

  /**
   * `processOnce` for a batch handled in one transaction (group commit), in one
   * statement: records every id of `messageIds` for `consumer` and says, by
   * index, which to handle: `processed` for the first occurrence of an id not
   * recorded before, `duplicate` for one recorded before or earlier in the
   * list. Call it inside the handler's transaction and do the work of the
   * `processed` ones with that same manager.
   */
  async recordAll(manager: EntityManager, consumer: string, messageIds: readonly string[]): Promise<InboxOutcome[]> {
    assertInTransaction(manager, 'inbox.recordAll');
    if (consumer === '' || messageIds.some((id) => id === '')) throw new Error('inbox.recordAll needs a non-empty consumer and message ids');
    if (messageIds.length === 0) return [];
    const inserted: Array<{ message_id: string }> = await manager.query(this.insertAllSql, [consumer, messageIds, new Date(this.options.clock.now()).toISOString()]);
    const fresh = new Set(inserted.map((row) => row.message_id));
    return messageIds.map((id) => (fresh.delete(id) ? 'processed' : 'duplicate'));
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

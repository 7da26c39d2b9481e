// Inbox and outbox writes only mean something inside the caller's transaction;
// outside one they would commit on their own and break "all or nothing".
import type { EntityManager } from 'typeorm';

export function assertInTransaction(manager: EntityManager, what: string): void {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error(`${what} must be called with the EntityManager of an open transaction (dataSource.transaction(async (manager) => ...))`);
  }
}

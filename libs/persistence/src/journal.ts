// The journal of a deterministic consumer: every message it handled, in the
// order it handled them, written in the handler's own transaction (beside the
// inbox mark and the outbox rows). The risk desk and the paper venue are pure
// functions of what they were told, so handling the journal again, in order,
// from an empty kernel rebuilds exactly the state they had: that is how they
// restart. Tables of record (positions, orders, …) are then checked against
// the rebuilt state instead of being the state.
//
// Order: the consumer's transactions must not interleave (one handler at a
// time, as a single-active-consumer queue gives), so sequence order is
// handling order. The relay-style advisory lock of the outbox is not needed.
import type { Envelope } from '@trading/contracts';
import type { Clock } from '@trading/domain';
import type { DataSource, EntityManager } from 'typeorm';
import { qualifiedTable } from './sql-identifier';
import { assertInTransaction } from './transaction.guard';

export interface JournalOptions {
  readonly clock: Clock;
  readonly schema?: string;
}

export interface JournalEntry {
  readonly sequence: bigint;
  readonly envelope: Envelope;
}

export class Journal {
  private readonly table: string;

  constructor(private readonly options: JournalOptions) {
    this.table = qualifiedTable(options.schema ?? 'public', 'journal');
  }

  /** Records `envelope` as handled by `consumer`, after everything recorded before; returns its sequence. */
  async append(manager: EntityManager, consumer: string, envelope: Envelope): Promise<bigint> {
    assertInTransaction(manager, 'journal.append');
    if (consumer === '') throw new Error('journal.append needs a non-empty consumer');
    const rows: Array<{ sequence: string }> = await manager.query(
      `INSERT INTO ${this.table} ("consumer", "message_id", "envelope", "recorded_at") VALUES ($1, $2, $3, $4) RETURNING "sequence"`,
      [consumer, envelope.id, JSON.stringify(envelope), new Date(this.options.clock.now()).toISOString()],
    );
    return BigInt(rows[0].sequence);
  }

  /** Appends several envelopes in one statement, in the given order (group commit); returns the last sequence. */
  async appendAll(manager: EntityManager, consumer: string, envelopes: readonly Envelope[]): Promise<bigint | undefined> {
    assertInTransaction(manager, 'journal.appendAll');
    if (consumer === '') throw new Error('journal.appendAll needs a non-empty consumer');
    if (envelopes.length === 0) return undefined;
    const at = new Date(this.options.clock.now()).toISOString();
    // unnest keeps the array order; WITH ORDINALITY makes it explicit for the sequence.
    const rows: Array<{ sequence: string }> = await manager.query(
      `INSERT INTO ${this.table} ("consumer", "message_id", "envelope", "recorded_at")
       SELECT $1, id, envelope::jsonb, $4 FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS t(id, envelope, n) ORDER BY n
       RETURNING "sequence"`,
      [consumer, envelopes.map((envelope) => envelope.id), envelopes.map((envelope) => JSON.stringify(envelope)), at],
    );
    return rows.reduce<bigint | undefined>((last, row) => {
      const sequence = BigInt(row.sequence);
      return last === undefined || sequence > last ? sequence : last;
    }, undefined);
  }

  /** The entries of `consumer` after `afterSequence`, oldest first, read `pageSize` at a time. */
  async *read(source: DataSource | EntityManager, consumer: string, afterSequence = 0n, pageSize = 2_000): AsyncGenerator<JournalEntry> {
    let after = afterSequence;
    for (;;) {
      const rows: Array<{ sequence: string; envelope: Envelope }> = await source.query(
        `SELECT "sequence", "envelope" FROM ${this.table} WHERE "consumer" = $1 AND "sequence" > $2 ORDER BY "sequence" LIMIT $3`,
        [consumer, after.toString(), pageSize],
      );
      for (const row of rows) yield { sequence: BigInt(row.sequence), envelope: row.envelope };
      if (rows.length < pageSize) return;
      after = BigInt(rows[rows.length - 1].sequence);
    }
  }

  /** How many entries `consumer` has. */
  async count(source: DataSource | EntityManager, consumer: string): Promise<number> {
    const rows: Array<{ n: string }> = await source.query(`SELECT count(*) AS n FROM ${this.table} WHERE "consumer" = $1`, [consumer]);
    return Number(rows[0].n);
  }
}

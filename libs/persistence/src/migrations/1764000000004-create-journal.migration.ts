// The messages a stateful consumer handled, in the order it handled them, so a
// deterministic service can rebuild its in-memory state by handling them again.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from './migration-schema';

export class CreateJournal1764000000004 implements MigrationInterface {
  readonly name = 'CreateJournal1764000000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = migrationSchema(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${schema}."journal" (
        "consumer" text NOT NULL,
        "sequence" bigserial NOT NULL,
        "message_id" text NOT NULL,
        "envelope" jsonb NOT NULL,
        "recorded_at" timestamptz NOT NULL,
        CONSTRAINT "journal_pk" PRIMARY KEY ("consumer", "sequence"),
        CONSTRAINT "journal_message_uq" UNIQUE ("consumer", "message_id")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${migrationSchema(queryRunner)}."journal"`);
  }
}

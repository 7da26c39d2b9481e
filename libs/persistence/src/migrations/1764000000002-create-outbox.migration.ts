// Messages written in the same transaction as the state change they announce,
// relayed to the bus in sequence order. The envelope is kept as the exact JSON
// text (not jsonb, which reorders keys) so what is published is byte-identical.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from './migration-schema';

export class CreateOutbox1764000000002 implements MigrationInterface {
  readonly name = 'CreateOutbox1764000000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = migrationSchema(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${schema}."outbox" (
        "sequence" bigserial NOT NULL,
        "id" uuid NOT NULL,
        "topic" text NOT NULL,
        "stream_key" text NOT NULL,
        "envelope" text NOT NULL,
        "created_at" timestamptz NOT NULL,
        "published_at" timestamptz NULL,
        "rejected_reason" text NULL,
        CONSTRAINT "outbox_pk" PRIMARY KEY ("sequence"),
        CONSTRAINT "outbox_id_unique" UNIQUE ("id")
      )`);
    // The relay only ever scans what is still to send.
    await queryRunner.query(`
      CREATE INDEX "outbox_pending_idx" ON ${schema}."outbox" ("sequence")
      WHERE "published_at" IS NULL AND "rejected_reason" IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${migrationSchema(queryRunner)}."outbox"`);
  }
}

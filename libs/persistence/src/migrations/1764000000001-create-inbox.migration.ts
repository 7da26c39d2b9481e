// Ids of the messages each consumer has handled, written in the handler's own
// transaction so a redelivered message is recognised and skipped.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from './migration-schema';

export class CreateInbox1764000000001 implements MigrationInterface {
  readonly name = 'CreateInbox1764000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = migrationSchema(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${schema}."inbox" (
        "consumer" text NOT NULL,
        "message_id" text NOT NULL,
        "processed_at" timestamptz NOT NULL,
        CONSTRAINT "inbox_pk" PRIMARY KEY ("consumer", "message_id")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${migrationSchema(queryRunner)}."inbox"`);
  }
}

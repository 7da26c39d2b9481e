// Where live mode has got to: per symbol and timeframe, the start time of the
// last bar it handed over for publication. It moves in the same transaction as
// the bars' outbox rows, so a restart neither publishes a bar again nor skips one.
import { migrationSchema } from '@trading/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateLiveBarCursors1796586756333 implements MigrationInterface {
  readonly name = 'CreateLiveBarCursors1796586756333';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = migrationSchema(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${schema}."live_bar_cursors" (
        "symbol" text NOT NULL,
        "timeframe" text NOT NULL,
        "last_bar_time" bigint NOT NULL,
        "updated_at" timestamptz NOT NULL,
        CONSTRAINT "live_bar_cursors_pk" PRIMARY KEY ("symbol", "timeframe")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${migrationSchema(queryRunner)}."live_bar_cursors"`);
  }
}

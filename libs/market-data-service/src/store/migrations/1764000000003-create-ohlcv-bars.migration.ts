// The market-data OHLCV store: one row per symbol, timeframe and bar start
// (UTC epoch milliseconds), prices as float8 as everywhere outside accounting.
// It was the shared persistence library's third migration before the service
// took its table over: the class name, and so the row TypeORM keeps in
// typeorm_migrations, is unchanged, so a database that ran it never runs it again.
import { migrationSchema } from '@trading/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateOhlcvBars1764000000003 implements MigrationInterface {
  readonly name = 'CreateOhlcvBars1764000000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = migrationSchema(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${schema}."ohlcv_bars" (
        "symbol" text NOT NULL,
        "timeframe" text NOT NULL,
        "time" bigint NOT NULL,
        "open" double precision NOT NULL,
        "high" double precision NOT NULL,
        "low" double precision NOT NULL,
        "close" double precision NOT NULL,
        "volume" double precision NOT NULL,
        "spread" double precision NOT NULL,
        CONSTRAINT "ohlcv_bars_pk" PRIMARY KEY ("symbol", "timeframe", "time"),
        CONSTRAINT "ohlcv_bars_high_low" CHECK ("high" >= "low")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${migrationSchema(queryRunner)}."ohlcv_bars"`);
  }
}

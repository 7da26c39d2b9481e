// The order-execution service's own tables: the venue's order book (every
// order with its status, levels and brackets, the venue's own closing orders
// included), the client order id ↔ broker id map and the fills. Money and
// sizes are NUMERIC, times UTC epoch ms.
import { migrationSchema } from '@trading/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateExecutionTables1765000000001 implements MigrationInterface {
  readonly name = 'CreateExecutionTables1765000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = migrationSchema(queryRunner);
    await queryRunner.query(`
      CREATE TABLE ${schema}."execution_orders" (
        "client_order_id" text NOT NULL,
        "venue" text NOT NULL,
        "origin" text NOT NULL CHECK ("origin" IN ('risk', 'venue')),
        "strategy" text NOT NULL,
        "symbol" text NOT NULL,
        "side" text NOT NULL CHECK ("side" IN ('buy', 'sell')),
        "order_type" text NOT NULL,
        "size" numeric NOT NULL,
        "limit_price" numeric,
        "stop_price" numeric,
        "stop_loss" numeric,
        "take_profit" numeric,
        "status" text NOT NULL,
        "filled_size" numeric NOT NULL,
        "average_price" numeric,
        "reason" text,
        "submitted_at" bigint NOT NULL,
        "updated_at" bigint NOT NULL,
        CONSTRAINT "execution_orders_pk" PRIMARY KEY ("client_order_id")
      )`);
    await queryRunner.query(`CREATE INDEX "execution_orders_status_idx" ON ${schema}."execution_orders" ("status", "client_order_id")`);
    await queryRunner.query(`
      CREATE TABLE ${schema}."execution_broker_ids" (
        "venue" text NOT NULL,
        "client_order_id" text NOT NULL,
        "broker_order_id" text NOT NULL,
        CONSTRAINT "execution_broker_ids_pk" PRIMARY KEY ("venue", "client_order_id"),
        CONSTRAINT "execution_broker_ids_broker_uq" UNIQUE ("venue", "broker_order_id")
      )`);
    await queryRunner.query(`
      CREATE TABLE ${schema}."execution_fills" (
        "report_id" text NOT NULL,
        "client_order_id" text NOT NULL,
        "strategy" text NOT NULL,
        "symbol" text NOT NULL,
        "side" text NOT NULL,
        "size" numeric NOT NULL,
        "price" numeric NOT NULL,
        "commission" numeric NOT NULL,
        "currency" text NOT NULL,
        "position_after" numeric,
        "reason" text,
        "executed_at" bigint NOT NULL,
        CONSTRAINT "execution_fills_pk" PRIMARY KEY ("report_id")
      )`);
    await queryRunner.query(`CREATE INDEX "execution_fills_order_idx" ON ${schema}."execution_fills" ("client_order_id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = migrationSchema(queryRunner);
    await queryRunner.query(`DROP TABLE ${schema}."execution_fills"`);
    await queryRunner.query(`DROP TABLE ${schema}."execution_broker_ids"`);
    await queryRunner.query(`DROP TABLE ${schema}."execution_orders"`);
  }
}

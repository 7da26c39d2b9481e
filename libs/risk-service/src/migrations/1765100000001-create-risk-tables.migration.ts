// The risk service's tables of record: the account, positions per strategy
// and symbol, orders with their status history, fills, closed trades, every
// line of the desk's decision log, the trading-state history, the versions of
// the risk limits and the audit trail of operator commands. Money, lots and
// prices are NUMERIC (exact decimal text in and out); times are bigint UTC
// epoch milliseconds of market time, like every message.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@trading/persistence';

export class CreateRiskTables1765100000001 implements MigrationInterface {
  readonly name = 'CreateRiskTables1765100000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = migrationSchema(queryRunner);
    const statements = [
      `CREATE TABLE ${s}."risk_accounts" (
        "account" text NOT NULL,
        "currency" char(3) NOT NULL,
        "initial_cash" numeric NOT NULL,
        "cash" numeric NOT NULL,
        "updated_at" bigint NOT NULL,
        CONSTRAINT "risk_accounts_pk" PRIMARY KEY ("account"))`,
      `CREATE TABLE ${s}."risk_positions" (
        "sequence" bigserial NOT NULL,
        "strategy" text NOT NULL,
        "symbol" text NOT NULL,
        "lots" numeric NOT NULL,
        "average_price" numeric NULL,
        "opened_at" bigint NULL,
        "updated_at" bigint NOT NULL,
        CONSTRAINT "risk_positions_pk" PRIMARY KEY ("strategy", "symbol"))`,
      `CREATE TABLE ${s}."risk_orders" (
        "sequence" bigserial NOT NULL,
        "client_order_id" text NOT NULL,
        "decision_id" uuid NULL,
        "strategy" text NOT NULL,
        "symbol" text NOT NULL,
        "side" text NOT NULL,
        "order_type" text NOT NULL,
        "lots" numeric NOT NULL,
        "filled_lots" numeric NOT NULL DEFAULT 0,
        "stop_loss" numeric NULL,
        "take_profit" numeric NULL,
        "reduce_only" boolean NOT NULL,
        "reason" text NOT NULL,
        "status" text NOT NULL,
        "created_at" bigint NOT NULL,
        "updated_at" bigint NOT NULL,
        CONSTRAINT "risk_orders_pk" PRIMARY KEY ("client_order_id"))`,
      `CREATE UNIQUE INDEX "risk_orders_sequence_idx" ON ${s}."risk_orders" ("sequence")`,
      `CREATE TABLE ${s}."risk_order_events" (
        "sequence" bigserial NOT NULL,
        "client_order_id" text NOT NULL,
        "status" text NOT NULL,
        "reason" text NULL,
        "message_id" uuid NOT NULL,
        "at" bigint NOT NULL,
        CONSTRAINT "risk_order_events_pk" PRIMARY KEY ("sequence"))`,
      `CREATE INDEX "risk_order_events_order_idx" ON ${s}."risk_order_events" ("client_order_id", "sequence")`,
      `CREATE TABLE ${s}."risk_fills" (
        "sequence" bigserial NOT NULL,
        "report_id" uuid NOT NULL,
        "client_order_id" text NOT NULL,
        "strategy" text NOT NULL,
        "symbol" text NOT NULL,
        "side" text NOT NULL,
        "lots" numeric NOT NULL,
        "price" numeric NOT NULL,
        "commission" numeric NOT NULL,
        "currency" char(3) NOT NULL,
        "position_after" numeric NULL,
        "reason" text NULL,
        "executed_at" bigint NOT NULL,
        CONSTRAINT "risk_fills_pk" PRIMARY KEY ("sequence"),
        CONSTRAINT "risk_fills_report_uq" UNIQUE ("report_id"))`,
      `CREATE INDEX "risk_fills_time_idx" ON ${s}."risk_fills" ("executed_at", "sequence")`,
      `CREATE TABLE ${s}."risk_trades" (
        "sequence" bigint NOT NULL,
        "strategy" text NOT NULL,
        "symbol" text NOT NULL,
        "side" text NOT NULL,
        "lots" numeric NOT NULL,
        "entry_time" bigint NOT NULL,
        "exit_time" bigint NOT NULL,
        "entry_price" numeric NOT NULL,
        "exit_price" numeric NOT NULL,
        "gross_pnl" numeric NOT NULL,
        "costs" numeric NOT NULL,
        "net_pnl" numeric NOT NULL,
        "currency" char(3) NOT NULL,
        "exit_reason" text NOT NULL,
        CONSTRAINT "risk_trades_pk" PRIMARY KEY ("sequence"))`,
      `CREATE INDEX "risk_trades_exit_idx" ON ${s}."risk_trades" ("exit_time", "sequence")`,
      `CREATE TABLE ${s}."risk_decisions" (
        "sequence" bigserial NOT NULL,
        "message_id" uuid NOT NULL,
        "at" bigint NOT NULL,
        "event" text NOT NULL,
        "symbol" text NULL,
        "code" text NULL,
        "reason" text NULL,
        "line" text NOT NULL,
        CONSTRAINT "risk_decisions_pk" PRIMARY KEY ("sequence"))`,
      `CREATE INDEX "risk_decisions_time_idx" ON ${s}."risk_decisions" ("at", "sequence")`,
      `CREATE TABLE ${s}."risk_trading_states" (
        "sequence" bigserial NOT NULL,
        "state" text NOT NULL,
        "previous_state" text NULL,
        "reason_code" text NOT NULL,
        "reason" text NOT NULL,
        "message_id" uuid NOT NULL,
        "at" bigint NOT NULL,
        CONSTRAINT "risk_trading_states_pk" PRIMARY KEY ("sequence"))`,
      `CREATE TABLE ${s}."risk_limits" (
        "version" integer NOT NULL,
        "document" text NOT NULL,
        "set_by" text NOT NULL,
        "reason" text NOT NULL,
        "command_id" uuid NULL,
        "set_at" bigint NOT NULL,
        CONSTRAINT "risk_limits_pk" PRIMARY KEY ("version"))`,
      `CREATE TABLE ${s}."risk_commands" (
        "sequence" bigserial NOT NULL,
        "command_id" uuid NOT NULL,
        "action" text NOT NULL,
        "requested_by" text NOT NULL,
        "reason" text NOT NULL,
        "outcome" text NOT NULL,
        "detail" text NULL,
        "at" bigint NOT NULL,
        CONSTRAINT "risk_commands_pk" PRIMARY KEY ("sequence"))`,
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = migrationSchema(queryRunner);
    for (const table of ['risk_commands', 'risk_limits', 'risk_trading_states', 'risk_decisions', 'risk_trades', 'risk_fills', 'risk_order_events', 'risk_orders', 'risk_positions', 'risk_accounts']) {
      await queryRunner.query(`DROP TABLE ${s}."${table}"`);
    }
  }
}

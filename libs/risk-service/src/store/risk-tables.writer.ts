// Writes what a batch of messages did to the risk service's tables, inside
// the batch's transaction, a few multi-row statements per table however many
// messages the batch holds: decision-log lines, orders and their status
// history, fills, closed trades, positions, trading states, limits versions,
// the command audit and the account's cash.
import type { MessageEnvelope, PayloadOf } from '@trading/contracts';
import { decisionIdOf } from '@trading/contracts';
import { ExactDecimal, type Money } from '@trading/domain';
import { qualifiedTable } from '@trading/persistence';
import type { EntityManager } from 'typeorm';
import type { MessageEffects } from '../desk/risk-runtime';

export interface BatchAccount {
  readonly cash: Money;
  readonly initialCash: Money;
  readonly at: number;
}

interface OrderChange {
  status: string;
  filled: string[];
  at: number;
}

const CLIENT_ORDER_ID = /^o[0-9A-Za-z]{22}$/;

export class RiskTablesWriter {
  private readonly t: (table: string) => string;

  constructor(schema: string) {
    this.t = (table) => qualifiedTable(schema, table);
  }

  async write(manager: EntityManager, batch: readonly MessageEffects[], account: BatchAccount): Promise<void> {
    await this.decisions(manager, batch);
    await this.orders(manager, batch);
    await this.trades(manager, batch, account.cash.currency);
    await this.positions(manager, batch);
    await this.states(manager, batch);
    await this.commands(manager, batch);
    await manager.query(
      `INSERT INTO ${this.t('risk_accounts')} ("account", "currency", "initial_cash", "cash", "updated_at") VALUES ('main', $1, $2, $3, $4)
       ON CONFLICT ("account") DO UPDATE SET "cash" = EXCLUDED."cash", "updated_at" = EXCLUDED."updated_at"`,
      [account.cash.currency, account.initialCash.amount.toFixed(), account.cash.amount.toFixed(), account.at],
    );
  }

  /** The first limits version, when the table has none (the service's first start). */
  async seedLimits(manager: EntityManager, document: string, at: number): Promise<void> {
    await manager.query(
      `INSERT INTO ${this.t('risk_limits')} ("version", "document", "set_by", "reason", "command_id", "set_at") VALUES (1, $1, 'configuration', 'limits the service first started with', NULL, $2)
       ON CONFLICT DO NOTHING`,
      [document, at],
    );
  }

  private async decisions(manager: EntityManager, batch: readonly MessageEffects[]): Promise<void> {
    const ids: string[] = [];
    const at: number[] = [];
    const events: string[] = [];
    const symbols: Array<string | null> = [];
    const codes: Array<string | null> = [];
    const reasons: Array<string | null> = [];
    const lines: string[] = [];
    for (const effects of batch) {
      for (const { record, line } of effects.decisions) {
        ids.push(effects.envelope.id);
        at.push(record.time);
        events.push(record.event);
        symbols.push(typeof record['symbol'] === 'string' ? record['symbol'] : null);
        codes.push(typeof record['code'] === 'string' ? record['code'] : typeof record['reason'] === 'string' && /^[A-Z][A-Z0-9_]*$/.test(record['reason']) ? record['reason'] : null);
        reasons.push(reasonOf(record));
        lines.push(line);
      }
    }
    if (lines.length === 0) return;
    await manager.query(
      `INSERT INTO ${this.t('risk_decisions')} ("message_id", "at", "event", "symbol", "code", "reason", "line")
       SELECT m, a, e, s, c, r, l FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) WITH ORDINALITY AS t(m, a, e, s, c, r, l, n) ORDER BY n`,
      [ids, at, events, symbols, codes, reasons, lines],
    );
  }

  private async orders(manager: EntityManager, batch: readonly MessageEffects[]): Promise<void> {
    const inserts: unknown[][] = [[], [], [], [], [], [], [], [], [], [], [], [], []];
    const events: unknown[][] = [[], [], [], [], []];
    const changes = new Map<string, OrderChange>();
    const fills: unknown[][] = [[], [], [], [], [], [], [], [], [], [], [], []];
    const insert = (row: unknown[]): void => row.forEach((value, i) => inserts[i].push(value));
    const event = (clientOrderId: string, status: string, reason: string | null, messageId: string, at: number, filled?: string): void => {
      [clientOrderId, status, reason, messageId, at].forEach((value, i) => events[i].push(value));
      const change = changes.get(clientOrderId) ?? { status, filled: [], at };
      change.status = status;
      change.at = at;
      if (filled !== undefined) change.filled.push(filled);
      changes.set(clientOrderId, change);
    };
    for (const effects of batch) {
      for (const { envelope } of effects.published) {
        if (envelope.type === 'order.submit') {
          const order = envelope.payload as PayloadOf<'order.submit'>;
          insert([order.clientOrderId, order.decisionId, order.strategy, order.symbol, order.side, order.orderType, order.size, order.stopLoss ?? null, order.takeProfit ?? null, order.reduceOnly, order.reason ?? '', 'submitted', envelope.occurredAt]);
          event(order.clientOrderId, 'submitted', order.reason ?? null, envelope.id, envelope.occurredAt);
        } else if (envelope.type === 'order.cancel') {
          const cancel = envelope.payload as PayloadOf<'order.cancel'>;
          event(cancel.clientOrderId, 'cancel_requested', cancel.reason, envelope.id, envelope.occurredAt);
        }
      }
      if (effects.envelope.type !== 'execution.report' || effects.outcome !== 'handled') continue;
      const envelope = effects.envelope as MessageEnvelope<'execution.report'>;
      const report = envelope.payload;
      // Orders the venue opened by itself (bracket exits, stop-outs) are first heard of in their report.
      const decisionId = CLIENT_ORDER_ID.test(report.clientOrderId) ? decisionIdOf(report.clientOrderId) : null;
      insert([report.clientOrderId, decisionId, report.strategy ?? 'unknown', report.symbol, report.side, 'market', report.orderSize, null, null, false, `opened by the venue: ${report.reason ?? report.status}`, report.status, report.executedAt]);
      const filled = report.lastFillSize ?? undefined;
      event(report.clientOrderId, report.status, report.reason ?? null, envelope.id, report.executedAt, filled);
      if ((report.status === 'filled' || report.status === 'partially_filled') && filled !== undefined) {
        [envelope.id, report.clientOrderId, report.strategy ?? 'unknown', report.symbol, report.side, filled, report.lastFillPrice ?? report.averagePrice, report.commission, report.commissionCurrency, report.positionAfter ?? null, report.reason ?? null, report.executedAt].forEach((value, i) => fills[i].push(value));
      }
    }
    if (inserts[0].length > 0) {
      await manager.query(
        `INSERT INTO ${this.t('risk_orders')} ("client_order_id", "decision_id", "strategy", "symbol", "side", "order_type", "lots", "stop_loss", "take_profit", "reduce_only", "reason", "status", "created_at", "updated_at")
         SELECT o, d, st, sy, si, ty, l::numeric, sl::numeric, tp::numeric, ro, r, s, c, c
         FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::boolean[], $11::text[], $12::text[], $13::bigint[]) AS t(o, d, st, sy, si, ty, l, sl, tp, ro, r, s, c)
         ON CONFLICT ("client_order_id") DO NOTHING`,
        inserts,
      );
    }
    if (events[0].length > 0) {
      await manager.query(
        `INSERT INTO ${this.t('risk_order_events')} ("client_order_id", "status", "reason", "message_id", "at")
         SELECT o, s, r, m, a FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::bigint[]) WITH ORDINALITY AS t(o, s, r, m, a, n) ORDER BY n`,
        events,
      );
      const ids = [...changes.keys()];
      const list = ids.map((id) => changes.get(id) as OrderChange);
      await manager.query(
        `UPDATE ${this.t('risk_orders')} AS o SET "status" = t.s, "updated_at" = t.a, "filled_lots" = o."filled_lots" + t.f::numeric
         FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[]) AS t(id, s, a, f) WHERE o."client_order_id" = t.id`,
        [ids, list.map((c) => c.status), list.map((c) => c.at), list.map((c) => sumDecimals(c.filled))],
      );
    }
    if (fills[0].length > 0) {
      await manager.query(
        `INSERT INTO ${this.t('risk_fills')} ("report_id", "client_order_id", "strategy", "symbol", "side", "lots", "price", "commission", "currency", "position_after", "reason", "executed_at")
         SELECT m, o, st, sy, si, l::numeric, p::numeric, c::numeric, cu, pa::numeric, r, e
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::bigint[]) WITH ORDINALITY AS t(m, o, st, sy, si, l, p, c, cu, pa, r, e, n) ORDER BY n`,
        fills,
      );
    }
  }

  private async trades(manager: EntityManager, batch: readonly MessageEffects[], currency: string): Promise<void> {
    const trades = batch.flatMap((effects) => effects.trades);
    if (trades.length === 0) return;
    const columns: unknown[][] = Array.from({ length: 12 }, () => []);
    for (const trade of trades) {
      [trade.strategy, trade.symbol, trade.side, trade.quantity.toString(), trade.entryTime, trade.exitTime, trade.entryPrice.toFixed(), trade.exitPrice.toFixed(), trade.grossPnl.amount.toFixed(), trade.costs.amount.toFixed(), trade.netPnl.amount.toFixed(), trade.exitReason].forEach((value, i) => columns[i].push(value));
    }
    // Trades are numbered in closing order, after those already stored.
    await manager.query(
      `INSERT INTO ${this.t('risk_trades')} ("sequence", "strategy", "symbol", "side", "lots", "entry_time", "exit_time", "entry_price", "exit_price", "gross_pnl", "costs", "net_pnl", "currency", "exit_reason")
       SELECT (SELECT coalesce(max("sequence"), 0) FROM ${this.t('risk_trades')}) + n, st, sy, si, l::numeric, et, xt, ep::numeric, xp::numeric, g::numeric, c::numeric, np::numeric, $13, r
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[]) WITH ORDINALITY AS t(st, sy, si, l, et, xt, ep, xp, g, c, np, r, n)`,
      [...columns, currency],
    );
  }

  private async positions(manager: EntityManager, batch: readonly MessageEffects[]): Promise<void> {
    // The last state of each touched position in the batch.
    const latest = new Map<string, { view: MessageEffects['positions'][number]; at: number }>();
    for (const effects of batch) for (const view of effects.positions) latest.set(`${view.strategy}\u0000${view.symbol}`, { view, at: effects.envelope.occurredAt });
    if (latest.size === 0) return;
    const columns: unknown[][] = Array.from({ length: 6 }, () => []);
    for (const { view, at } of latest.values()) {
      const flat = view.side === 0;
      const lots = flat ? '0' : view.side > 0 ? view.quantity.toString() : `-${view.quantity.toString()}`;
      [view.strategy, view.symbol, lots, flat ? null : view.entryPrice.toFixed(), flat ? null : view.entryTime, at].forEach((value, i) => columns[i].push(value));
    }
    await manager.query(
      `INSERT INTO ${this.t('risk_positions')} ("strategy", "symbol", "lots", "average_price", "opened_at", "updated_at")
       SELECT st, sy, l::numeric, p::numeric, o, u FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[]) AS t(st, sy, l, p, o, u)
       ON CONFLICT ("strategy", "symbol") DO UPDATE SET "lots" = EXCLUDED."lots", "average_price" = EXCLUDED."average_price", "opened_at" = EXCLUDED."opened_at", "updated_at" = EXCLUDED."updated_at"`,
      columns,
    );
  }

  private async states(manager: EntityManager, batch: readonly MessageEffects[]): Promise<void> {
    for (const effects of batch) {
      for (const { envelope } of effects.published) {
        if (envelope.type !== 'risk.state') continue;
        const state = envelope.payload as PayloadOf<'risk.state'>;
        await manager.query(
          `INSERT INTO ${this.t('risk_trading_states')} ("state", "previous_state", "reason_code", "reason", "message_id", "at") VALUES ($1, $2, $3, $4, $5, $6)`,
          [state.state, state.previousState, state.reasonCode, state.reason, envelope.id, envelope.occurredAt],
        );
      }
    }
  }

  private async commands(manager: EntityManager, batch: readonly MessageEffects[]): Promise<void> {
    for (const effects of batch) {
      // A held command is audited when its release hands it to the desk.
      if (effects.envelope.type !== 'risk.command' || effects.outcome === 'held') continue;
      const envelope = effects.envelope as MessageEnvelope<'risk.command'>;
      const { action, requestedBy, reason } = envelope.payload;
      const applied = effects.outcome === 'handled';
      await manager.query(
        `INSERT INTO ${this.t('risk_commands')} ("command_id", "action", "requested_by", "reason", "outcome", "detail", "at") VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [envelope.id, action, requestedBy, reason, applied ? 'applied' : 'refused', effects.refusal ?? null, envelope.occurredAt],
      );
      if (effects.limits !== undefined) {
        await manager.query(
          `INSERT INTO ${this.t('risk_limits')} ("version", "document", "set_by", "reason", "command_id", "set_at")
           SELECT coalesce(max("version"), 0) + 1, $1, $2, $3, $4, $5 FROM ${this.t('risk_limits')}`,
          [JSON.stringify(effects.limits), requestedBy, reason, envelope.id, envelope.occurredAt],
        );
      }
    }
  }
}

function reasonOf(record: Readonly<Record<string, unknown>>): string | null {
  const message = record['message'];
  if (typeof message === 'string' && message !== '') return message;
  return typeof record['reason'] === 'string' ? record['reason'] : null;
}

function sumDecimals(values: readonly string[]): string {
  return values.reduce((total, value) => total.plus(value), new ExactDecimal(0)).toFixed();
}

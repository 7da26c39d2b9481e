// The service's tables written from what the venue reported: an order row when
// the venue accepts or refuses an order (or opens one of its own to close a
// position), its status and fill progress on every later report, a fill row
// per execution, the broker id beside the client order id. Always called with
// the handler's transaction.
import type { MessageEnvelope } from '@trading/contracts';
import { qualifiedTable } from '@trading/persistence';
import type { EntityManager } from 'typeorm';

type Report = MessageEnvelope<'execution.report'>;
type Submit = MessageEnvelope<'order.submit'>['payload'];

/** Statuses of an order still working at the venue. */
export const WORKING_STATUSES = ['accepted', 'partially_filled'] as const;

/** A working order as the table holds it, in the venue snapshot's terms (for the restart check). */
export interface WorkingOrderRow {
  readonly clientOrderId: string;
  readonly strategy: string;
  readonly symbol: string;
  readonly side: string;
  readonly orderType: string;
  readonly size: string;
  readonly price?: string;
  readonly stopLoss?: string;
  readonly takeProfit?: string;
}

export class ExecutionTables {
  private readonly orders: string;
  private readonly ids: string;
  private readonly fills: string;

  constructor(
    readonly schema: string,
    private readonly venue: string,
  ) {
    this.orders = qualifiedTable(schema, 'execution_orders');
    this.ids = qualifiedTable(schema, 'execution_broker_ids');
    this.fills = qualifiedTable(schema, 'execution_fills');
  }

  /** Books one report; `submit` is the order.submit being handled, if it is this report's order. */
  async record(manager: EntityManager, report: Report, submit: Submit | undefined): Promise<void> {
    const r = report.payload;
    const ours = submit !== undefined && submit.clientOrderId === r.clientOrderId ? submit : undefined;
    await manager.query(
      `INSERT INTO ${this.orders} ("client_order_id", "venue", "origin", "strategy", "symbol", "side", "order_type", "size", "limit_price", "stop_price", "stop_loss", "take_profit",
         "status", "filled_size", "average_price", "reason", "submitted_at", "updated_at")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17)
       ON CONFLICT ("client_order_id") DO UPDATE SET "status" = EXCLUDED."status", "filled_size" = EXCLUDED."filled_size", "average_price" = EXCLUDED."average_price",
         "reason" = COALESCE(EXCLUDED."reason", ${this.orders}."reason"), "updated_at" = EXCLUDED."updated_at"`,
      [
        r.clientOrderId,
        this.venue,
        ours === undefined ? 'venue' : 'risk',
        r.strategy,
        r.symbol,
        r.side,
        ours?.orderType ?? 'market',
        r.orderSize,
        ours?.limitPrice ?? null,
        ours?.stopPrice ?? null,
        ours?.stopLoss ?? null,
        ours?.takeProfit ?? null,
        r.status,
        r.filledSize,
        r.averagePrice ?? null,
        r.reason ?? null,
        r.executedAt,
      ],
    );
    if (r.brokerOrderId !== null) {
      await manager.query(`INSERT INTO ${this.ids} ("venue", "client_order_id", "broker_order_id") VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [this.venue, r.clientOrderId, r.brokerOrderId]);
    }
    if (r.lastFillSize !== undefined && r.lastFillPrice !== undefined) {
      await manager.query(
        `INSERT INTO ${this.fills} ("report_id", "client_order_id", "strategy", "symbol", "side", "size", "price", "commission", "currency", "position_after", "reason", "executed_at")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING`,
        [report.id, r.clientOrderId, r.strategy, r.symbol, r.side, r.lastFillSize, r.lastFillPrice, r.commission, r.commissionCurrency, r.positionAfter ?? null, r.reason ?? null, r.executedAt],
      );
    }
  }

  /** The orders the table says are working, by client order id. */
  async workingOrders(manager: Pick<EntityManager, 'query'>): Promise<WorkingOrderRow[]> {
    const rows: Array<Record<string, string | null>> = await manager.query(
      `SELECT "client_order_id", "strategy", "symbol", "side", "order_type", "size"::text, COALESCE("limit_price", "stop_price")::text AS "price", "stop_loss"::text, "take_profit"::text
       FROM ${this.orders} WHERE "status" = ANY($1) ORDER BY "client_order_id"`,
      [[...WORKING_STATUSES]],
    );
    return rows.map((row) => ({
      clientOrderId: String(row.client_order_id),
      strategy: String(row.strategy),
      symbol: String(row.symbol),
      side: String(row.side),
      orderType: String(row.order_type),
      size: String(row.size),
      ...(row.price === null ? {} : { price: row.price }),
      ...(row.stop_loss === null ? {} : { stopLoss: row.stop_loss }),
      ...(row.take_profit === null ? {} : { takeProfit: row.take_profit }),
    }));
  }

  /** Orders with a status, by client order id, a page at a time (the read route). */
  async ordersWithStatus(manager: Pick<EntityManager, 'query'>, statuses: readonly string[], after: string, limit: number): Promise<Array<Record<string, unknown>>> {
    return manager.query(
      `SELECT "client_order_id" AS "clientOrderId", "venue", "origin", "strategy", "symbol", "side", "order_type" AS "orderType", "size"::text AS "size",
         "limit_price"::text AS "limitPrice", "stop_price"::text AS "stopPrice", "stop_loss"::text AS "stopLoss", "take_profit"::text AS "takeProfit", "status",
         "filled_size"::text AS "filledSize", "average_price"::text AS "averagePrice", "reason", "submitted_at"::text AS "submittedAt", "updated_at"::text AS "updatedAt"
       FROM ${this.orders} WHERE "status" = ANY($1) AND "client_order_id" > $2 ORDER BY "client_order_id" LIMIT $3`,
      [[...statuses], after, limit],
    );
  }

  /** Every row of the three tables in a fixed order, as text (tests compare two runs with it). */
  async dump(manager: Pick<EntityManager, 'query'>): Promise<string> {
    const parts: string[] = [];
    for (const [table, key] of [
      [this.orders, '"client_order_id"'],
      [this.ids, '"client_order_id"'],
      [this.fills, '"report_id"'],
    ] as const) {
      const rows: unknown[] = await manager.query(`SELECT * FROM ${table} ORDER BY ${key}`);
      parts.push(JSON.stringify(rows));
    }
    return parts.join('\n');
  }
}

// Reads of the risk service's tables: what a restart checks (the first
// limits, the account, the open positions) and the pages of the read API,
// each a keyset page on the table's sequence within a time range.
import { qualifiedTable } from '@trading/persistence';
import type { DataSource } from 'typeorm';

export interface PageRequest {
  readonly limit: number;
  /** Rows after this sequence (exclusive). */
  readonly after: bigint;
  /** Time range [from, to), UTC ms. */
  readonly from: number;
  readonly to: number;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Pass as `cursor` for the next page; null on the last one. */
  readonly nextCursor: string | null;
}

/** Each list: its table, the time column the range applies to, and how a row is answered. */
interface ListSpec {
  readonly table: string;
  /** The keyset column (the table's sequence, or the limits' version). */
  readonly key?: string;
  readonly time: string;
  readonly columns: string;
}

const LISTS = {
  positions: { table: 'risk_positions', time: 'updated_at', columns: `"strategy", "symbol", "lots"::text, "average_price"::text, "opened_at", "updated_at"` },
  orders: {
    table: 'risk_orders',
    time: 'created_at',
    columns: `"client_order_id", "decision_id"::text, "strategy", "symbol", "side", "order_type", "lots"::text, "filled_lots"::text, "stop_loss"::text, "take_profit"::text, "reduce_only", "reason", "status", "created_at", "updated_at"`,
  },
  fills: { table: 'risk_fills', time: 'executed_at', columns: `"report_id"::text, "client_order_id", "strategy", "symbol", "side", "lots"::text, "price"::text, "commission"::text, "currency", "position_after"::text, "reason", "executed_at"` },
  trades: {
    table: 'risk_trades',
    time: 'exit_time',
    columns: `"strategy", "symbol", "side", "lots"::text, "entry_time", "exit_time", "entry_price"::text, "exit_price"::text, "gross_pnl"::text, "costs"::text, "net_pnl"::text, "currency", "exit_reason"`,
  },
  decisions: { table: 'risk_decisions', time: 'at', columns: `"message_id"::text, "at", "event", "symbol", "code", "reason", "line"` },
  tradingStates: { table: 'risk_trading_states', time: 'at', columns: `"state", "previous_state", "reason_code", "reason", "message_id"::text, "at"` },
  limits: { table: 'risk_limits', key: 'version', time: 'set_at', columns: `"version", "document", "set_by", "reason", "command_id"::text, "set_at"` },
  commands: { table: 'risk_commands', time: 'at', columns: `"command_id"::text, "action", "requested_by", "reason", "outcome", "detail", "at"` },
} as const satisfies Record<string, ListSpec>;

export type ListName = keyof typeof LISTS;
export type Row = Record<string, unknown>;

export class RiskTablesReader {
  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
  ) {}

  private t(table: string): string {
    return qualifiedTable(this.schema, table);
  }

  /** The limits document the service first started with (null before its first start). */
  async firstLimits(): Promise<string | null> {
    const rows: Array<{ document: string }> = await this.dataSource.query(`SELECT "document" FROM ${this.t('risk_limits')} WHERE "version" = 1`);
    return rows[0]?.document ?? null;
  }

  async account(): Promise<{ currency: string; initialCash: string; cash: string } | null> {
    const rows: Array<{ currency: string; initial_cash: string; cash: string }> = await this.dataSource.query(
      `SELECT "currency", "initial_cash"::text, "cash"::text FROM ${this.t('risk_accounts')} WHERE "account" = 'main'`,
    );
    return rows.length === 0 ? null : { currency: rows[0].currency, initialCash: rows[0].initial_cash, cash: rows[0].cash };
  }

  /** Signed lots of every open position, by `strategy/SYMBOL`. */
  async openPositionLots(): Promise<Map<string, string>> {
    const rows: Array<{ strategy: string; symbol: string; lots: string }> = await this.dataSource.query(`SELECT "strategy", "symbol", "lots"::text FROM ${this.t('risk_positions')} WHERE "lots" <> 0`);
    return new Map(rows.map((row) => [`${row.strategy}/${row.symbol}`, row.lots]));
  }

  async page(list: ListName, request: PageRequest): Promise<Page<Row>> {
    const spec: ListSpec = LISTS[list];
    const key = spec.key ?? 'sequence';
    const rows: Row[] = await this.dataSource.query(
      // Ordered by the table's column, not the text alias of the same name (which would sort "11" after "109").
      `SELECT r."${key}"::text AS "sequence", ${spec.columns} FROM ${this.t(spec.table)} AS r
       WHERE r."${key}" > $1 AND r."${spec.time}" >= $2 AND r."${spec.time}" < $3 ORDER BY r."${key}" LIMIT $4`,
      [request.after.toString(), request.from, request.to, request.limit + 1],
    );
    const more = rows.length > request.limit;
    const items = more ? rows.slice(0, request.limit) : rows;
    return { items: items.map(numbersOf), nextCursor: more ? String(items[items.length - 1]['sequence']) : null };
  }

  /** The status history of orders, oldest first per order. */
  async orderHistory(clientOrderIds: readonly string[]): Promise<Map<string, Row[]>> {
    const history = new Map<string, Row[]>();
    if (clientOrderIds.length === 0) return history;
    const rows: Row[] = await this.dataSource.query(
      `SELECT "client_order_id", "status", "reason", "message_id"::text, "at" FROM ${this.t('risk_order_events')} WHERE "client_order_id" = ANY($1::text[]) ORDER BY "sequence"`,
      [clientOrderIds],
    );
    for (const row of rows.map(numbersOf)) {
      const id = String(row['client_order_id']);
      history.set(id, [...(history.get(id) ?? []), row]);
    }
    return history;
  }
}

/** bigint columns (epoch ms) come back from pg as text: answered as numbers. */
const TIME_COLUMNS = new Set(['opened_at', 'updated_at', 'created_at', 'executed_at', 'entry_time', 'exit_time', 'at', 'set_at']);

function numbersOf(row: Row): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) out[key] = TIME_COLUMNS.has(key) && typeof value === 'string' ? Number(value) : value;
  return out;
}

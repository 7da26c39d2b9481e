// Drives a RiskDeskService in specs: opens it on a database, hands it
// messages in batches, builds the venue snapshot a correct venue would send
// (from the desk's own book) and operator commands, and dumps tables.
import { Writable } from 'node:stream';
import { type Envelope, MessageFactory, type PayloadOf, derivedId } from '@trading/contracts';
import { ManualClock, SeededRandom } from '@trading/domain';
import { createLogger, type Logger } from '@trading/observability';
import type { Database } from '@trading/persistence';
import { RiskDeskService } from '../desk/risk-desk.service';
import type { RiskDeskSettings } from '../desk/risk-runtime';

export const wallClock = new ManualClock(Date.UTC(2026, 0, 1));

export function silentLogger(): Logger {
  return createLogger({ service: 'risk', level: 'error', stream: new Writable({ write: (_chunk, _encoding, done) => done() }) });
}

export function openService(database: Database, settings: RiskDeskSettings): Promise<RiskDeskService> {
  return RiskDeskService.open({ dataSource: database.dataSource, schema: database.schema, settings, clock: wallClock });
}

export async function feed(service: RiskDeskService, messages: readonly Envelope[], batch: number): Promise<void> {
  for (let i = 0; i < messages.length; i += batch) await service.handleBatch(messages.slice(i, i + batch));
}

const venue = new MessageFactory({ clock: new ManualClock(0), random: new SeededRandom(7), producer: 'order-execution' });
const operator = new MessageFactory({ clock: new ManualClock(0), random: new SeededRandom(9), producer: 'operator' });

/** The snapshot of a venue that holds exactly what the desk's book says, at the desk's time. */
export function agreeingSnapshot(service: RiskDeskService, tag: string, change: (payload: PayloadOf<'venue.snapshot'>) => PayloadOf<'venue.snapshot'> = (p) => p): Envelope {
  const book = service.desk.host.desk.book;
  const now = service.desk.host.now();
  const positions: Array<PayloadOf<'venue.snapshot'>['positions'][number]> = [];
  for (let position = 0; position < book.ledger.positionCount; position++) {
    const view = book.ledger.view(position);
    if (view.side === 0) continue;
    positions.push({ strategy: view.strategy, symbol: view.symbol, size: `${view.side < 0 ? '-' : ''}${view.quantity.toString()}`, averagePrice: view.entryPrice.toFixed() });
  }
  const orders: Array<PayloadOf<'venue.snapshot'>['orders'][number]> = [];
  for (let slot = 0; slot < book.instruments.length; slot++) {
    for (const order of book.workingOrders(slot)) orders.push({ clientOrderId: order.id, strategy: order.strategy, symbol: order.symbol, side: order.side, orderType: 'market', size: order.quantity.toString(), reason: 'working' });
  }
  const payload = change({ venue: 'paper', currency: book.cash.currency, cash: book.cash.amount.toFixed(), takenAt: now, requestId: null, orders, positions });
  return venue.create('venue.snapshot', payload, { id: derivedId(`snapshot:${tag}`, 'order-execution/venue.snapshot', now), occurredAt: now });
}

const marketData = new MessageFactory({ clock: new ManualClock(0), random: new SeededRandom(11), producer: 'market-data' });

export function quote(symbol: string, time: number, bid: number, ask: number): Envelope {
  return marketData.create('market.quote', { symbol, time, bid, ask }, { id: derivedId(`quote:${symbol}:${time}`, 'market-data/market.quote', time), occurredAt: time });
}

export function command(payload: PayloadOf<'risk.command'>, time: number, tag: string): Envelope {
  return operator.create('risk.command', payload, { id: derivedId(`command:${tag}`, 'operator/risk.command', time), occurredAt: time });
}

/** Every row of the service's tables and of its inbox, journal and outbox, as text, for equality checks. */
export async function dumpTables(database: Database): Promise<Record<string, string>> {
  const dump: Record<string, string> = {};
  for (const table of ['risk_accounts', 'risk_positions', 'risk_orders', 'risk_order_events', 'risk_fills', 'risk_trades', 'risk_decisions', 'risk_trading_states', 'risk_limits', 'risk_commands', 'inbox', 'journal', 'outbox']) {
    const rows: Array<Record<string, unknown>> = await database.dataSource.query(`SELECT * FROM "${database.schema}"."${table}" ORDER BY 1, 2`);
    // The wall clock is a ManualClock: even the inbox's, journal's and outbox's stamps must match.
    dump[table] = JSON.stringify(rows);
  }
  return dump;
}

export async function outboxRows(database: Database, types: readonly string[]): Promise<Array<{ topic: string; id: string; envelope: string }>> {
  const rows: Array<{ topic: string; id: string; envelope: string }> = await database.dataSource.query(`SELECT "topic", "id"::text, "envelope" FROM "${database.schema}"."outbox" ORDER BY "sequence"`);
  return rows.filter((row) => types.some((type) => row.topic.startsWith(`${type}.`) || row.topic === type));
}

export async function decisionLines(database: Database): Promise<string[]> {
  const rows: Array<{ line: string }> = await database.dataSource.query(`SELECT "line" FROM "${database.schema}"."risk_decisions" ORDER BY "sequence"`);
  return rows.map((row) => row.line);
}

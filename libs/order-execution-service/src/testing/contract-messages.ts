// Messages for broker tests: bars of a real file as market.bar envelopes (ids
// and times as market-data publishes them) and orders and cancels as risk
// sends them, with client order ids derived from a decision id.
import { type Envelope, type MessageEnvelope, MessageFactory, barId, clientOrderIdFor, derivedId } from '@trading/contracts';
import { type BarColumns, ManualClock, SeededRandom, timeframeMs } from '@trading/domain';

export interface OrderSpec {
  /** Distinguishes the test's decisions: the same key gives the same client order id. */
  readonly key: string;
  readonly side: 'buy' | 'sell';
  readonly size?: string;
  readonly orderType?: 'market' | 'limit' | 'stop';
  readonly limitPrice?: string;
  readonly stopPrice?: string;
  readonly stopLoss?: string;
  readonly takeProfit?: string;
  readonly symbol?: string;
  readonly strategy?: string;
}

export class ContractMessages {
  private readonly marketData = new MessageFactory({ clock: new ManualClock(0), random: new SeededRandom(1), producer: 'market-data' });
  private readonly risk = new MessageFactory({ clock: new ManualClock(0), random: new SeededRandom(2), producer: 'risk' });
  private sent = 0;

  constructor(readonly bars: BarColumns) {}

  /** Close time of bar `i`: when it is published and when orders sent after it are stamped. */
  closeOf(i: number): number {
    return this.bars.time[i] + timeframeMs(this.bars.timeframe);
  }

  bar(i: number): MessageEnvelope<'market.bar'> {
    const b = this.bars;
    const payload = { symbol: b.symbol, timeframe: b.timeframe, time: b.time[i], open: b.open[i], high: b.high[i], low: b.low[i], close: b.close[i], volume: b.volume[i], spread: b.spread[i] };
    return this.marketData.create('market.bar', payload, { id: barId(b.symbol, b.timeframe, b.time[i], this.closeOf(i)), occurredAt: this.closeOf(i) });
  }

  /** The decision id behind an order key. */
  decisionId(key: string): string {
    return derivedId(`contract:${key}`, 'risk/risk.decision', 1);
  }

  clientOrderId(key: string): string {
    return clientOrderIdFor(this.decisionId(key));
  }

  /** An order.submit sent after bar `afterBar` closed; each call is a new message (a new id), even for the same key. */
  submit(afterBar: number, spec: OrderSpec): MessageEnvelope<'order.submit'> {
    const time = this.closeOf(afterBar);
    const payload = {
      clientOrderId: this.clientOrderId(spec.key),
      decisionId: this.decisionId(spec.key),
      symbol: spec.symbol ?? this.bars.symbol,
      side: spec.side,
      size: spec.size ?? '1',
      orderType: spec.orderType ?? 'market',
      ...(spec.limitPrice === undefined ? {} : { limitPrice: spec.limitPrice }),
      ...(spec.stopPrice === undefined ? {} : { stopPrice: spec.stopPrice }),
      ...(spec.stopLoss === undefined ? {} : { stopLoss: spec.stopLoss }),
      ...(spec.takeProfit === undefined ? {} : { takeProfit: spec.takeProfit }),
      timeInForce: 'GTC' as const,
      reduceOnly: false,
      strategy: spec.strategy ?? 'contract',
      reason: `contract order ${spec.key}`,
    };
    return this.risk.create('order.submit', payload, { id: derivedId(`${spec.key}:${++this.sent}`, 'risk/order.submit', time), occurredAt: time });
  }

  cancel(afterBar: number, key: string, symbol = this.bars.symbol): MessageEnvelope<'order.cancel'> {
    const time = this.closeOf(afterBar);
    const payload = { clientOrderId: this.clientOrderId(key), symbol, requestedBy: 'risk', reason: `contract cancel ${key}` };
    return this.risk.create('order.cancel', payload, { id: derivedId(`${key}:cancel:${++this.sent}`, 'risk/order.cancel', time), occurredAt: time });
  }
}

/** Orders that rest and fire over the first 40 bars of the EURUSD H1 file: a bracketed limit, a bracketed stop, a bracketed market order and a cancelled limit. */
export function contractStream(m: ContractMessages): Envelope[] {
  const messages: Envelope[] = [m.bar(0)];
  messages.push(m.submit(0, { key: 'limit', side: 'buy', orderType: 'limit', limitPrice: '1.084', stopLoss: '1.08', takeProfit: '1.0855' }));
  messages.push(m.submit(0, { key: 'stop', side: 'sell', orderType: 'stop', stopPrice: '1.083', stopLoss: '1.0845', takeProfit: '1.078', strategy: 'other' }));
  messages.push(m.submit(0, { key: 'never', side: 'buy', orderType: 'limit', limitPrice: '1.05', strategy: 'third' }));
  for (let i = 1; i < 40; i++) {
    messages.push(m.bar(i));
    if (i === 2) messages.push(m.submit(2, { key: 'market', side: 'sell', stopLoss: '1.0875', takeProfit: '1.0835', strategy: 'fourth' }));
    if (i === 30) messages.push(m.cancel(30, 'never'));
  }
  return messages;
}

/** What contractStream leads to under CONTRACT_FILL_MODEL: strategy, status, side, price and reason of each report. */
export const CONTRACT_STREAM_REPORTS: readonly string[] = [
  'contract accepted buy - ',
  'other accepted sell - ',
  'third accepted buy - ',
  'fourth accepted sell - ',
  // 17:00 opens at 1.08454 (spread 0): the market sell fills there less 0.2 pips.
  'fourth filled sell 1.08452 contract order market',
  'contract filled buy 1.084 contract order limit',
  'contract filled sell 1.0855 take-profit',
  'other filled sell 1.08298 contract order stop',
  'fourth filled buy 1.0835 take-profit',
  'other filled buy 1.0848 stop-loss, gapped: filled at the open',
  'third cancelled buy - contract cancel never',
];

export function reportSummary(envelope: Envelope): string {
  const p = envelope.payload as Record<string, string | undefined>;
  return `${p.strategy} ${p.status} ${p.side} ${p.averagePrice ?? '-'} ${(p.reason ?? '').split(';')[0]}`;
}

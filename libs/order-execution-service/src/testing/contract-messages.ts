// Messages for broker tests: bars of a real file as market.bar envelopes (ids
// and times as market-data publishes them) and orders and cancels as risk
// sends them, with client order ids derived from a decision id.
import { type MessageEnvelope, MessageFactory, barId, clientOrderIdFor, derivedId } from '@trading/contracts';
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

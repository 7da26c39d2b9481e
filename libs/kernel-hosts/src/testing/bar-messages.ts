// Bars of a file as the market-data service publishes them: market.bar
// envelopes with the bar's derived id, stamped at the bar's close.
import { type MessageEnvelope, MessageFactory, barId } from '@trading/contracts';
import { type BarColumns, ManualClock, SeededRandom, timeframeMs } from '@trading/domain';

const marketData = new MessageFactory({ clock: new ManualClock(0), random: new SeededRandom(1), producer: 'market-data' });

/** Row `i` of `bars` as a market.bar message. */
export function barMessage(bars: BarColumns, i: number): MessageEnvelope<'market.bar'> {
  const close = bars.time[i] + timeframeMs(bars.timeframe);
  const payload = { symbol: bars.symbol, timeframe: bars.timeframe, time: bars.time[i], open: bars.open[i], high: bars.high[i], low: bars.low[i], close: bars.close[i], volume: bars.volume[i], spread: bars.spread[i] };
  return marketData.create('market.bar', payload, { id: barId(bars.symbol, bars.timeframe, bars.time[i], close), occurredAt: close });
}

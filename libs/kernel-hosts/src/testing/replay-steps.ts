// The steps of a replay of the kernel's feeds, as market-data and an operator
// would send them: bars in the backtest's canonical order (close time, then
// symbol, then the finer timeframe), each scheduled command just before the
// first bar that closes after it. Shared by the message-driven kernels.
import { type ScheduledCommand } from '@trading/backtest';
import { type Envelope, MessageFactory, barId, topics } from '@trading/contracts';
import { ScheduledCommands } from '../replay-messages';
import { type BarColumns, ManualClock, SeededRandom, timeframeMs } from '@trading/domain';

export interface ReplayStep {
  readonly topic: string;
  readonly envelope: Envelope;
}

/** `feeds` in canonical order; commands get ids from the clock and the seeded source, as in the backtest. */
export function* replaySteps(feeds: readonly BarColumns[], events: readonly ScheduledCommand[], seed: number): Generator<ReplayStep> {
  const commands = new ScheduledCommands(events, seed);
  const marketData = new MessageFactory({ clock: new ManualClock(0), random: new SeededRandom(seed), producer: 'market-data' });
  const barMs = feeds.map((bars) => timeframeMs(bars.timeframe));
  const cursor = new Int32Array(feeds.length);
  for (;;) {
    let f = -1;
    let close = Number.POSITIVE_INFINITY;
    for (let g = 0; g < feeds.length; g++) {
      if (cursor[g] < feeds[g].length && feeds[g].time[cursor[g]] + barMs[g] < close) [f, close] = [g, feeds[g].time[cursor[g]] + barMs[g]];
    }
    yield* commands.dueBy(f < 0 ? Number.POSITIVE_INFINITY : close - 1);
    if (f < 0) return;
    const bars = feeds[f];
    const i = cursor[f]++;
    const payload = { symbol: bars.symbol, timeframe: bars.timeframe, time: bars.time[i], open: bars.open[i], high: bars.high[i], low: bars.low[i], close: bars.close[i], volume: bars.volume[i], spread: bars.spread[i] };
    yield { topic: topics.marketBar(bars.timeframe, bars.symbol), envelope: marketData.create('market.bar', payload, { id: barId(bars.symbol, bars.timeframe, bars.time[i], close), occurredAt: close }) };
  }
}

export { endOfReplay } from '../replay-messages';

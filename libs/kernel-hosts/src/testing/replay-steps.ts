// The steps of a replay of the kernel's feeds, as market-data and an operator
// would send them: bars in the backtest's canonical order (close time, then
// symbol, then the finer timeframe), each scheduled command just before the
// first bar that closes after it. Shared by the message-driven kernels.
import { type ScheduledCommand } from '@trading/backtest';
import { type Envelope, MessageFactory, UuidV7Generator, barId, derivedId, topics } from '@trading/contracts';
import { type BarColumns, ManualClock, SeededRandom, timeframeMs } from '@trading/domain';

export interface ReplayStep {
  readonly topic: string;
  readonly envelope: Envelope;
}

/** `feeds` in canonical order; commands get ids from the clock and the seeded source, as in the backtest. */
export function* replaySteps(feeds: readonly BarColumns[], events: readonly ScheduledCommand[], seed: number): Generator<ReplayStep> {
  const commandClock = new ManualClock(0);
  const commandIds = new UuidV7Generator(commandClock, new SeededRandom(seed));
  const operator = new MessageFactory({ clock: commandClock, random: new SeededRandom(seed), producer: 'operator' });
  const marketData = new MessageFactory({ clock: new ManualClock(0), random: new SeededRandom(seed), producer: 'market-data' });
  let nextEvent = 0;
  function* commandsUpTo(time: number): Generator<ReplayStep> {
    for (; nextEvent < events.length && events[nextEvent].time <= time; nextEvent++) {
      const event = events[nextEvent];
      if (event.time > commandClock.now()) commandClock.set(event.time);
      const payload = event.kind === 'kill-switch' ? { action: 'kill' as const, requestedBy: 'operator', reason: event.reason } : { action: 'resume' as const, requestedBy: event.by, reason: 'resume' };
      yield { topic: topics.riskCommand(), envelope: operator.create('risk.command', payload, { id: commandIds.next(), occurredAt: commandClock.now() }) };
    }
  }
  const barMs = feeds.map((bars) => timeframeMs(bars.timeframe));
  const cursor = new Int32Array(feeds.length);
  for (;;) {
    let f = -1;
    let close = Number.POSITIVE_INFINITY;
    for (let g = 0; g < feeds.length; g++) {
      if (cursor[g] < feeds[g].length && feeds[g].time[cursor[g]] + barMs[g] < close) [f, close] = [g, feeds[g].time[cursor[g]] + barMs[g]];
    }
    yield* commandsUpTo(f < 0 ? Number.POSITIVE_INFINITY : close - 1);
    if (f < 0) return;
    const bars = feeds[f];
    const i = cursor[f]++;
    const payload = { symbol: bars.symbol, timeframe: bars.timeframe, time: bars.time[i], open: bars.open[i], high: bars.high[i], low: bars.low[i], close: bars.close[i], volume: bars.volume[i], spread: bars.spread[i] };
    yield { topic: topics.marketBar(bars.timeframe, bars.symbol), envelope: marketData.create('market.bar', payload, { id: barId(bars.symbol, bars.timeframe, bars.time[i], close), occurredAt: close }) };
  }
}

/** The end of the data, as a replay announces it: flow.end at the last bar's close time. */
export function endOfReplay(feeds: readonly BarColumns[], seed: number): ReplayStep {
  let lastTime = 0;
  for (const bars of feeds) if (bars.length > 0) lastTime = Math.max(lastTime, bars.time[bars.length - 1] + timeframeMs(bars.timeframe));
  const replay = new MessageFactory({ clock: new ManualClock(0), random: new SeededRandom(seed), producer: 'trading-run' });
  return { topic: topics.flowEnd(), envelope: replay.create('flow.end', { time: lastTime, reason: 'end of data' }, { id: derivedId('end of data', 'replay/flow.end', lastTime), occurredAt: lastTime }) };
}

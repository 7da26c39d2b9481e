// The messages a replay sends besides the bars, built the way the backtest
// builds them so a replay through the services decides byte for byte as the
// backtest does: a person's scheduled commands (ids from the clock and the
// seeded source, as the backtest's --events), each due before the first bar
// that closes after it, and flow.end at the last bar's close.
import type { ScheduledCommand } from '@trading/backtest';
import { derivedId, type Envelope, MessageFactory, topics, UuidV7Generator } from '@trading/contracts';
import { type BarColumns, ManualClock, SeededRandom, timeframeMs } from '@trading/domain';

export interface ReplayMessage {
  readonly topic: string;
  readonly envelope: Envelope;
}

export class ScheduledCommands {
  private readonly clock = new ManualClock(0);
  private readonly ids: UuidV7Generator;
  private readonly operator: MessageFactory;
  private next = 0;

  constructor(
    private readonly events: readonly ScheduledCommand[],
    seed: number,
  ) {
    this.ids = new UuidV7Generator(this.clock, new SeededRandom(seed));
    this.operator = new MessageFactory({ clock: this.clock, random: new SeededRandom(seed), producer: 'operator' });
  }

  /** The commands scheduled at or before `time` not yet sent, in schedule order. */
  dueBy(time: number): ReplayMessage[] {
    const due: ReplayMessage[] = [];
    for (; this.next < this.events.length && this.events[this.next].time <= time; this.next++) {
      const event = this.events[this.next];
      if (event.time > this.clock.now()) this.clock.set(event.time);
      const payload = event.kind === 'kill-switch' ? { action: 'kill' as const, requestedBy: 'operator', reason: event.reason } : { action: 'resume' as const, requestedBy: event.by, reason: 'resume' };
      due.push({ topic: topics.riskCommand(), envelope: this.operator.create('risk.command', payload, { id: this.ids.next(), occurredAt: this.clock.now() }) });
    }
    return due;
  }
}

/** The end of the data, as a replay announces it: flow.end at the last bar's close time. */
export function endOfReplay(feeds: readonly BarColumns[], seed: number): ReplayMessage {
  let lastTime = 0;
  for (const bars of feeds) if (bars.length > 0) lastTime = Math.max(lastTime, bars.time[bars.length - 1] + timeframeMs(bars.timeframe));
  const replay = new MessageFactory({ clock: new ManualClock(0), random: new SeededRandom(seed), producer: 'trading-run' });
  return { topic: topics.flowEnd(), envelope: replay.create('flow.end', { time: lastTime, reason: 'end of data' }, { id: derivedId('end of data', 'replay/flow.end', lastTime), occurredAt: lastTime }) };
}

// The paper venue behind the broker port: the kernel's VenueHost (the same
// SimulatedVenue, matching and fill model the backtest uses) on the live bar
// stream, so a paper run and a backtest of the same bars fill alike. It keeps
// no logic of its own beyond choosing which bars work the book: those of the
// configured timeframe (the venue's finest data) and symbols.
import { type BarClosed, type MessageEnvelope, MessageFactory, type Topic } from '@trading/contracts';
import { type Instrument, ManualClock, type Money, SeededRandom, type Timeframe } from '@trading/domain';
import { VenueHost } from '@trading/kernel-hosts';
import type { FillModel } from '@trading/simulated-venue';
import type { BrokerListener, BrokerOutput, BrokerPort, CancelOutcome, SubmitOutcome, VenueView } from './broker.port';

export interface PaperBrokerOptions {
  readonly instruments: readonly Instrument[];
  readonly fill: FillModel;
  readonly initialCash: Money;
  /** The timeframe whose bars work the book; bars of others are ignored. */
  readonly timeframe: Timeframe;
  /**
   * Instead of one timeframe: whether a bar works the book — a replay of
   * several timeframes of one symbol gives the backtest's rule (the finest
   * data covering a time drives the venue, see the backtest's feed plan).
   */
  readonly drives?: (bar: BarClosed) => boolean;
  /** Producer name on the reports. */
  readonly producer?: string;
  readonly conversionRates?: Readonly<Record<string, number>>;
}

export class PaperBroker implements BrokerPort {
  readonly venue = 'paper';
  readonly host: VenueHost;
  private readonly symbols: ReadonlySet<string>;

  constructor(
    private readonly options: PaperBrokerOptions,
    listener: BrokerListener,
  ) {
    this.symbols = new Set(options.instruments.map((instrument) => instrument.symbol));
    // Every id the host gives is derived from its cause: the seeded source is never drawn from.
    const factory = new MessageFactory({ clock: new ManualClock(0), random: new SeededRandom(1), producer: options.producer ?? 'order-execution' });
    this.host = new VenueHost({
      instruments: options.instruments,
      fill: options.fill,
      initialCash: options.initialCash,
      conversionRates: options.conversionRates,
      factory,
      publish: (topic, envelope) => listener(topic as Topic, envelope as BrokerOutput),
    });
  }

  /** Whether a bar is one the venue works its book on. */
  works(bar: MessageEnvelope<'market.bar'>): boolean {
    if (!this.symbols.has(bar.payload.symbol)) return false;
    return this.options.drives === undefined ? bar.payload.timeframe === this.options.timeframe : this.options.drives(bar.payload);
  }

  async submit(order: MessageEnvelope<'order.submit'>): Promise<SubmitOutcome> {
    return this.host.onSubmit(order);
  }

  async cancel(cancel: MessageEnvelope<'order.cancel'>): Promise<CancelOutcome> {
    return this.host.onCancel(cancel);
  }

  async onBar(bar: MessageEnvelope<'market.bar'>): Promise<boolean> {
    if (!this.works(bar)) return false;
    this.host.onBar(bar);
    return true;
  }

  /** Cancels what is working and closes every position at its symbol's last bar, as the backtest ends. */
  async endOfReplay(end: MessageEnvelope<'flow.end'>): Promise<boolean> {
    this.host.onEnd(end);
    return true;
  }

  async snapshot(): Promise<VenueView> {
    return this.host.view();
  }
}

export function paperBrokerFactory(options: PaperBrokerOptions): (listener: BrokerListener) => PaperBroker {
  return (listener) => new PaperBroker(options, listener);
}

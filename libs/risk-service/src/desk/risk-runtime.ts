// The kernel's RiskHost as the service runs it: one envelope at a time,
// routed by type, with what the host publishes and logs collected per
// message instead of sent (the batch handler writes them to the outbox and
// the tables in its transaction). The same runtime replays the journal at
// start with everything it produces dropped: the outbox and the tables hold
// it already.
import { type BarClosed, type Envelope, type MessageEnvelope, type MessageType, MessageFactory, type Topic, currentPayload } from '@trading/contracts';
import { type Instrument, ManualClock, type Money, SeededRandom, type Timeframe } from '@trading/domain';
import { CommandRefused, RiskHost } from '@trading/kernel-hosts';
import type { ClosedTrade, PositionView } from '@trading/portfolio';
import { RiskEnginePolicy, type RiskLimits } from '@trading/risk-engine';
import type { FillModel } from '@trading/simulated-venue';
import { CollectingSink, type LoggedDecision } from './collecting-sink';

export interface RiskDeskSettings {
  readonly instruments: readonly Instrument[];
  readonly initialCash: Money;
  /** Limits the desk starts with (version 1); set-limits commands in the journal move them on. */
  readonly limits: RiskLimits;
  /** The paper venue's fill model: the desk prices entries with its spread and slippage. */
  readonly fill: FillModel;
  /** Only bars of this timeframe move the market state; every bar when absent. */
  readonly timeframe?: Timeframe;
  /** Instead of one timeframe: which bars move the market state (a replay of several timeframes of one symbol: the backtest's feed-plan rule). */
  readonly drives?: (bar: BarClosed) => boolean;
}

export interface Published {
  readonly topic: Topic;
  readonly envelope: Envelope;
}

/** What handling one message did. */
export interface MessageEffects {
  /** The message as handled (payload upgraded to the current version). */
  readonly envelope: Envelope;
  /**
   * handled: the desk saw it (journaled); held: a lockstep replay holds it
   * for the step's release (journaled, not yet seen by the desk); ignored:
   * nothing for the desk (bars and quotes of symbols it does not trade, a
   * release outside a lockstep replay); refused: dead-lettered.
   */
  readonly outcome: 'handled' | 'held' | 'ignored' | 'refused';
  readonly refusal?: string;
  readonly published: readonly Published[];
  readonly decisions: readonly LoggedDecision[];
  readonly trades: readonly ClosedTrade[];
  /** Positions a fill or a charge touched, as the book holds them after the message. */
  readonly positions: readonly PositionView[];
  /** Limits a set-limits command put in force. */
  readonly limits?: RiskLimits;
}

const DESK_TYPES: ReadonlySet<string> = new Set([
  'market.bar',
  'market.quote',
  'signal',
  'execution.report',
  'account.financing',
  'account.margin-call',
  'risk.command',
  'venue.snapshot',
  'venue.snapshot-request',
  'flow.end',
]);
/** Inputs the desk takes for the symbols it trades only: of another symbol they are nothing to it. */
const MARKET_DATA: ReadonlySet<string> = new Set(['market.bar', 'market.quote']);

export class RiskRuntime {
  readonly host: RiskHost;
  private readonly sink = new CollectingSink();
  private readonly symbols: ReadonlySet<string>;
  private published: Published[] = [];
  private tradesSeen = 0;
  private replaying = false;

  constructor(readonly settings: RiskDeskSettings) {
    this.symbols = new Set(settings.instruments.map((instrument) => instrument.symbol));
    const timeframe = settings.timeframe;
    this.host = new RiskHost({
      instruments: settings.instruments,
      initialCash: settings.initialCash,
      policy: new RiskEnginePolicy({ limits: settings.limits, decisions: this.sink }),
      fill: settings.fill,
      // Every id the host gives is derived from its cause: the clock and seed are never read.
      factory: new MessageFactory({ clock: new ManualClock(0), random: new SeededRandom(1), producer: 'risk' }),
      publish: (topic, envelope) => {
        if (!this.replaying) this.published.push({ topic: topic as Topic, envelope });
      },
      decisions: this.sink,
      ...(settings.drives !== undefined ? { drives: settings.drives } : timeframe === undefined ? {} : { drives: (bar: BarClosed) => bar.timeframe === timeframe }),
    });
  }

  /** Whether the desk would use the message (journaled) or not; refusals are found by handling. */
  concerns(envelope: Envelope): boolean {
    if (!DESK_TYPES.has(envelope.type)) return false;
    return !MARKET_DATA.has(envelope.type) || this.symbols.has((envelope.payload as { symbol: string }).symbol);
  }

  /** Why the desk would refuse the message whatever its state (a symbol it does not trade), if it would. */
  refusal(envelope: Envelope): string | undefined {
    const symbol = (envelope.payload as { symbol?: unknown }).symbol;
    if (typeof symbol !== 'string' || this.symbols.has(symbol)) return undefined;
    return `${envelope.type} for ${symbol}: the risk service does not trade ${symbol} (RISK_SYMBOLS is ${[...this.symbols].join(',')})`;
  }

  /** Hands one message to the desk and collects what it did. */
  handle(received: Envelope): MessageEffects {
    const envelope = this.upgraded(received);
    if (!this.concerns(envelope)) return this.effects(envelope, 'ignored');
    const refusal = this.refusal(envelope);
    if (refusal !== undefined) return this.effects(envelope, 'refused', refusal);
    const touched = this.touchedPosition(envelope);
    let limits: RiskLimits | undefined;
    try {
      limits = this.dispatch(envelope);
    } catch (error) {
      if (error instanceof CommandRefused) return this.effects(envelope, 'refused', error.message);
      throw error;
    }
    return this.effects(envelope, 'handled', undefined, touched, limits);
  }

  /** What a message did without reaching the desk (held for a release, a release, ignored): nothing but itself. */
  untouched(received: Envelope, outcome: 'held' | 'handled' | 'ignored'): MessageEffects {
    return this.effects(this.upgraded(received), outcome);
  }

  /**
   * Handles a journaled message again, producing nothing (restart and
   * rebuild). A message that was held and released may have been refused on
   * its release (a set-limits that did not parse): it is refused again, as
   * then, and changes nothing.
   */
  replay(envelope: Envelope): void {
    this.replaying = true;
    this.sink.muted = true;
    try {
      this.handle(envelope);
    } finally {
      this.replaying = false;
      this.sink.muted = false;
    }
    this.tradesSeen = this.host.desk.trades.length;
  }

  private dispatch(envelope: Envelope): RiskLimits | undefined {
    const host = this.host;
    switch (envelope.type) {
      case 'market.bar':
        host.onBar(envelope as MessageEnvelope<'market.bar'>);
        return undefined;
      case 'market.quote':
        host.onQuote(envelope as MessageEnvelope<'market.quote'>);
        return undefined;
      case 'flow.end':
        // The venue's close-out fills came first: the trades they closed reach the breakers now, as at a backtest's end.
        host.onEnd(envelope as MessageEnvelope<'flow.end'>);
        return undefined;
      case 'signal':
        host.onSignal(envelope as MessageEnvelope<'signal'>);
        return undefined;
      case 'execution.report':
        // Trades it closed reach the breakers at the next bar, as in the kernel and the backtest.
        host.onReport(envelope as MessageEnvelope<'execution.report'>);
        return undefined;
      case 'account.financing':
        host.onFinancing(envelope as MessageEnvelope<'account.financing'>);
        return undefined;
      case 'account.margin-call':
        host.onMarginCall(envelope as MessageEnvelope<'account.margin-call'>);
        return undefined;
      case 'risk.command': {
        const command = envelope as MessageEnvelope<'risk.command'>;
        host.onCommand(command);
        return command.payload.action === 'set-limits' ? (host.desk.policy as RiskEnginePolicy).currentLimits() : undefined;
      }
      case 'venue.snapshot':
        host.onVenueSnapshot(envelope as MessageEnvelope<'venue.snapshot'>);
        return undefined;
      case 'venue.snapshot-request':
        host.onStart(envelope as MessageEnvelope<'venue.snapshot-request'>);
        return undefined;
      default:
        throw new TypeError(`the risk desk does not handle ${envelope.type}`);
    }
  }

  /** The message with its payload upgraded to the current version. */
  upgraded(envelope: Envelope): Envelope {
    const type = envelope.type as MessageType;
    const payload = currentPayload(envelope, type);
    return payload === envelope.payload ? envelope : { ...envelope, payload };
  }

  private touchedPosition(envelope: Envelope): { strategy: string; symbol: string } | null {
    if (envelope.type !== 'execution.report' && envelope.type !== 'account.financing') return null;
    const { strategy, symbol } = envelope.payload as { strategy?: string; symbol: string };
    return strategy === undefined ? null : { strategy, symbol };
  }

  private effects(envelope: Envelope, outcome: MessageEffects['outcome'], refusal?: string, touched: { strategy: string; symbol: string } | null = null, limits?: RiskLimits): MessageEffects {
    const desk = this.host.desk;
    const trades = desk.trades.length > this.tradesSeen ? desk.trades.slice(this.tradesSeen) : [];
    this.tradesSeen = desk.trades.length;
    const positions = touched === null ? [] : [desk.book.ledger.view(desk.book.position(touched.strategy, touched.symbol))];
    const published = this.published;
    this.published = [];
    return { envelope, outcome, ...(refusal === undefined ? {} : { refusal }), published, decisions: this.sink.drain(), trades, positions, ...(limits === undefined ? {} : { limits }) };
  }
}

// The broker port: what order-execution needs from a venue, whichever it is
// (the paper venue on the live bar stream, IG's dealing API later). Orders go
// in by client order id (derived from risk's decision; IG takes it as the
// deal reference), the venue answers asynchronously: every acceptance, fill,
// cancel and refusal comes back through the listener as an execution.report,
// in order for any one order (accepted before filled). A client order id is
// taken once: a second submit with it opens nothing and reports nothing
// (outcome 'duplicate'), so a retry can never open a second position. A
// cancel of an order the venue does not hold is answered in the outcome
// ('unknown' or 'not-working'), not by a report: there is no order to report on.
import type { MessageEnvelope, Topic } from '@trading/contracts';
import type { CancelOutcome, SubmitOutcome, VenueView } from '@trading/kernel-hosts';

export type { CancelOutcome, SubmitOutcome, VenueView };

/** What a venue reports: executions, financing booked on positions, margin calls. */
export type BrokerOutput = MessageEnvelope<'execution.report'> | MessageEnvelope<'account.financing'> | MessageEnvelope<'account.margin-call'>;

/** Called for every output, in the order the venue produced them, on the topic it belongs on. */
export type BrokerListener = (topic: Topic, output: BrokerOutput) => void;

export interface BrokerPort {
  /** Which venue: `paper`, `ig` (named in venue.snapshot). */
  readonly venue: string;
  submit(order: MessageEnvelope<'order.submit'>): Promise<SubmitOutcome>;
  cancel(cancel: MessageEnvelope<'order.cancel'>): Promise<CancelOutcome>;
  /**
   * A closed bar. The paper venue works its book on it (true: the bar moved the
   * venue); a real broker fills on its own prices and answers false.
   */
  onBar(bar: MessageEnvelope<'market.bar'>): Promise<boolean>;
  /** The working orders and open positions now. */
  snapshot(): Promise<VenueView>;
  /**
   * flow.end, the end of a replay's data (`trading run --lockstep`): the paper
   * venue closes out as a backtest does. A real broker has no such thing and
   * leaves it out: the message is then refused.
   */
  endOfReplay?(end: MessageEnvelope<'flow.end'>): Promise<boolean>;
}

/** Builds a broker whose outputs go to `listener`. */
export type BrokerFactory = (listener: BrokerListener) => BrokerPort;

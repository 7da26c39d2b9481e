// What the venue of a message-kernel run was told and what it said, for a
// service spec to hand the same inputs to its own venue and compare answers:
// the real strategies (sma-crossover and intraday) under the default risk
// limits on the given bars.
import type { Envelope } from '@trading/contracts';
import { type BarColumns, MemoryDecisionSink, type Money } from '@trading/domain';
import { DEFAULT_RISK_LIMITS, RiskEnginePolicy } from '@trading/risk-engine';
import type { FillModel } from '@trading/simulated-venue';
import { intradayStrategy, resolveParameters, smaCrossoverStrategy } from '@trading/strategies';
import { runMessageKernel } from './message-kernel';

export interface VenueTraffic {
  /** Bars, orders and cancels, in the order the venue handled them (as JSON crossed the wire). */
  readonly inputs: readonly Envelope[];
  /** Everything the venue published, in order, without the end-of-data close-out (a backtest's, not a live venue's). */
  readonly outputs: readonly Envelope[];
}

export function venueTraffic(feeds: readonly BarColumns[], fill: FillModel, initialCash: Money): VenueTraffic {
  const inputs: Envelope[] = [];
  const outputs: Envelope[] = [];
  let closingOut = false;
  const decisions = new MemoryDecisionSink();
  const strategies = [smaCrossoverStrategy, intradayStrategy].map((definition) => ({ definition, parameters: resolveParameters(definition.name, definition.parameters, {}) }));
  const copy = (envelope: Envelope) => JSON.parse(JSON.stringify(envelope)) as Envelope;
  runMessageKernel({
    feeds,
    strategies,
    policy: new RiskEnginePolicy({ limits: DEFAULT_RISK_LIMITS, decisions }),
    initialCash,
    fill,
    decisions,
    tap: (_topic, envelope) => {
      if (envelope.type === 'market.bar' || envelope.type === 'order.submit' || envelope.type === 'order.cancel') inputs.push(copy(envelope));
      else if (envelope.producer === 'order-execution' && !closingOut) {
        if ((envelope.payload as { reason?: string }).reason === 'end of data') closingOut = true;
        else outputs.push(copy(envelope));
      }
    },
  });
  return { inputs, outputs };
}

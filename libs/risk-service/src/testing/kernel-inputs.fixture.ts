// Real inputs for the risk service's specs: the strategies run over real bars
// through the message kernel (runMessageKernel), and every message the
// kernel's risk desk handled is recorded in its handling order, with the
// desk's decision-log lines and the orders it sent. Handing the same
// messages to the service must give the same lines and the same orders.
import type { ScheduledCommand } from '@trading/backtest';
import type { Envelope } from '@trading/contracts';
import { type BarColumns, type DecisionRecord, type DecisionSink, Money, decisionLine, instrumentFor } from '@trading/domain';
import { runMessageKernel } from '@trading/kernel-hosts/testing';
import { DEFAULT_RISK_LIMITS, RiskEnginePolicy } from '@trading/risk-engine';
import { DEFAULT_FILL_MODEL } from '@trading/simulated-venue';
import { intradayStrategy, resolveParameters, smaCrossoverStrategy } from '@trading/strategies';
import { readSharedBars, sharedData } from '@trading/test-support';
import type { RiskDeskSettings } from '../desk/risk-runtime';

export interface KernelInputs {
  /** What the kernel's risk desk handled, in order. */
  readonly messages: readonly Envelope[];
  /** The risk desk's decision-log lines (header excluded). */
  readonly lines: readonly string[];
  /** Ids of the order.submit messages the desk sent, in order. */
  readonly orderIds: readonly string[];
  readonly settings: RiskDeskSettings;
}

export function firstBars(columns: BarColumns, count: number): BarColumns {
  const n = Math.min(count, columns.length);
  return {
    symbol: columns.symbol,
    timeframe: columns.timeframe,
    length: n,
    time: columns.time.subarray(0, n),
    open: columns.open.subarray(0, n),
    high: columns.high.subarray(0, n),
    low: columns.low.subarray(0, n),
    close: columns.close.subarray(0, n),
    volume: columns.volume.subarray(0, n),
    spread: columns.spread.subarray(0, n),
  };
}

/** `bars` H1 bars of each of `symbols` (2025 files) through intraday and sma-crossover; commands as scheduled. */
export function kernelInputs(symbols: readonly string[], bars: number, events: readonly ScheduledCommand[] = []): KernelInputs {
  const feeds = symbols.map((symbol) => firstBars(readSharedBars(sharedData.fxH1_2025(symbol), symbol, 'H1'), bars));
  const messages: Envelope[] = [];
  const orderIds: string[] = [];
  const lines: string[] = [];
  const sink: DecisionSink = {
    record: (record: DecisionRecord) => {
      // The risk host keeps the whole account's log (the venue's reports too); only the run header is the kernel's own.
      if (record.event !== 'run') lines.push(decisionLine(record));
    },
  };
  const initialCash = Money.of(10_000, 'USD');
  const strategies = [smaCrossoverStrategy, intradayStrategy].map((definition) => ({ definition, parameters: resolveParameters(definition.name, definition.parameters, {}) }));
  runMessageKernel({
    feeds,
    strategies,
    policy: new RiskEnginePolicy({ limits: DEFAULT_RISK_LIMITS, decisions: sink }),
    initialCash,
    fill: DEFAULT_FILL_MODEL,
    events,
    decisions: sink,
    observe: (subscriber, envelope) => {
      if (subscriber === 'risk') messages.push(envelope);
      if (subscriber === 'venue' && envelope.type === 'order.submit') orderIds.push(envelope.id);
    },
  });
  return {
    messages,
    lines,
    orderIds,
    settings: { instruments: [...symbols].sort().map((symbol) => instrumentFor(symbol)), initialCash, limits: DEFAULT_RISK_LIMITS, fill: DEFAULT_FILL_MODEL },
  };
}

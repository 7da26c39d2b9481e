// One run of strategies on bars, recorded twice over for a strategy service's
// parity spec: the signals the backtest's risk desk received (its decision
// log), and what the strategies received and sent in the message-driven
// kernel — the bars and the venue's reports in the order a live strategy gets
// them. Same account, limits, fill model and seed as the kernel's parity spec.
import { type StrategyRun, runBacktest } from '@trading/backtest';
import type { Envelope } from '@trading/contracts';
import { type BarColumns, MemoryDecisionSink, Money } from '@trading/domain';
import { DEFAULT_RISK_LIMITS, RiskEnginePolicy } from '@trading/risk-engine';
import { DEFAULT_FILL_MODEL } from '@trading/simulated-venue';
import { runMessageKernel } from './message-kernel';

/** A signal as the backtest's decision log records it (no timeframe, null for an absent level). */
export interface RecordedSignal {
  readonly event: 'signal';
  /** When the desk received it (the bar's close). */
  readonly time: number;
  readonly signalId: string;
  readonly strategy: string;
  readonly symbol: string;
  readonly barTime: number;
  readonly side: string;
  readonly strength: number;
  readonly confidence: number;
  readonly referencePrice: number | null;
  readonly stopLoss: number | null;
  readonly takeProfit: number | null;
  readonly reason: string;
}

export interface StrategyRunRecording {
  readonly backtestSignals: readonly RecordedSignal[];
  /** Bars and execution reports, in the order the kernel's strategies received them. */
  readonly strategyInputs: readonly Envelope[];
  /** The signals the kernel's strategies published, in order. */
  readonly kernelSignals: readonly Envelope[];
}

export function recordStrategyRun(feeds: readonly BarColumns[], strategies: readonly StrategyRun[]): StrategyRunRecording {
  const initialCash = Money.of(10_000, 'USD');
  const direct = new MemoryDecisionSink();
  runBacktest({ feeds, strategies, sizing: new RiskEnginePolicy({ limits: DEFAULT_RISK_LIMITS, decisions: direct }), initialCash, fill: DEFAULT_FILL_MODEL, decisions: direct });
  const backtestSignals = direct.lines.filter((line) => line.startsWith('{"event":"signal"')).map((line) => JSON.parse(line) as RecordedSignal);
  const strategyInputs: Envelope[] = [];
  const kernelSignals: Envelope[] = [];
  const messages = new MemoryDecisionSink();
  runMessageKernel({
    feeds,
    strategies,
    policy: new RiskEnginePolicy({ limits: DEFAULT_RISK_LIMITS, decisions: messages }),
    initialCash,
    fill: DEFAULT_FILL_MODEL,
    decisions: messages,
    observe: (subscriber, envelope) => {
      if (subscriber === 'strategy') strategyInputs.push(envelope);
    },
    tap: (_topic, envelope) => {
      if (envelope.type === 'signal') kernelSignals.push(envelope);
    },
  });
  if (messages.text() !== direct.text()) throw new Error('the message-driven kernel and the backtest disagree: run the kernel parity spec');
  return { backtestSignals, strategyInputs, kernelSignals };
}

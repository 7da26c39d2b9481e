// The risk service's Prometheus metrics, fed by the batch unit's observer.
// Names and labels are the ones deploy/grafana/dashboards/risk.json and the
// risk alert group read.
import type { PayloadOf } from '@trading/contracts';
import type { Clock } from '@trading/domain';
import type { ServiceMetrics } from '@trading/observability';
import { BREAKER_CODES, TRADING_STATES } from '@trading/risk-engine';
import type { BatchReport, RiskDeskObserver } from './desk/risk-desk.service';

export const RISK_METRIC_NAMES = [
  'risk_decisions_total',
  'risk_orders_sent_total',
  'risk_commands_total',
  'risk_breaker_trips_total',
  'risk_trading_state',
  'risk_account_equity',
  'risk_drawdown_ratio',
  'risk_batch_size',
  'risk_batch_seconds',
  'risk_journal_entries',
  'risk_batch_failures_total',
  'risk_desk_rebuilds_total',
  'risk_warmup_bars',
  'risk_warmup_failures_total',
] as const;

/** The same list under the service's own name. */
export const RISK_SERVICE_METRIC_NAMES = RISK_METRIC_NAMES;

const BREAKERS: ReadonlySet<string> = new Set(BREAKER_CODES);

export class RiskMetrics implements RiskDeskObserver {
  private readonly decisions;
  private readonly ordersSent;
  private readonly commands;
  private readonly trips;
  private readonly state;
  private readonly equity;
  private readonly drawdown;
  private readonly batchSize;
  private readonly batchSeconds;
  private readonly journal;
  private readonly failures;
  private readonly rebuilds;
  private readonly warmupBars;
  private readonly warmupFailures;

  /** `wallClock` is kept for parity with the other services' metrics (stamps are Prometheus' own here). */
  constructor(
    metrics: ServiceMetrics,
    readonly wallClock?: Clock,
  ) {
    this.decisions = metrics.counter({ name: 'risk_decisions_total', help: 'Signals decided, by strategy, outcome and reason code', labelNames: ['strategy', 'outcome', 'reason_code'] });
    this.ordersSent = metrics.counter({ name: 'risk_orders_sent_total', help: 'Orders sent to the venue (order.submit)', labelNames: ['symbol', 'side'] });
    this.commands = metrics.counter({ name: 'risk_commands_total', help: 'Operator commands, by command and outcome (applied, refused)', labelNames: ['command', 'outcome'] });
    this.trips = metrics.counter({ name: 'risk_breaker_trips_total', help: 'Trading-state changes a breaker or the kill switch caused', labelNames: ['breaker'] });
    this.state = metrics.gauge({ name: 'risk_trading_state', help: 'Announced trading state: 1 for the current state, 0 for the others', labelNames: ['state'] });
    this.equity = metrics.gauge({ name: 'risk_account_equity', help: 'Equity at the last prices, account currency' });
    this.drawdown = metrics.gauge({ name: 'risk_drawdown_ratio', help: 'Fall from peak equity as a fraction' });
    this.batchSize = metrics.histogram({ name: 'risk_batch_size', help: 'Messages per committed batch (group commit)', buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512] });
    this.batchSeconds = metrics.histogram({ name: 'risk_batch_seconds', help: 'Time to handle and commit one batch' });
    this.journal = metrics.gauge({ name: 'risk_journal_entries', help: 'Messages in the desk journal (what a restart replays)' });
    this.failures = metrics.counter({ name: 'risk_batch_failures_total', help: 'Batches whose transaction failed (the desk is rebuilt from the journal)' });
    this.rebuilds = metrics.counter({ name: 'risk_desk_rebuilds_total', help: 'Desk rebuilds from the journal after a failed batch' });
    this.warmupBars = metrics.gauge({ name: 'risk_warmup_bars', help: "Bars of market history the first start's warm-up read, by symbol", labelNames: ['symbol'] });
    this.warmupFailures = metrics.counter({ name: 'risk_warmup_failures_total', help: 'Warm-up attempts market-data could not answer (each is retried)' });
  }

  batchCommitted(report: BatchReport, seconds: number, journalLength: number): void {
    this.batchSize.observe(report.outcomes.length);
    this.batchSeconds.observe(seconds);
    this.journal.set(journalLength);
    for (const effects of report.effects) {
      if (effects.envelope.type === 'risk.command' && effects.outcome !== 'held') {
        this.commands.inc({ command: (effects.envelope.payload as PayloadOf<'risk.command'>).action, outcome: effects.outcome === 'handled' ? 'applied' : 'refused' });
      }
      for (const { envelope } of effects.published) {
        if (envelope.type === 'risk.decision') {
          const decision = envelope.payload as PayloadOf<'risk.decision'>;
          this.decisions.inc({ strategy: decision.strategy, outcome: decision.decision, reason_code: decision.reasonCode ?? 'APPROVED' });
        } else if (envelope.type === 'order.submit') {
          const order = envelope.payload as PayloadOf<'order.submit'>;
          this.ordersSent.inc({ symbol: order.symbol, side: order.side });
        } else if (envelope.type === 'risk.state') {
          this.announced(envelope.payload as PayloadOf<'risk.state'>);
        }
      }
    }
  }

  /** A risk.state (announced now, or the last one found at start). */
  announced(state: PayloadOf<'risk.state'>): void {
    for (const name of TRADING_STATES) this.state.set({ state: name }, name === state.state ? 1 : 0);
    if (BREAKERS.has(state.reasonCode) && state.state !== 'ACTIVE') this.trips.inc({ breaker: state.reasonCode });
    this.account(Number(state.equity), state.drawdown);
  }

  account(equity: number, drawdown: number): void {
    this.equity.set(equity);
    this.drawdown.set(drawdown);
  }

  batchFailed(): void {
    this.failures.inc();
  }

  rebuilt(): void {
    this.rebuilds.inc();
  }

  journalLength(entries: number): void {
    this.journal.set(entries);
  }

  warmedUp(symbol: string, bars: number): void {
    this.warmupBars.set({ symbol }, bars);
  }

  warmupFailed(): void {
    this.warmupFailures.inc();
  }
}

/** The service's metrics under the name the lib's serve function uses. */
export { RiskMetrics as RiskServiceMetrics };

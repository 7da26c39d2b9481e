// The risk service's Prometheus metrics, fed by the batch unit's observer.
import type { PayloadOf } from '@trading/contracts';
import type { ServiceMetrics } from '@trading/observability';
import type { BatchReport, RiskDeskObserver } from './desk/risk-desk.service';

export const RISK_SERVICE_METRIC_NAMES = [
  'risk_decisions_total',
  'risk_batch_size',
  'risk_commit_latency_seconds',
  'risk_journal_entries',
  'risk_trading_state',
  'risk_batch_failures_total',
  'risk_desk_rebuilds_total',
] as const;

const STATE_VALUE = { ACTIVE: 0, REDUCING: 1, HALTED: 2 } as const;

export class RiskServiceMetrics implements RiskDeskObserver {
  private readonly decisions;
  private readonly batchSize;
  private readonly commitLatency;
  private readonly journal;
  private readonly state;
  private readonly failures;
  private readonly rebuilds;

  constructor(metrics: ServiceMetrics) {
    this.decisions = metrics.counter({ name: 'risk_decisions_total', help: 'Signals decided, by outcome and reason code', labelNames: ['decision', 'reason_code'] });
    this.batchSize = metrics.histogram({ name: 'risk_batch_size', help: 'Messages per committed batch (group commit)', buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512] });
    this.commitLatency = metrics.histogram({ name: 'risk_commit_latency_seconds', help: 'Time to handle and commit one batch' });
    this.journal = metrics.gauge({ name: 'risk_journal_entries', help: 'Messages in the desk journal (what a restart replays)' });
    this.state = metrics.gauge({ name: 'risk_trading_state', help: 'Announced trading state: 0 ACTIVE, 1 REDUCING, 2 HALTED' });
    this.failures = metrics.counter({ name: 'risk_batch_failures_total', help: 'Batches whose transaction failed (the desk is rebuilt from the journal)' });
    this.rebuilds = metrics.counter({ name: 'risk_desk_rebuilds_total', help: 'Desk rebuilds from the journal after a failed batch' });
  }

  batchCommitted(report: BatchReport, seconds: number, journalLength: number): void {
    this.batchSize.observe(report.outcomes.length);
    this.commitLatency.observe(seconds);
    this.journal.set(journalLength);
    for (const effects of report.effects) {
      for (const { envelope } of effects.published) {
        if (envelope.type === 'risk.decision') {
          const decision = envelope.payload as PayloadOf<'risk.decision'>;
          this.decisions.inc({ decision: decision.decision, reason_code: decision.reasonCode ?? 'APPROVED' });
        } else if (envelope.type === 'risk.state') {
          this.state.set(STATE_VALUE[(envelope.payload as PayloadOf<'risk.state'>).state]);
        }
      }
    }
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
}

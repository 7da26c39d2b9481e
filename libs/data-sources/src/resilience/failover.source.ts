// Market data from several sources in priority order: each request goes to the
// first source whose breaker lets it through; a failure (error or invalid
// bars, after that source's own retries) moves to the next. The answer says
// which source served it, and listeners see every attempt with its latency so
// the service can export failovers and per-source latency as metrics.
import type { Clock } from '@trading/domain';
import {
  assertValidRequest,
  describeRequest,
  type BarRequest,
  type FetchOptions,
  type MarketDataSource,
  type SourceResult,
} from '../sources/market-data-source.port';
import { asSourceError, SourceError, type SourceErrorKind } from '../sources/source.error';

/** A member of the chain: a source that can say whether it is worth asking now (its breaker). */
export interface GuardedSource extends MarketDataSource {
  isAvailable(): boolean;
}

export type AttemptOutcome = 'served' | 'failed' | 'skipped';

export interface AttemptRecord {
  readonly source: string;
  readonly outcome: AttemptOutcome;
  /** Time spent on the source, retries included (0 when skipped). */
  readonly latencyMs: number;
  readonly error?: SourceError;
}

export interface FailoverResult extends SourceResult {
  /** Every source considered, in order, up to the one that served. */
  readonly attempts: readonly AttemptRecord[];
}

export interface FailoverListener {
  onAttempt?(attempt: AttemptRecord, request: BarRequest): void;
  /** A request moved from `from` to the next source because `from` failed or was skipped. */
  onFailover?(event: FailoverEvent): void;
}

export interface FailoverEvent {
  readonly from: string;
  /** Why `from` did not serve ("circuit-open" when its breaker made the chain skip it). */
  readonly kind: SourceErrorKind;
  readonly reason: string;
  readonly request: BarRequest;
}

export interface SourceStats {
  readonly served: number;
  readonly failed: number;
  readonly skipped: number;
  /** Sum of latencies of served and failed attempts, ms. */
  readonly latencyMsTotal: number;
}

export class AllSourcesFailedError extends SourceError {
  constructor(
    name: string,
    request: BarRequest,
    readonly attempts: readonly AttemptRecord[],
  ) {
    const detail = attempts.map((a) => (a.error ? a.error.message : `${a.source}: ${a.outcome}`)).join(' | ');
    super(name, 'unavailable', `no source served ${describeRequest(request)}: ${detail}`, { retryable: false });
    this.name = 'AllSourcesFailedError';
  }
}

export class FailoverSource implements MarketDataSource {
  private readonly listeners: FailoverListener[] = [];
  private readonly stats = new Map<string, { served: number; failed: number; skipped: number; latencyMsTotal: number }>();

  constructor(
    private readonly members: readonly GuardedSource[],
    private readonly clock: Clock,
    readonly name = 'failover',
  ) {
    if (members.length === 0) throw new RangeError('FailoverSource needs at least one source');
    const names = members.map((m) => m.name);
    const repeated = names.find((n, i) => names.indexOf(n) !== i);
    if (repeated !== undefined) throw new RangeError(`FailoverSource sources need distinct names, "${repeated}" appears twice`);
    for (const member of members) this.stats.set(member.name, { served: 0, failed: 0, skipped: 0, latencyMsTotal: 0 });
  }

  addListener(listener: FailoverListener): void {
    this.listeners.push(listener);
  }

  /** Counts per source since start, in priority order. */
  statistics(): ReadonlyArray<{ readonly source: string } & SourceStats> {
    return this.members.map((m) => ({ source: m.name, ...(this.stats.get(m.name) as SourceStats) }));
  }

  async fetchBars(request: BarRequest, options: FetchOptions = {}): Promise<FailoverResult> {
    assertValidRequest(request);
    const attempts: AttemptRecord[] = [];
    for (const member of this.members) {
      if (options.signal?.aborted) throw new SourceError(this.name, 'aborted', `caller aborted ${describeRequest(request)}`, { retryable: false });
      if (!member.isAvailable()) {
        this.record({ source: member.name, outcome: 'skipped', latencyMs: 0 }, request, attempts);
        continue;
      }
      const started = this.clock.now();
      try {
        const result = await member.fetchBars(request, options);
        const attempt: AttemptRecord = { source: member.name, outcome: 'served', latencyMs: this.clock.now() - started };
        this.record(attempt, request, attempts);
        return { ...result, source: member.name, attempts };
      } catch (thrown) {
        const error = asSourceError(member.name, thrown);
        // Only our caller's abort ends the chain; an "aborted" the source met on its own (a request it
        // shared with another caller who gave up) is a failure like any other.
        if (error.kind === 'aborted' && options.signal?.aborted) throw error;
        const attempt: AttemptRecord = { source: member.name, outcome: 'failed', latencyMs: this.clock.now() - started, error };
        this.record(attempt, request, attempts);
      }
    }
    throw new AllSourcesFailedError(this.name, request, attempts);
  }

  private record(attempt: AttemptRecord, request: BarRequest, attempts: AttemptRecord[]): void {
    attempts.push(attempt);
    const stats = this.stats.get(attempt.source);
    if (stats) {
      stats[attempt.outcome] += 1;
      stats.latencyMsTotal += attempt.latencyMs;
    }
    for (const listener of this.listeners) {
      listener.onAttempt?.(attempt, request);
      if (attempt.outcome !== 'served') {
        const kind = attempt.error?.kind ?? 'circuit-open';
        listener.onFailover?.({ from: attempt.source, kind, reason: attempt.error?.message ?? 'breaker open', request });
      }
    }
  }
}

// The risk service's unit of work: a batch of envelopes handled through the
// desk IN ORDER in ONE transaction (group commit). Per message the inbox
// skips an id already handled (in an earlier batch or earlier in this one);
// the desk decides; what it did goes to the tables; what it published goes to
// the outbox; the messages it used are appended to the journal. If the
// transaction fails, the in-memory desk is ahead of the database: it is
// rebuilt from the journal before the next batch. In a lockstep replay the
// desk sits behind its input gate (./lockstep-gate): held messages are
// journaled but reach the desk only with the step's release.
import { derivedId, type Envelope, MessageFactory } from '@trading/contracts';
import { type Clock, ManualClock, SeededRandom } from '@trading/domain';
import { Inbox, Journal, Outbox } from '@trading/persistence';
import type { DataSource } from 'typeorm';
import { RISK_CONSUMER, restoreDesk } from './desk-restore';
import type { InputGate, LockstepGateOptions } from './lockstep-gate';
import type { MessageEffects, RiskDeskSettings, RiskRuntime } from './risk-runtime';
import { RiskTablesReader } from '../store/risk-tables.reader';
import { RiskTablesWriter } from '../store/risk-tables.writer';

export interface MessageOutcome {
  readonly id: string;
  readonly outcome: 'handled' | 'held' | 'ignored' | 'refused' | 'duplicate';
  /** Why a refused message is dead-lettered. */
  readonly reason?: string;
  /** What its handling put in the outbox (a release's: what the messages it released published); none for a duplicate. */
  readonly produced: readonly Envelope[];
  /** Messages held for a release once it was handled (always 0 outside a lockstep replay). */
  readonly held: number;
}

export interface BatchReport {
  readonly outcomes: readonly MessageOutcome[];
  /** Effects of the messages handled, in order. */
  readonly effects: readonly MessageEffects[];
}

/** Told what each committed or failed batch did (metrics, logs). */
export interface RiskDeskObserver {
  batchCommitted?(report: BatchReport, seconds: number, journalLength: number): void;
  batchFailed?(error: unknown, size: number): void;
  rebuilt?(replayed: number): void;
}

export interface RiskDeskServiceOptions {
  readonly dataSource: DataSource;
  readonly schema: string;
  readonly settings: RiskDeskSettings;
  /** Wall clock of the inbox/journal/outbox stamps (not of decisions: those take market time). */
  readonly clock: Clock;
  readonly observer?: RiskDeskObserver;
  /** Monotonic milliseconds for commit latency. */
  readonly monotonicMs?: () => number;
  /** A lockstep replay: hold the held types until a flow.release for `lockstep.queue` (see ./lockstep-gate). Off when absent. */
  readonly lockstep?: LockstepGateOptions;
  /**
   * The first start's market history (../warm-up/risk-warm-up): asked for only
   * when the journal is empty, and handled as one batch before the start's
   * snapshot request, so a restart replays it and a crash before it commits
   * leaves nothing half warm. Cold when absent.
   */
  readonly warmUp?: () => Promise<readonly Envelope[]>;
}

export class RiskDeskService {
  private readonly inbox: Inbox;
  private readonly journal: Journal;
  private readonly outbox: Outbox;
  readonly reader: RiskTablesReader;
  private readonly writer: RiskTablesWriter;
  private readonly requests = new MessageFactory({ clock: new ManualClock(0), random: new SeededRandom(1), producer: 'risk' });
  private gate: InputGate;
  /** True after a failed transaction: the desk may be ahead of the database. */
  private stale = false;
  private journalLength: number;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly options: RiskDeskServiceOptions,
    gate: InputGate,
    journalLength: number,
  ) {
    const { clock, schema } = options;
    this.inbox = new Inbox({ clock, schema });
    this.journal = new Journal({ clock, schema });
    this.outbox = new Outbox({ clock, schema });
    this.reader = new RiskTablesReader(options.dataSource, schema);
    this.writer = new RiskTablesWriter(schema);
    this.gate = gate;
    this.journalLength = journalLength;
  }

  /**
   * Rebuilds the desk from the journal (checked against the positions table),
   * warms it up on a first start, then starts it fail-closed: a
   * venue.snapshot-request goes out and no new exposure is taken until a
   * snapshot agrees with the book.
   */
  static async open(options: RiskDeskServiceOptions): Promise<RiskDeskService> {
    const journal = new Journal({ clock: options.clock, schema: options.schema });
    const reader = new RiskTablesReader(options.dataSource, options.schema);
    const restored = await restoreDesk(options.dataSource, journal, reader, options.settings, options.lockstep);
    const service = new RiskDeskService(options, restored.gate, restored.replayed);
    const { runtime } = restored.gate;
    if (!restored.resumed) {
      await options.dataSource.transaction((manager) => service.writer.seedLimits(manager, JSON.stringify(runtime.settings.limits), runtime.host.now()));
    }
    if (restored.replayed === 0 && options.warmUp !== undefined) {
      const history = await options.warmUp();
      if (history.length > 0) await service.handleHistory(history);
    }
    await service.start();
    return service;
  }

  /** The desk as it stands (read API, health): never ahead of the database between batches. */
  get desk(): RiskRuntime {
    return this.gate.runtime;
  }

  /** Messages a lockstep replay holds for its next release. */
  get heldCount(): number {
    return this.gate.heldCount;
  }

  get journalEntries(): number {
    return this.journalLength;
  }

  /** Whether new exposure is refused (not reconciled with the venue). */
  get failClosed(): boolean {
    return this.desk.host.desk.exposureGate !== null;
  }

  /** Handles `envelopes` in order in one transaction; batches run one after another. */
  handleBatch(envelopes: readonly Envelope[]): Promise<BatchReport> {
    const run = this.queue.then(() => this.runBatch(envelopes));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * The warm-up's bars, in one batch: journaled and recorded in the inbox like
   * any input, but what the desk did on them (a breaker tripped and reset in
   * last month's data) is history, not news: nothing is published or written
   * to the tables. The start's announcement then says where the desk stands.
   */
  private handleHistory(envelopes: readonly Envelope[]): Promise<BatchReport> {
    const run = this.queue.then(() => this.runBatch(envelopes, true));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async start(): Promise<void> {
    const now = this.desk.host.now();
    const request = this.requests.create(
      'venue.snapshot-request',
      { requestedBy: 'risk', reason: 'the risk service started: its book must agree with the venue before it takes new exposure' },
      { id: derivedId(`risk-start:${this.journalLength}`, 'risk/venue.snapshot-request', now), occurredAt: now },
    );
    await this.handleBatch([request]);
  }

  private async runBatch(envelopes: readonly Envelope[], history = false): Promise<BatchReport> {
    if (this.stale) await this.rebuild();
    const started = this.options.monotonicMs?.() ?? 0;
    let journaled = 0;
    try {
      const report = await this.options.dataSource.transaction(async (manager) => {
        const outcomes: MessageOutcome[] = [];
        const effects: MessageEffects[] = [];
        const journaling: Envelope[] = [];
        // One statement records the whole batch in the inbox (a redelivered or repeated id comes back a duplicate).
        const firstSeen = await this.inbox.recordAll(manager, RISK_CONSUMER, envelopes.map((envelope) => envelope.id));
        for (let index = 0; index < envelopes.length; index++) {
          const envelope = envelopes[index];
          const seen = firstSeen[index];
          const handled: MessageEffects[] = seen === 'processed' ? this.gate.handle(envelope) : [];
          const [own] = handled;
          if (seen === 'duplicate' || own === undefined) {
            outcomes.push({ id: envelope.id, outcome: 'duplicate', produced: [], held: this.gate.heldCount });
            continue;
          }
          // The gate's inputs are journaled (what a restart replays through it): the message itself, held or handled.
          if (own.outcome === 'handled' || own.outcome === 'held') journaling.push(own.envelope);
          const produced = history ? [] : handled.flatMap((effect) => effect.published.map((published) => published.envelope));
          outcomes.push({ id: envelope.id, outcome: own.outcome, ...(own.refusal === undefined ? {} : { reason: own.refusal }), produced, held: this.gate.heldCount });
          if (!history) effects.push(...handled);
        }
        journaled = journaling.length;
        await this.journal.appendAll(manager, RISK_CONSUMER, journaling);
        const runtime = this.desk;
        const book = runtime.host.desk.book;
        await this.writer.write(manager, effects, { cash: book.cash, initialCash: runtime.settings.initialCash, at: runtime.host.now() });
        for (const effect of effects) for (const { topic, envelope } of effect.published) await this.outbox.enqueue(manager, topic, envelope);
        return { outcomes, effects };
      });
      this.journalLength += journaled;
      const seconds = ((this.options.monotonicMs?.() ?? 0) - started) / 1000;
      // Committed: an observer's failure must not mark the desk stale.
      try {
        this.options.observer?.batchCommitted?.(report, seconds, this.journalLength);
      } catch {
        // Metrics and logs are best effort.
      }
      return report;
    } catch (error) {
      this.stale = true;
      this.options.observer?.batchFailed?.(error, envelopes.length);
      throw error;
    }
  }

  /** A fresh desk from the journal: what the database says happened, nothing more. */
  private async rebuild(): Promise<void> {
    const restored = await restoreDesk(this.options.dataSource, this.journal, this.reader, this.options.settings, this.options.lockstep);
    this.gate = restored.gate;
    this.journalLength = restored.replayed;
    this.stale = false;
    this.options.observer?.rebuilt?.(restored.replayed);
  }
}

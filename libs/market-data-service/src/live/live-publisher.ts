// Commits what one live poll found, in ONE transaction: the new bars into the
// OHLCV store, their findings, bars and quotes into the outbox (the relay
// publishes them after the commit), and the series' cursor moved to the newest
// row read. A crash before the commit leaves nothing, and the next poll reads
// the same rows again; after it, the relay delivers what was committed. The
// cursor row is locked first, so two replicas polling one series commit each
// bar once. Outbox rows of a symbol share one stream: its bars, of every
// timeframe, and each bar's quote reach the bus in the order they were written.
import type { MessageFactory } from '@trading/contracts';
import type { Bar, Clock, Quote } from '@trading/domain';
import { Outbox } from '@trading/persistence';
import type { DataSource } from 'typeorm';
import type { LiveSeries } from '../market-data.config';
import { barMessage, quoteMessage } from '../publishing/bar-messages';
import { findingMessage } from '../publishing/finding-message';
import { OhlcvBarRepository } from '../store/ohlcv-bar.repository';
import type { LiveFinding } from './live-batch';
import { LiveCursorRepository } from './live-cursor.repository';

export interface LivePublisherDependencies {
  readonly dataSource: DataSource;
  readonly schema: string;
  /** Ids of data-quality findings (bars and quotes take ids derived from the bars). */
  readonly messages: MessageFactory;
  /** Wall clock: when outbox rows and cursors were written. */
  readonly clock: Clock;
}

export interface LiveCommit {
  readonly series: LiveSeries;
  readonly source: string;
  /** Bars to store, oldest first. */
  readonly store: readonly Bar[];
  /** Bars to announce (the newest of `store`, or all of them). */
  readonly publish: readonly Bar[];
  /** Whether the series' bars are followed by quotes (its symbol's finest timeframe). */
  readonly quotes: boolean;
  readonly findings: readonly LiveFinding[];
  /** Start time of the newest row read: the cursor after the commit. */
  readonly through: number;
}

export interface LiveCommitted {
  readonly bars: readonly Bar[];
  readonly quotes: readonly Quote[];
  readonly findings: readonly LiveFinding[];
  readonly cursor: number;
}

export class LivePublisher {
  private readonly outbox: Outbox;
  readonly cursors: LiveCursorRepository;

  constructor(private readonly deps: LivePublisherDependencies) {
    this.outbox = new Outbox({ clock: deps.clock, schema: deps.schema });
    this.cursors = new LiveCursorRepository(deps.dataSource, { schema: deps.schema });
  }

  async commit(batch: LiveCommit): Promise<LiveCommitted> {
    const { symbol, timeframe } = batch.series;
    return this.deps.dataSource.transaction(async (manager) => {
      const cursor = await this.cursors.lock(manager, symbol, timeframe);
      // Another replica committed these rows while this one was reading them.
      if (cursor !== undefined && cursor >= batch.through) return { bars: [], quotes: [], findings: [], cursor };
      const isNew = (time: number | null): boolean => cursor === undefined || time === null || time > cursor;
      const store = batch.store.filter((bar) => isNew(bar.time));
      if (store.length > 0) await new OhlcvBarRepository(manager, { schema: this.deps.schema }).upsertBars(store);
      const streamKey = `market-data:${symbol}`;
      const findings = batch.findings.filter((finding) => isNew(finding.time));
      for (const finding of findings) {
        const message = findingMessage(this.deps.messages, symbol, timeframe, batch.source, finding);
        await this.outbox.enqueue(manager, message.topic, message.envelope, { streamKey });
      }
      const bars = batch.publish.filter((bar) => isNew(bar.time));
      const quotes: Quote[] = [];
      for (const bar of bars) {
        const published = barMessage(this.deps.messages, bar);
        await this.outbox.enqueue(manager, published.topic, published.envelope, { streamKey });
        if (!batch.quotes) continue;
        const quote = quoteMessage(this.deps.messages, bar, published.envelope);
        await this.outbox.enqueue(manager, quote.topic, quote.envelope, { streamKey });
        quotes.push(quote.quote);
      }
      await this.cursors.advance(manager, symbol, timeframe, batch.through, this.deps.clock.now());
      return { bars, quotes, findings, cursor: batch.through };
    });
  }
}

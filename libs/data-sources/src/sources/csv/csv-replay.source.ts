// Shipped or imported bar files as a market-data source: the file is read and
// validated once (by the file importer in ../../files), then windows are cut
// from its columns by binary search. Coarser timeframes are built from the
// file's bars when the file's timeframe divides them; finer ones are refused.
import { barAt, canResample, type Bar, type BarColumns } from '@trading/domain';
import { importBarFile, type BarFileOptions } from '../../files/bar-file.reader';
import type { ValidationOptions } from '../../validation/bar.validator';
import { aggregateBars, alignedToBuckets } from '../bar-aggregation';
import {
  assertValidRequest,
  describeRequest,
  type BarRequest,
  type FetchOptions,
  type MarketDataSource,
  type SourceResult,
} from '../market-data-source.port';
import { SourceError } from '../source.error';

export class CsvReplaySource implements MarketDataSource {
  private loaded: Promise<BarColumns> | undefined;

  constructor(
    readonly name: string,
    private readonly load: () => Promise<BarColumns>,
  ) {}

  /** A source over one bar file (plain or gzip; layout detected by the importer). */
  static fromFile(path: string, options: BarFileOptions & ValidationOptions & { readonly name?: string } = {}): CsvReplaySource {
    return new CsvReplaySource(options.name ?? `file:${path.split('/').pop() ?? path}`, async () => (await importBarFile(path, options)).columns);
  }

  async fetchBars(request: BarRequest, options: FetchOptions = {}): Promise<SourceResult> {
    assertValidRequest(request);
    const columns = await this.columns();
    if (options.signal?.aborted) throw new SourceError(this.name, 'aborted', `caller aborted ${describeRequest(request)}`, { retryable: false });
    if (request.symbol !== columns.symbol) {
      throw new SourceError(this.name, 'rejected', `holds ${columns.symbol} only, asked for ${request.symbol}`);
    }
    if (request.timeframe === columns.timeframe) {
      return { source: this.name, bars: sliceBars(columns, request.from, request.to), dropped: [] };
    }
    if (!canResample(columns.timeframe, request.timeframe)) {
      throw new SourceError(this.name, 'unsupported', `holds ${columns.timeframe} bars, cannot build ${request.timeframe} from them`);
    }
    const whole = alignedToBuckets(request);
    const bars = aggregateBars(sliceBars(columns, whole.from, whole.to), request.timeframe).filter(
      (bar) => bar.time >= request.from && bar.time < request.to,
    );
    return { source: this.name, bars, dropped: [] };
  }

  private columns(): Promise<BarColumns> {
    this.loaded ??= this.load().catch((error: unknown) => {
      // A failed read is not remembered: the next request tries again.
      this.loaded = undefined;
      throw new SourceError(this.name, 'unavailable', error instanceof Error ? error.message : String(error), { retryable: false, cause: error });
    });
    return this.loaded;
  }
}

/** Bars with time in [from, to), found by binary search on the sorted time column. */
function sliceBars(columns: BarColumns, from: number, to: number): Bar[] {
  const start = lowerBound(columns.time, columns.length, from);
  const end = lowerBound(columns.time, columns.length, to);
  const bars: Bar[] = new Array(Math.max(0, end - start));
  for (let i = start; i < end; i++) bars[i - start] = barAt(columns, i);
  return bars;
}

function lowerBound(times: Float64Array, length: number, value: number): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (times[mid] < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

// Loads bar files for a replay: each goes through the importer, the validator
// and its policy, so only bars that passed reach the bus, and every finding is
// kept to be announced on `market.data-quality`.
import { importBarFile, type BarFileImport } from '@trading/data-sources/files';
import type { ReplayFeed } from '../replay/bar-replay';

export interface FeedFileOptions {
  readonly symbol?: string;
  readonly timeframe?: string;
  readonly tz?: string;
}

export interface LoadedFeed extends ReplayFeed {
  readonly path: string;
  readonly import: BarFileImport;
}

export async function loadFeedFiles(paths: readonly string[], options: FeedFileOptions = {}): Promise<LoadedFeed[]> {
  if (paths.length === 0) throw new Error('no bar files to replay');
  const feeds: LoadedFeed[] = [];
  for (const path of paths) {
    const loaded = await importBarFile(path, { symbol: options.symbol, timeframe: options.timeframe, tz: options.tz });
    feeds.push({
      path,
      import: loaded,
      columns: loaded.columns,
      source: 'csv',
      findings: loaded.report.findings,
    });
  }
  return feeds;
}

/** Splits a comma-separated list of files from configuration. */
export function splitFileList(list: string | undefined): string[] {
  return (list ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
}

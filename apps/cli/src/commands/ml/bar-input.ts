// Reads the bars or the features file a `trading ml` command was pointed at,
// turning a file problem into one line naming the flag.
import { type BarFileImport, importBarFile } from '@trading/data-sources';
import type { BarColumns } from '@trading/domain';
import { type BarDataset, type TripleBarrierOptions, labelBars } from '@trading/ml';
import { type FeaturesCsv, readFeaturesCsv } from '@trading/ml-runtime';
import { type BarFileFlags, checkBarFileFlags } from '../../bar-file-flags';
import { CliError } from '../../cli-error';
import { logLine } from '../../output';

export interface LabelledBars {
  readonly bars: BarColumns;
  readonly dataset: BarDataset;
  readonly symbol: string;
  readonly timeframe: string;
}

export async function labelledBarsFrom(path: string, flags: BarFileFlags, labelling: TripleBarrierOptions): Promise<LabelledBars> {
  checkBarFileFlags(flags);
  let imported: BarFileImport;
  try {
    imported = await importBarFile(path, { symbol: flags.symbol, timeframe: flags.tf, tz: flags.tz });
  } catch (error) {
    throw new CliError(`--data: ${(error instanceof Error ? error.message : String(error)).replace('pass them explicitly', 'pass --symbol and --tf')}`);
  }
  const { columns, report } = imported;
  if (report.dropped + report.rejected > 0) logLine(`${path}: ${report.dropped} rows dropped and ${report.rejected} rejected by validation (see \`trading data check\`)`);
  if (columns.length === 0) throw new CliError(`--data: ${path} holds no bars`);
  return { bars: columns, dataset: labelBars(columns, labelling), symbol: columns.symbol, timeframe: columns.timeframe };
}

export function featuresFileFrom(path: string): FeaturesCsv {
  try {
    return readFeaturesCsv(path);
  } catch (error) {
    throw new CliError(`--features: ${(error as Error).message}`);
  }
}

// `trading ml features`: the feature pipeline and triple-barrier labels over a
// bar file, written as the features CSV that `ml train --features` (and any
// other library) can train on.
import { writeFeaturesCsv } from '@trading/ml-runtime';
import { labelledRows } from '@trading/ml';
import { CliError } from '../../cli-error';
import { printJson, printText } from '../../output';
import type { BarFileFlags } from '../../bar-file-flags';
import { labelledBarsFrom } from './bar-input';
import { type LabelFlags, labellingFromFlags } from './ml-flags';

interface FeaturesFlags extends BarFileFlags, LabelFlags {
  readonly data: string;
  readonly out: string;
  readonly json?: boolean;
}

export async function mlFeatures(flags: FeaturesFlags): Promise<void> {
  if (!flags.out.toLowerCase().endsWith('.csv')) throw new CliError(`--out: expected a path ending in .csv, got "${flags.out}"`);
  const labelling = labellingFromFlags(flags);
  const { dataset, symbol, timeframe } = await labelledBarsFrom(flags.data, flags, labelling);
  try {
    writeFeaturesCsv(flags.out, dataset.table);
  } catch (error) {
    throw new CliError(`--out: cannot write ${flags.out}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const labels = dataset.table.label;
  const counts = { SHORT: 0, NEUTRAL: 0, LONG: 0 };
  for (const i of labelledRows(dataset.table)) counts[labels[i] < 0 ? 'SHORT' : labels[i] > 0 ? 'LONG' : 'NEUTRAL']++;
  const summary = {
    data: flags.data,
    out: flags.out,
    symbol,
    timeframe,
    bars: dataset.table.rows,
    featureSet: { name: dataset.descriptor.name, version: dataset.descriptor.version },
    features: dataset.descriptor.names.length,
    lookback: dataset.lookback,
    labelling,
    labelled: counts.SHORT + counts.NEUTRAL + counts.LONG,
    labels: counts,
  };
  if (flags.json) printJson(summary);
  else printText(`${flags.out}: ${summary.bars} bars × ${summary.features} features; ${summary.labelled} labelled (SHORT ${counts.SHORT}, NEUTRAL ${counts.NEUTRAL}, LONG ${counts.LONG})`);
}

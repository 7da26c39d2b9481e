// Batch features: the pipeline run over every bar of a series, one row per
// bar, row-major (the layout the trainer and ONNX take).
import type { BarColumns } from '@trading/domain';
import type { FeatureBar } from './feature-group';
import { FeaturePipeline } from './feature-pipeline';
import type { FeatureSetDescriptor } from './feature-set';

export interface FeatureMatrix {
  readonly descriptor: FeatureSetDescriptor;
  readonly rows: number;
  readonly columns: number;
  /** rows × columns, row-major; NaN marks a missing value. */
  readonly values: Float64Array;
  /** Start time of each row's bar (UTC ms). */
  readonly time: Float64Array;
  /** First row at which every feature can be defined. */
  readonly lookback: number;
}

/** A bar object refilled in place, so the batch path allocates nothing per bar. */
class ColumnCursor implements FeatureBar {
  time = 0;
  open = 0;
  high = 0;
  low = 0;
  close = 0;
  volume = 0;
  spread = 0;

  constructor(private readonly bars: BarColumns) {}

  moveTo(i: number): this {
    const b = this.bars;
    this.time = b.time[i];
    this.open = b.open[i];
    this.high = b.high[i];
    this.low = b.low[i];
    this.close = b.close[i];
    this.volume = b.volume[i];
    this.spread = b.spread[i];
    return this;
  }
}

export function computeFeatures(bars: BarColumns): FeatureMatrix {
  const pipeline = new FeaturePipeline({ symbol: bars.symbol, timeframe: bars.timeframe });
  const columns = pipeline.names.length;
  const values = new Float64Array(bars.length * columns);
  const cursor = new ColumnCursor(bars);
  for (let i = 0; i < bars.length; i++) values.set(pipeline.update(cursor.moveTo(i)), i * columns);
  return { descriptor: pipeline.descriptor, rows: bars.length, columns, values, time: bars.time.slice(0, bars.length), lookback: pipeline.lookback };
}

/** Column `name` of the matrix as its own array. */
export function featureColumn(matrix: FeatureMatrix, name: string): Float64Array {
  const j = matrix.descriptor.names.indexOf(name);
  if (j < 0) throw new RangeError(`unknown feature "${name}"`);
  const out = new Float64Array(matrix.rows);
  for (let i = 0; i < matrix.rows; i++) out[i] = matrix.values[i * matrix.columns + j];
  return out;
}

// What an ml-inference service needs per symbol: one feature pipeline fed
// each closed bar, and a model that can be swapped while it runs. Predictions
// start once the pipeline has seen its warm-up; a new model is accepted only
// if it was trained on the same feature set (name, version and columns), is
// loaded before the old one is let go, and takes over at the next bar: the
// pipeline's state is kept, so a swap needs no history replay.
import type { Bar } from '@trading/domain';
import { FeaturePipeline, type ModelManifest, featureSetMismatch } from '@trading/ml';

/** The port a model is run through: onnxruntime in services (OnnxClassifier), anything equivalent in tests. */
export interface ClassifierRunner {
  readonly features: number;
  predict(x: Float32Array, rows: number): Promise<Float32Array>;
  close(): Promise<void>;
}

export interface LoadedModel {
  readonly manifest: ModelManifest;
  readonly runner: ClassifierRunner;
}

export interface BarPrediction {
  readonly time: number;
  readonly modelId: string;
  /** Probability per class name (SHORT, NEUTRAL, LONG). */
  readonly probabilities: Readonly<Record<string, number>>;
  /** Label of the most probable class (-1, 0, 1). */
  readonly label: number;
}

export class StreamingPredictor {
  private readonly pipeline: FeaturePipeline;
  private readonly row: Float32Array;
  private model: LoadedModel;

  constructor(market: { readonly symbol: string; readonly timeframe: Bar['timeframe'] }, model: LoadedModel) {
    this.pipeline = new FeaturePipeline(market);
    this.row = new Float32Array(this.pipeline.names.length);
    this.model = this.accept(model);
  }

  get modelId(): string {
    return this.model.manifest.id;
  }

  /** Bars to feed before the first prediction. */
  get warmUpBars(): number {
    return this.pipeline.lookback + 1;
  }

  /** Feeds a closed bar; the model's prediction for it, or null during the warm-up. */
  async onBar(bar: Bar): Promise<BarPrediction | null> {
    const features = this.pipeline.update(bar);
    if (this.pipeline.barsSeen <= this.pipeline.lookback) return null;
    this.row.set(features);
    const { manifest, runner } = this.model;
    const p = await runner.predict(this.row, 1);
    const { labels, names } = manifest.classes;
    let best = 0;
    const probabilities: Record<string, number> = {};
    names.forEach((name, k) => {
      probabilities[name] = p[k];
      if (p[k] > p[best]) best = k;
    });
    return { time: bar.time, modelId: manifest.id, probabilities, label: labels[best] };
  }

  /** Replaces the model from the next bar on and closes the old one; refuses a model of other features. */
  async swapModel(next: LoadedModel): Promise<void> {
    const accepted = this.accept(next);
    const previous = this.model;
    this.model = accepted;
    if (previous.runner !== accepted.runner) await previous.runner.close();
  }

  async close(): Promise<void> {
    await this.model.runner.close();
  }

  private accept(model: LoadedModel): LoadedModel {
    const mismatch = featureSetMismatch(model.manifest.featureSet, this.pipeline.descriptor);
    if (mismatch !== null) throw new RangeError(`model ${model.manifest.id}: ${mismatch}`);
    if (model.runner.features !== this.pipeline.names.length) throw new RangeError(`model ${model.manifest.id}: takes ${model.runner.features} features, the pipeline computes ${this.pipeline.names.length}`);
    return model;
  }
}

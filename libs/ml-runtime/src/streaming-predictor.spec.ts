import { barAt } from '@trading/domain';
import { type GbdtModel, type ModelManifest, chronologicalSplit, labelBars, predictProbabilities, trainModel } from '@trading/ml';
import { readSharedBars, sharedData } from '@trading/test-support';
import { type ClassifierRunner, StreamingPredictor } from './streaming-predictor';

// The TypeScript model stands in for onnxruntime (which cannot run inside Jest's sandbox);
// onnx-classifier.spec.ts shows the two agree to 1e-6 on every row.
class ModelRunner implements ClassifierRunner {
  closed = false;
  constructor(
    private readonly model: GbdtModel,
    readonly features = model.features,
  ) {}
  async predict(x: Float32Array, rows: number): Promise<Float32Array> {
    return Float32Array.from(predictProbabilities(this.model, x, rows));
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

const bars = readSharedBars(sharedData.eurusdH1(), 'EURUSD', 'H1');
const { table, descriptor, labelling } = labelBars(bars);
const split = chronologicalSplit(table);

function trained(rounds: number): { manifest: ModelManifest; model: GbdtModel } {
  const run = trainModel({ table, featureSet: descriptor, labelling, source: { data: 'h1', symbol: 'EURUSD', timeframe: 'H1' }, ...split, params: { rounds } });
  return { manifest: { ...run.draft, id: `gbdt-${rounds}`, onnx: { file: 'model.onnx', bytes: 0, sha256: '', input: 'features', probabilities: 'probabilities' } }, model: run.result.model };
}

const first = trained(5);
const second = trained(8);

describe('streaming predictions, one bar at a time', () => {
  it('stays silent during the warm-up, then predicts every bar exactly as the batch features would', async () => {
    const predictor = new StreamingPredictor({ symbol: 'EURUSD', timeframe: 'H1' }, { manifest: first.manifest, runner: new ModelRunner(first.model) });
    expect(predictor.warmUpBars).toBe(200);
    const batch = predictProbabilities(first.model, Float32Array.from(table.values.subarray(0, 400 * 56)), 400);
    for (let i = 0; i < 400; i++) {
      const prediction = await predictor.onBar(barAt(bars, i));
      if (i < 199) {
        expect(prediction).toBeNull();
        continue;
      }
      expect(prediction?.modelId).toBe('gbdt-5');
      expect(prediction?.probabilities).toEqual({ SHORT: Math.fround(batch[i * 3]), NEUTRAL: Math.fround(batch[i * 3 + 1]), LONG: Math.fround(batch[i * 3 + 2]) });
      const best = [0, 1, 2].reduce((a, k) => (batch[k + i * 3] > batch[a + i * 3] ? k : a), 0);
      expect(prediction?.label).toBe(best - 1);
    }
  });

  it('swaps the model between bars without replaying history, closing the old one', async () => {
    const oldRunner = new ModelRunner(first.model);
    const predictor = new StreamingPredictor({ symbol: 'EURUSD', timeframe: 'H1' }, { manifest: first.manifest, runner: oldRunner });
    for (let i = 0; i < 300; i++) await predictor.onBar(barAt(bars, i));
    await predictor.swapModel({ manifest: second.manifest, runner: new ModelRunner(second.model) });
    expect(oldRunner.closed).toBe(true);
    const prediction = await predictor.onBar(barAt(bars, 300));
    const expected = predictProbabilities(second.model, Float32Array.from(table.values.subarray(300 * 56, 301 * 56)), 1);
    expect(prediction?.modelId).toBe('gbdt-8');
    expect(prediction?.probabilities.LONG).toBe(Math.fround(expected[2]));
  });

  it('refuses a model trained on another feature set, keeping the one it runs', async () => {
    const runner = new ModelRunner(first.model);
    const predictor = new StreamingPredictor({ symbol: 'EURUSD', timeframe: 'H1' }, { manifest: first.manifest, runner });
    const other = { ...second.manifest, featureSet: { ...second.manifest.featureSet, version: 2 } };
    await expect(predictor.swapModel({ manifest: other, runner: new ModelRunner(second.model) })).rejects.toThrow('model gbdt-8: the model needs feature set fx-technical v2, the pipeline computes fx-technical v1');
    expect(runner.closed).toBe(false);
    expect(predictor.modelId).toBe('gbdt-5');
    expect(() => new StreamingPredictor({ symbol: 'EURUSD', timeframe: 'H1' }, { manifest: first.manifest, runner: new ModelRunner(first.model, 10) })).toThrow('model gbdt-5: takes 10 features, the pipeline computes 56');
  });
});

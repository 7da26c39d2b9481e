// Runs an exported tree-ensemble classifier in onnxruntime (the CPU binding
// bundled with onnxruntime-node): float32 feature rows in, class
// probabilities out. One intra-op thread by default: the trees are small, a
// thread pool costs more than it saves on one row, and results stay the same
// from run to run. onnxruntime-node (a native binding) is loaded on the first
// `load`, so importing this library costs nothing to commands that never run a model.
import type { InferenceSession } from 'onnxruntime-node';
import { ONNX_INPUT, ONNX_PROBABILITY_OUTPUT } from '@trading/ml';

export interface OnnxClassifierOptions {
  /** onnxruntime intra-op threads; default 1. */
  readonly threads?: number;
}

export class OnnxClassifier {
  private constructor(
    private readonly session: InferenceSession,
    private readonly runtime: typeof import('onnxruntime-node'),
    /** Features per row the model takes. */
    readonly features: number,
    readonly classes: number,
  ) {}

  /** Loads a model from its bytes; the feature and class counts come from its declared shapes. */
  static async load(bytes: Uint8Array, options: OnnxClassifierOptions = {}): Promise<OnnxClassifier> {
    const threads = options.threads ?? 1;
    if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be a whole number >= 1, got ${threads}`);
    const runtime = await import('onnxruntime-node');
    let session: InferenceSession;
    try {
      session = await runtime.InferenceSession.create(bytes, { intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all', logSeverityLevel: 3 });
    } catch (error) {
      throw new RangeError(`onnxruntime cannot load the model: ${error instanceof Error ? error.message : String(error)}`);
    }
    const features = declaredDimension(session, 'input', ONNX_INPUT, 1);
    const classes = declaredDimension(session, 'output', ONNX_PROBABILITY_OUTPUT, 1);
    return new OnnxClassifier(session, runtime, features, classes);
  }

  /** Probabilities (rows × classes, row-major) of `rows` rows of float32 features (NaN = missing). */
  async predict(x: Float32Array, rows: number): Promise<Float32Array> {
    if (!Number.isInteger(rows) || rows < 1 || x.length !== rows * this.features) {
      throw new RangeError(`expected ${rows} rows × ${this.features} features = ${rows * this.features} values, got ${x.length}`);
    }
    const input = new this.runtime.Tensor('float32', x, [rows, this.features]);
    const output = await this.session.run({ [ONNX_INPUT]: input }, [ONNX_PROBABILITY_OUTPUT]);
    return output[ONNX_PROBABILITY_OUTPUT].data as Float32Array;
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}

function declaredDimension(session: InferenceSession, kind: 'input' | 'output', name: string, axis: number): number {
  const metadata = (kind === 'input' ? session.inputMetadata : session.outputMetadata).find((m) => m.name === name);
  const shape = metadata && metadata.isTensor ? metadata.shape : undefined;
  const size = shape?.[axis];
  if (typeof size !== 'number') throw new RangeError(`the model has no ${kind} "${name}" with a fixed dimension ${axis}`);
  return size;
}

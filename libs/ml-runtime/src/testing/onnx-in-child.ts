// Runs OnnxClassifier in a child Node process, for specs. Inside Jest's module
// sandbox onnxruntime-node cannot run a model: its native binding returns
// typed arrays of the main realm, which onnxruntime-common (loaded in the
// sandbox) rejects as not being a Float32Array. The child is a plain process,
// as the CLI and the services are.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..', '..', '..');
const HOOK = join(ROOT, 'apps', 'cli', 'bin', 'swc-hook.js');
const CHILD = join(__dirname, 'onnx-predict.child.ts');

export interface ChildPrediction {
  readonly features: number;
  readonly classes: number;
  readonly probabilities: Float32Array;
}

/** Probabilities of `rows` rows from onnxruntime, or the child's error message as a thrown Error. */
export function onnxPredictInChild(model: Uint8Array, x: Float32Array, rows: number): ChildPrediction {
  const dir = mkdtempSync(join(tmpdir(), 'trading-onnx-child-'));
  try {
    const modelPath = join(dir, 'model.onnx');
    const rowsPath = join(dir, 'rows.f32');
    const outPath = join(dir, 'out.f32');
    writeFileSync(modelPath, model);
    writeFileSync(rowsPath, Buffer.from(x.buffer, x.byteOffset, x.byteLength));
    const child = spawnSync(process.execPath, ['-r', HOOK, CHILD, modelPath, rowsPath, String(rows), outPath], { encoding: 'utf8', timeout: 120_000 });
    if (child.status !== 0) throw new Error(child.stderr || `the onnxruntime child exited with ${child.status}`);
    const shape = JSON.parse(child.stdout) as { features: number; classes: number };
    const bytes = readFileSync(outPath);
    return { ...shape, probabilities: new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

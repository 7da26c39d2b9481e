// Child-process side of onnxPredictInChild: loads the model with
// OnnxClassifier, predicts the rows of a float32 file and writes the
// probabilities (float32) next to it, then prints {features, classes}.
// Usage: node -r apps/cli/bin/swc-hook.js onnx-predict.child.ts <model.onnx> <rows.f32> <count> <out.f32>
import { readFileSync, writeFileSync } from 'node:fs';
import { OnnxClassifier } from '../onnx-classifier';

async function main(): Promise<void> {
  const [modelPath, rowsPath, count, outPath] = process.argv.slice(2);
  const classifier = await OnnxClassifier.load(readFileSync(modelPath));
  try {
    const bytes = readFileSync(rowsPath);
    const rows = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    const probabilities = await classifier.predict(rows, Number(count));
    writeFileSync(outPath, Buffer.from(probabilities.buffer, probabilities.byteOffset, probabilities.byteLength));
    process.stdout.write(JSON.stringify({ features: classifier.features, classes: classifier.classes }));
  } finally {
    await classifier.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});

// A trained model on disk: <out>/<id>/model.onnx (what onnxruntime runs),
// model.json (its manifest) and report.html. The id is a content hash of the
// ONNX model without the id in it, so the same training run gives the same id
// and the same bytes; the manifest records the ONNX file's SHA-256, checked
// on every read so a manifest never describes another file.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type GbdtModel, type ManifestDraft, type ModelManifest, ONNX_INPUT, ONNX_PROBABILITY_OUTPUT, exportOnnx, parseModelManifest } from '@trading/ml';

export const MANIFEST_FILE = 'model.json';
export const ONNX_FILE = 'model.onnx';
export const REPORT_FILE = 'report.html';

export interface WrittenModel {
  readonly manifest: ModelManifest;
  readonly dir: string;
  readonly manifestPath: string;
  readonly onnxPath: string;
  readonly onnxBytes: Uint8Array;
}

export interface WriteModelOptions {
  readonly producerVersion: string;
  /** Renders report.html from the finished manifest; no report when absent. */
  readonly report?: (manifest: ModelManifest) => string;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The ONNX bytes of a model with its manifest facts in the metadata. */
export function exportModelOnnx(model: GbdtModel, draft: ManifestDraft, producerVersion: string, id?: string): Uint8Array {
  const metadata: Record<string, string> = {
    'trading.format': `${draft.format} v${draft.formatVersion}`,
    'trading.feature_set': JSON.stringify({ name: draft.featureSet.name, version: draft.featureSet.version }),
    'trading.features': JSON.stringify(draft.featureSet.names),
    'trading.classes': JSON.stringify(draft.classes),
  };
  if (id !== undefined) metadata['trading.model_id'] = id;
  return exportOnnx(model, { classLabels: draft.classes.labels, graphName: id ?? 'model', producerVersion, docString: `gradient-boosted trees on ${draft.featureSet.name} v${draft.featureSet.version}`, metadata });
}

export function writeModelBundle(outDir: string, draft: ManifestDraft, model: GbdtModel, options: WriteModelOptions): WrittenModel {
  const id = `gbdt-${sha256(exportModelOnnx(model, draft, options.producerVersion)).slice(0, 16)}`;
  const onnxBytes = exportModelOnnx(model, draft, options.producerVersion, id);
  const manifest: ModelManifest = { ...draft, id, onnx: { file: ONNX_FILE, bytes: onnxBytes.length, sha256: sha256(onnxBytes), input: ONNX_INPUT, probabilities: ONNX_PROBABILITY_OUTPUT } };
  const dir = join(outDir, id);
  mkdirSync(dir, { recursive: true });
  const onnxPath = join(dir, ONNX_FILE);
  const manifestPath = join(dir, MANIFEST_FILE);
  writeFileSync(onnxPath, onnxBytes);
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  if (options.report) writeFileSync(join(dir, REPORT_FILE), options.report(manifest));
  return { manifest, dir, manifestPath, onnxPath, onnxBytes };
}

export interface ReadModel {
  readonly manifest: ModelManifest;
  readonly onnxBytes: Uint8Array;
  readonly manifestPath: string;
}

/** Reads a model from its model.json, its folder, or its model.onnx (with model.json beside it). */
export function readModelBundle(path: string): ReadModel {
  if (!existsSync(path)) throw new RangeError(`no model at ${path}`);
  const manifestPath = statSync(path).isDirectory() ? join(path, MANIFEST_FILE) : path.endsWith('.onnx') ? join(dirname(path), MANIFEST_FILE) : path;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch (error) {
    throw new RangeError(`${manifestPath}: ${error instanceof SyntaxError ? `not JSON (${error.message})` : ((error as NodeJS.ErrnoException).code ?? String(error))}`);
  }
  const manifest = parseModelManifest(parsed);
  const onnxPath = join(dirname(manifestPath), manifest.onnx.file);
  let onnxBytes: Uint8Array;
  try {
    onnxBytes = readFileSync(onnxPath);
  } catch (error) {
    throw new RangeError(`${onnxPath}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const digest = sha256(onnxBytes);
  if (digest !== manifest.onnx.sha256) throw new RangeError(`${onnxPath}: SHA-256 ${digest} differs from the manifest's ${manifest.onnx.sha256} (the file was changed or replaced)`);
  return { manifest, onnxBytes, manifestPath };
}

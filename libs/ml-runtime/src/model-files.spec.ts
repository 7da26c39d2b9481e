import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LabelledTable, knownSignalDataset, readOnnxSummary, trainModel } from '@trading/ml';
import { readFeaturesCsv, writeFeaturesCsv } from './features-csv';
import { readModelBundle, writeModelBundle } from './model-bundle';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'trading-ml-files-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const data = knownSignalDataset(1200, 6);

function train() {
  const rows = Int32Array.from({ length: 1200 }, (_, i) => i);
  return trainModel({
    table: data.table,
    featureSet: { name: 'synthetic', version: 1, names: data.table.names },
    labelling: null,
    source: { data: 'synthetic', symbol: null, timeframe: null },
    train: rows.subarray(0, 900),
    validation: rows.subarray(900),
    holdout: null,
    purged: 0,
    params: { rounds: 6, maxDepth: 3 },
  });
}

describe('model files', () => {
  it('writes model.onnx, model.json and report.html under a content id, the same id and bytes for the same training', () => {
    const first = train();
    const a = writeModelBundle(join(dir, 'a'), first.draft, first.result.model, { producerVersion: '0.1.0', report: (m) => `<html>${m.id}</html>` });
    const second = train();
    const b = writeModelBundle(join(dir, 'b'), second.draft, second.result.model, { producerVersion: '0.1.0' });
    expect(a.manifest.id).toMatch(/^gbdt-[0-9a-f]{16}$/);
    expect(b.manifest.id).toBe(a.manifest.id);
    expect(readFileSync(b.onnxPath)).toEqual(readFileSync(a.onnxPath));
    expect(readFileSync(join(a.dir, 'report.html'), 'utf8')).toBe(`<html>${a.manifest.id}</html>`);
    const summary = readOnnxSummary(a.onnxBytes);
    expect(summary.metadata['trading.model_id']).toBe(a.manifest.id);
    expect(JSON.parse(summary.metadata['trading.features'])).toEqual(data.table.names);
    expect(JSON.parse(summary.metadata['trading.feature_set'])).toEqual({ name: 'synthetic', version: 1 });
  });

  it('reads a model back from its folder, its model.json or its model.onnx, and refuses a changed ONNX file', () => {
    const trained = train();
    const written = writeModelBundle(join(dir, 'c'), trained.draft, trained.result.model, { producerVersion: '0.1.0' });
    for (const path of [written.dir, written.manifestPath, written.onnxPath]) {
      const read = readModelBundle(path);
      expect(read.manifest).toEqual(written.manifest);
      expect(read.onnxBytes).toEqual(Buffer.from(written.onnxBytes));
    }
    const bytes = readFileSync(written.onnxPath);
    bytes[bytes.length - 1] ^= 1;
    writeFileSync(written.onnxPath, bytes);
    expect(() => readModelBundle(written.dir)).toThrow(/model\.onnx: SHA-256 [0-9a-f]{64} differs from the manifest's [0-9a-f]{64} \(the file was changed or replaced\)$/);
    writeFileSync(written.manifestPath, '{"format":"trading-ml-model","formatVersion":7}');
    expect(() => readModelBundle(written.dir)).toThrow('model manifest: unknown format version 7 (known: 1)');
    expect(() => readModelBundle(join(dir, 'missing'))).toThrow(`no model at ${join(dir, 'missing')}`);
  });
});

describe('features files', () => {
  it('read back to exactly the values written: times, features with missing values, labels and label ends', () => {
    const path = join(dir, 'features.csv');
    const table: LabelledTable = { ...data.table, label: Float64Array.from(data.table.label, (l, i) => (i === 3 ? Number.NaN : l)) };
    writeFeaturesCsv(path, table);
    const { table: read, hasLabelEnd } = readFeaturesCsv(path);
    expect(hasLabelEnd).toBe(true);
    expect(read.names).toEqual(table.names);
    expect(read.values).toEqual(table.values);
    expect(read.time).toEqual(table.time);
    expect(read.label).toEqual(table.label);
    expect(read.labelEndTime[3]).toBeNaN();
    expect(read.labelEndTime[4]).toBe(table.labelEndTime[4]);
    expect(readFileSync(path, 'utf8').split('\n')[0]).toBe(['time', ...table.names, 'label', 'label_end'].join(','));
  });

  it('names the line and column of a bad value', () => {
    const path = join(dir, 'bad.csv');
    writeFileSync(path, 'time,a,label\n2021-01-01T00:00:00.000Z,1,0\n2021-01-01T01:00:00.000Z,x,1\n');
    expect(() => readFeaturesCsv(path)).toThrow(`${path}:3: a is not a number: "x"`);
    writeFileSync(path, 'time,a,label\n2021-01-01T00:00:00.000Z,1,2\n');
    expect(() => readFeaturesCsv(path)).toThrow(`${path}:2: label must be -1, 0, 1 or empty, got 2`);
    writeFileSync(path, 'time,a,label\n2021-01-01 00:00,1,0\n');
    expect(() => readFeaturesCsv(path)).toThrow(`${path}:2: time must be an ISO UTC time like 2021-01-04T00:00:00.000Z, got "2021-01-01 00:00"`);
    writeFileSync(path, 'time,a,label\n2021-01-01T01:00:00.000Z,1,0\n2021-01-01T00:00:00.000Z,1,0\n');
    expect(() => readFeaturesCsv(path)).toThrow(`${path}:3: time 2021-01-01T00:00:00.000Z is not after the previous row's`);
    writeFileSync(path, 'when,a,label\n');
    expect(() => readFeaturesCsv(path)).toThrow(`${path}: expected a header and at least one row`);
  });
});

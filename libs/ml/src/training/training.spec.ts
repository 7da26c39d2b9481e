import { readSharedBars, sharedData } from '@trading/test-support';
import { labelBars, labelledRows } from '../datasets/labelled-table';
import { knownSignalDataset } from '../datasets/known-signal.dataset';
import { parseModelManifest } from '../model/model-manifest';
import { chronologicalSplit } from './chronological-split';
import { trainModel } from './train-model';

describe('the chronological three-way split', () => {
  const bars = readSharedBars(sharedData.eurusdH1(), 'EURUSD', 'H1');
  const { table } = labelBars(bars);

  it('trains on the oldest 70%, validates on the next 15%, holds out the newest, with no label crossing a boundary', () => {
    const split = chronologicalSplit(table);
    const total = labelledRows(table).length;
    expect(split.train.length + split.validation.length + split.holdout.length + split.purged).toBe(total);
    expect(split.validation.length / total).toBeCloseTo(0.15, 2);
    expect(split.holdout.length / total).toBeCloseTo(0.15, 2);
    expect(table.time[split.validation[0]]).toBe(split.validationFrom);
    expect(table.time[split.holdout[0]]).toBe(split.holdoutFrom);
    expect(Array.from(split.train).every((row) => table.labelEndTime[row] < split.validationFrom)).toBe(true);
    expect(Array.from(split.validation).every((row) => table.labelEndTime[row] < split.holdoutFrom)).toBe(true);
    expect(split.purged).toBe(19);
  });
});

describe('a training run', () => {
  it('returns the model, its validation metrics and a manifest draft naming features, classes, rows and curves', () => {
    const data = knownSignalDataset(3000, 4);
    const rows = Int32Array.from({ length: 3000 }, (_, i) => i);
    const trained = trainModel({
      table: data.table,
      featureSet: { name: 'synthetic', version: 1, names: data.table.names },
      labelling: null,
      source: { data: 'synthetic', symbol: null, timeframe: null },
      train: rows.subarray(0, 2000),
      validation: rows.subarray(2000),
      holdout: null,
      purged: 0,
      params: { rounds: 20, maxDepth: 3, earlyStoppingRounds: 5 },
    });
    const { draft } = trained;
    expect(draft.classes).toEqual({ labels: [-1, 0, 1], names: ['SHORT', 'NEUTRAL', 'LONG'] });
    expect(draft.rows.train).toEqual({ rows: 2000, from: '2020-01-01T00:00:00.000Z', to: new Date(data.table.time[1999]).toISOString() });
    expect(draft.rows.validation.rows).toBe(1000);
    expect(draft.validation.logloss).toBe(trained.validation.logloss);
    expect(draft.validation.logloss).toBeLessThan(draft.validation.priorLogloss);
    expect(draft.history.validation).toHaveLength(draft.roundsRun);
    expect(draft.importance[0].feature).toBe('trend');
    const manifest = parseModelManifest(JSON.parse(JSON.stringify({ ...draft, id: 'gbdt-1', onnx: { file: 'model.onnx', bytes: 10, sha256: 'ab', input: 'features', probabilities: 'probabilities' } })));
    expect(manifest.featureSet.names).toEqual(data.table.names);
    expect(() => trainModel({ ...trainedInput(data.table), validation: new Int32Array(0) })).toThrow('no validation rows: move the validation start earlier');
  });

  it('refuses manifests of another format or version, naming the problem', () => {
    expect(() => parseModelManifest({ format: 'other' })).toThrow('model manifest: format must be "trading-ml-model", got "other"');
    expect(() => parseModelManifest({ format: 'trading-ml-model', formatVersion: 2 })).toThrow('model manifest: unknown format version 2 (known: 1)');
    expect(() => parseModelManifest([])).toThrow('model manifest: expected a JSON object');
  });
});

function trainedInput(table: ReturnType<typeof knownSignalDataset>['table']) {
  const rows = Int32Array.from({ length: 100 }, (_, i) => i);
  return { table, featureSet: { name: 's', version: 1, names: table.names }, labelling: null, source: { data: 's', symbol: null, timeframe: null }, train: rows, validation: rows, holdout: null, purged: 0, params: { rounds: 1 } };
}

import { knownSignalDataset } from '../datasets/known-signal.dataset';
import type { ModelManifest } from '../model/model-manifest';
import { trainModel } from '../training/train-model';
import { renderModelReport } from './model-report';

describe('the model report', () => {
  const data = knownSignalDataset(2000, 5);
  const rows = Int32Array.from({ length: 2000 }, (_, i) => i);
  const trained = trainModel({
    table: data.table,
    featureSet: { name: 'synthetic', version: 1, names: data.table.names },
    labelling: null,
    source: { data: 'synthetic <data>', symbol: null, timeframe: null },
    train: rows.subarray(0, 1500),
    validation: rows.subarray(1500),
    holdout: null,
    purged: 0,
    params: { rounds: 12, maxDepth: 3 },
  });
  const manifest: ModelManifest = { ...trained.draft, id: 'gbdt-test', onnx: { file: 'model.onnx', bytes: 1, sha256: 'x', input: 'features', probabilities: 'probabilities' } };
  const html = renderModelReport(manifest, { title: 'Validation', metrics: trained.validation });

  it('is one self-contained page: no script, nothing fetched, text escaped', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|(src|href)=["']https?:/);
    expect(html).toContain('synthetic &lt;data&gt;');
    expect(html).toBe(renderModelReport(manifest, { title: 'Validation', metrics: trained.validation }));
  });

  it('has the learning curves, the importance of every feature, the confusion matrix and a calibration table per class', () => {
    expect(html.match(/<polyline class="line"/g)).toHaveLength(2);
    expect(html.match(/<rect class="bar"/g)).toHaveLength(10);
    expect(html.match(/<table class="calibration"/g)).toHaveLength(3);
    const confusion = html.slice(html.indexOf('id="confusion-matrix"'));
    expect(confusion.slice(0, confusion.indexOf('</table>')).match(/<tr>/g)).toHaveLength(4);
    expect(html).toContain(`<td>${trained.validation.logloss.toFixed(4)}</td>`);
  });
});

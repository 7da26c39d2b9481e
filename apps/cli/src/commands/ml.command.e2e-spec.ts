import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumPath, itWithChromium } from '@trading/test-support';

const root = resolve(__dirname, '..', '..', '..', '..');
const trading = join(root, 'node_modules', '.bin', 'trading');
const h1File = resolve(root, 'data', 'history', 'EURUSD_H1_2015-03_2022-07.csv.gz');

function run(...args: string[]) {
  const result = spawnSync(trading, args, { cwd: root, encoding: 'utf8', timeout: 180_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

// Whole commands on the real data: minutes on a busy 2-core machine, not Jest's 30 s.
const E2E_TIMEOUT = 300_000;

describe('trading ml', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'trading-ml-e2e-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ml features writes one row per bar: time, the 56 features, label and label end', () => {
    const out = join(dir, 'features.csv');
    const { status, stdout } = run('ml', 'features', '--data', h1File, '--out', out, '--json');
    expect(status).toBe(0);
    const summary = JSON.parse(stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({ bars: 45_779, features: 56, lookback: 199, labelled: 45_568, featureSet: { name: 'fx-technical', version: 1 }, labelling: { takeProfit: 2, stopLoss: 2, horizon: 12, atrPeriod: 14 } });
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(45_780);
    const header = lines[0].split(',');
    expect(header).toHaveLength(59);
    expect([header[0], header[1], header[57], header[58]]).toEqual(['time', 'roc_1', 'label', 'label_end']);
    expect(lines[1].startsWith('2015-03-09T14:00:00.000Z,,')).toBe(true);
    const labelled = lines[200].split(',');
    expect(['-1', '0', '1']).toContain(labelled[57]);
    expect(Date.parse(labelled[58])).toBeGreaterThan(Date.parse(labelled[0]));
  }, E2E_TIMEOUT);

  it('ml train --features trains on exactly the rows of the file, split at --validation-from', () => {
    const out = join(dir, 'features.csv');
    if (!existsSync(out)) run('ml', 'features', '--data', h1File, '--out', out);
    const { status, stdout, stderr } = run('ml', 'train', '--features', out, '--validation-from', '2021-01-01', '--rounds', '20', '--out', join(dir, 'from-file'), '--json');
    expect(status).toBe(0);
    const result = JSON.parse(stdout) as { rows: number; validationRows: number; purgedRows: number; rounds: { run: number; kept: number } };
    expect(result).toMatchObject({ rows: 35_941, validationRows: 9_623, purgedRows: 4, rounds: { run: 20, kept: 20 } });
    expect(stderr).toContain('round 10/20: training log-loss ');
    expect(stderr).toContain('round 20/20: ');
  }, E2E_TIMEOUT);

  it('ml train --data prints the stable keys, writes the model folder, and gives the same model for the same run', () => {
    const out = join(dir, 'models');
    const first = run('ml', 'train', '--data', h1File, '--rounds', '30', '--out', out, '--json');
    const second = run('ml', 'train', '--data', h1File, '--rounds', '30', '--out', join(dir, 'again'), '--json');
    expect(first.status).toBe(0);
    const a = JSON.parse(first.stdout) as Record<string, unknown> & { validation: Record<string, number>; onnx: string; model: string };
    const b = JSON.parse(second.stdout) as typeof a;
    expect(Object.keys(a).slice(0, 7)).toEqual(['model', 'kind', 'rows', 'features', 'validation', 'trainSeconds', 'onnx']);
    expect(Object.keys(a.validation)).toEqual(['logloss', 'accuracy', 'brier']);
    expect(a).toMatchObject({ kind: 'gbdt', rows: 31_890, features: 56, validationRows: 6_823 });
    expect(a.model).toMatch(/^gbdt-[0-9a-f]{16}$/);
    expect(b.model).toBe(a.model);
    expect(readFileSync(b.onnx)).toEqual(readFileSync(a.onnx));
    expect(a.onnx).toBe(join(out, a.model, 'model.onnx'));
    expect(existsSync(join(out, a.model, 'model.json'))).toBe(true);
    expect(existsSync(join(out, a.model, 'report.html'))).toBe(true);
  }, E2E_TIMEOUT);

  itWithChromium('ml evaluate runs the model in onnxruntime on the held-out rows and writes a report that renders in headless Chromium', async () => {
    const models = join(dir, 'models');
    if (!existsSync(models)) run('ml', 'train', '--data', h1File, '--rounds', '30', '--out', models, '--json');
    const modelDir = join(models, readdirSync(models).sort()[0]);
    const manifest = JSON.parse(readFileSync(join(modelDir, 'model.json'), 'utf8')) as { id: string; rows: { holdout: { rows: number; from: string } } };
    const report = join(dir, 'evaluation.html');
    const { status, stdout, stderr } = run('ml', 'evaluate', '--model', modelDir, '--data', h1File, '--report', report, '--json');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const result = JSON.parse(stdout) as { model: string; rows: number; from: string; outOfSample: boolean; logloss: number; priorLogloss: number; confusion: number[][] };
    expect(result).toMatchObject({ model: manifest.id, rows: manifest.rows.holdout.rows, from: manifest.rows.holdout.from, outOfSample: true });
    expect(result.confusion.flat().reduce((a, b) => a + b, 0)).toBe(result.rows);
    const inSample = run('ml', 'evaluate', '--model', modelDir, '--data', h1File, '--from', '2020-01-01', '--json');
    expect(inSample.stderr).toContain('figures on them are not out of sample');
    expect((JSON.parse(inSample.stdout) as { outOfSample: boolean }).outOfSample).toBe(false);

    for (const page of [report, join(modelDir, 'report.html')]) {
      const html = readFileSync(page, 'utf8');
      expect(html).not.toMatch(/(src|href)=["']https?:/);
      await checkInChromium(page);
    }
  }, E2E_TIMEOUT);

  it('names the bad flag in one line with exit code 2', () => {
    const cases: [string[], string][] = [
      [['ml', 'train', '--rounds', '5'], 'trading: give exactly one of --data <bar file> or --features <file.csv>'],
      [['ml', 'train', '--data', h1File, '--eta', '2'], 'trading: --eta must be in (0, 1], got 2'],
      [['ml', 'train', '--data', h1File, '--depth', 'x'], 'trading: --depth: expected a number, got "x"'],
      [['ml', 'train', '--data', h1File, '--model', 'forest'], 'trading: --model: unknown model kind "forest" (known: gbdt)'],
      [['ml', 'train', '--features', join(dir, 'none.csv'), '--validation-from', '2021-01-01'], `trading: --features: cannot read ${join(dir, 'none.csv')}: ENOENT`],
      [['ml', 'train', '--features', join(dir, 'none.csv')], 'trading: --validation-from <time> is required with --features'],
      [['ml', 'features', '--data', h1File, '--out', join(dir, 'x.txt')], `trading: --out: expected a path ending in .csv, got "${join(dir, 'x.txt')}"`],
      [['ml', 'features', '--data', h1File, '--out', join(dir, 'x.csv'), '--horizon', '0'], 'trading: --horizon must be a whole number of bars >= 1, got 0'],
      [['ml', 'evaluate', '--model', join(dir, 'nowhere'), '--data', h1File], `trading: --model: no model at ${join(dir, 'nowhere')}`],
    ];
    for (const [args, message] of cases) {
      const { status, stderr } = run(...args);
      expect({ args, status, stderr: stderr.trim() }).toEqual({ args, status: 2, stderr: message });
    }
  }, E2E_TIMEOUT);
});

async function checkInChromium(file: string): Promise<void> {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(String(error)));
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`file://${file}`);
    expect(errors).toEqual([]);
    expect(requests).toEqual([`file://${file}`]);
    const curves = await page.locator('#learning-curves').boundingBox();
    expect(curves?.width).toBeGreaterThan(300);
    expect(await page.locator('#learning-curves polyline').count()).toBe(2);
    expect(await page.locator('#importance-chart rect.bar').count()).toBe(25);
    expect(await page.locator('#importance-table tr').count()).toBe(57);
    expect(await page.locator('#confusion-matrix tr').count()).toBe(4);
    expect(await page.locator('table.calibration').count()).toBe(3);
    expect(await page.locator('#headline tr').count()).toBe(6);
  } finally {
    await browser.close();
  }
}

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumPath, itWithChromium } from '@trading/test-support';

const root = resolve(__dirname, '..', '..', '..', '..');
const trading = join(root, 'node_modules', '.bin', 'trading');
const h1File = resolve(root, 'data', 'history', 'EURUSD_H1_2015-03_2022-07.csv.gz');
// Small enough for CI: 2 folds of 6 months train / 2 months test, 12 trials each.
const STUDY = ['optimize', '--strategy', 'sma-crossover', '--data', h1File, '--trials', '12', '--folds', '2', '--train', '6mo', '--test', '2mo', '--min-trades', '10', '--mc-runs', '300'];

function run(...args: string[]) {
  const result = spawnSync(trading, args, { cwd: root, encoding: 'utf8', timeout: 180_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface Summary {
  folds: { bestParams: Record<string, number> | null; deflatedSharpe: number | null; pbo: number | null; outOfSample: { trades: number } }[];
  outOfSample: { trades: number; finalEquity: number };
  monteCarlo: { finalEquity: { p5: number; p50: number; p95: number } };
  deflatedSharpe: number | null;
  pbo: number | null;
  recommended: object | null;
  why: string;
}

describe('trading optimize', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'trading-optimize-e2e-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the same result byte for byte with 1, 2 and 3 workers (whole fold studies in workers, and trials spread from here)', () => {
    const one = run(...STUDY, '--json', '--workers', '1');
    expect(one.status).toBe(0);
    const summary = JSON.parse(one.stdout) as Summary;
    expect(summary.folds.length).toBe(2);
    expect(summary.outOfSample.trades).toBe(summary.folds[0].outOfSample.trades + summary.folds[1].outOfSample.trades);
    expect(summary.why).toMatch(/^(not )?recommended: /);
    // 2 workers and 2 folds: each worker runs a whole study; 3 workers: the folds are sampled here and the trials spread.
    expect(run(...STUDY, '--json', '--workers', '2').stdout).toBe(one.stdout);
    expect(run(...STUDY, '--json', '--workers', '3').stdout).toBe(one.stdout);
  }, 180_000);

  itWithChromium('writes trials that reproduce every fold\'s DSR and PBO in the independent Python reference, and a report that renders', async () => {
    const trialsOut = join(dir, 'trials.jsonl');
    const report = join(dir, 'report.html');
    const result = run(...STUDY, '--json', '--trials-out', trialsOut, '--report', report);
    expect(result.status).toBe(0);
    const summary = JSON.parse(result.stdout) as Summary;
    const lines = readFileSync(trialsOut, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { fold: number; params: object; returns: number[] | null; selected: boolean });
    expect(lines.length).toBe(24);
    const cases = [0, 1].map((fold) => {
      const backtested = lines.filter((line) => line.fold === fold && line.returns !== null);
      return { returns: backtested.map((line) => line.returns as number[]), selected: backtested.findIndex((line) => line.selected), partitions: 16 };
    });
    const python = spawnSync('/usr/bin/python3', [join(root, 'tools', 'optimization', 'overfitting_reference.py')], { input: JSON.stringify({ cases }), encoding: 'utf8', maxBuffer: 1 << 26 });
    expect(python.stderr).toBe('');
    const reference = (JSON.parse(python.stdout) as { results: { dsr: number; pbo: number }[] }).results;
    reference.forEach((fold, k) => {
      expect(Math.round(fold.dsr * 1e4) / 1e4).toBe(summary.folds[k].deflatedSharpe);
      expect(Math.round(fold.pbo * 1e4) / 1e4).toBe(summary.folds[k].pbo);
    });

    const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      await page.goto(`file://${report}`);
      expect(errors).toEqual([]);
      expect(await page.locator('#verdict').textContent()).toContain(summary.recommended === null ? 'Not recommended' : 'Recommended');
      expect(await page.locator('#checks tr').count()).toBe(7);
      expect(await page.locator('#folds tr').count()).toBe(4);
      expect(await page.locator('#oos-equity-chart polyline').count()).toBe(2);
      expect((await page.locator('#oos-equity-chart').boundingBox())?.width).toBeGreaterThan(600);
      expect(await page.locator('#monte-carlo-fan polygon').count()).toBe(2);
      expect(await page.locator('#monte-carlo tr').count()).toBe(3);
      expect(await page.locator('#stability tr').count()).toBe(3);
      expect(await page.locator('#out-of-sample').textContent()).toContain(`trades${summary.outOfSample.trades}`);
    } finally {
      await browser.close();
    }
  }, 180_000);

  it('names the bad flag in one line with exit code 2', () => {
    const cases: [string[], string][] = [
      [['--train', '12 months'], '--train: expected a length like 12mo, 1y, 2w, 5d, 12h or 0, got "12 months"'],
      [['--windows', 'sliding'], '--windows: expected rolling or anchored, got "sliding"'],
      [['--workers', '0'], '--workers: expected a whole number >= 1, got "0"'],
      [['--objective', 'return'], '--objective: expected one of sharpe, sortino, calmar, profit-factor, got "return"'],
      [['--partitions', '7'], '--partitions: expected an even whole number in 2..30, got "7"'],
      [['--folds', '60'], 'use fewer folds or shorter windows'],
      [['--lots', '0.1', '--risk-per-trade', '0.01'], '--lots and --risk-per-trade: give one sizing, not several'],
    ];
    for (const [flags, message] of cases) {
      const result = run(...STUDY, ...flags);
      expect({ flags, status: result.status, stderr: result.stderr.includes(message), lines: result.stderr.trim().split('\n').length }).toEqual({ flags, status: 2, stderr: true, lines: 1 });
    }
  }, 180_000);
});

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumPath, itWithChromium } from '@trading/test-support';

const root = resolve(__dirname, '..', '..', '..', '..');
const trading = join(root, 'node_modules', '.bin', 'trading');
const vendored = ['AUDUSD_H1', 'EURGBP_H1', 'EURUSD_H1', 'GBPUSD_H1', 'USDCAD_H1', 'USDCHF_H1', 'EURUSD_M5_2021-06_2022-02'].map((name) => join(root, 'data', `${name}.csv.gz`));

function run(...args: string[]) {
  const result = spawnSync(trading, args, { cwd: root, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface Summary {
  strategy: string;
  symbols: string[];
  trades: number;
  finalEquity: number;
  initialCash: number;
  parameters: Record<string, Record<string, unknown>>;
  strategies: Record<string, { signals: number; approved: number; trades: number; realisedPnl: number; parameters: Record<string, unknown> }>;
}

describe('trading backtest with several strategies in one account', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'trading-backtest-multi-e2e-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  itWithChromium('runs scalping, intraday and swing on the vendored data and reports each in the JSON and the page', async () => {
    const report = join(dir, 'multi.html');
    const result = run('backtest', '--strategy', 'scalping,intraday,swing', '--data', ...vendored, '--params', '{"swing":{"mode":"pullback"}}', '--json', '--report', report);
    expect(result.stderr).not.toContain('trading:');
    expect(result.status).toBe(0);
    const summary = JSON.parse(result.stdout) as Summary;
    expect(summary.strategy).toBe('scalping,intraday,swing');
    expect(summary.symbols).toEqual(['AUDUSD', 'EURGBP', 'EURUSD', 'GBPUSD', 'USDCAD', 'USDCHF']);
    expect(Object.keys(summary.strategies)).toEqual(['intraday', 'scalping', 'swing']);
    // Scalping's M5 months and the 2025 H1 pairs do not overlap: scalping trades as it does alone (742, +321.70).
    expect(Object.fromEntries(Object.entries(summary.strategies).map(([name, f]) => [name, [f.trades, f.realisedPnl]]))).toEqual({ intraday: [301, -200.03], scalping: [742, 321.7], swing: [17, -67.97] });
    expect(summary.strategies['swing'].parameters['mode']).toBe('pullback');
    expect(summary.parameters['swing']['mode']).toBe('pullback');
    expect(Object.values(summary.strategies).reduce((sum, f) => sum + f.trades, 0)).toBe(summary.trades);
    const pnl = Object.values(summary.strategies).reduce((sum, f) => sum + f.realisedPnl, 0);
    expect(pnl).toBeCloseTo(summary.finalEquity - summary.initialCash, 2);
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
    try {
      const page = await browser.newPage();
      await page.goto(`file://${report}`);
      // A header row and one row per strategy, in both tables.
      expect(await page.locator('#strategies tr').count()).toBe(4);
      expect(await page.locator('#parameters tr').count()).toBe(3);
      expect(await page.locator('#strategies tr', { hasText: 'scalping' }).count()).toBe(1);
    } finally {
      await browser.close();
    }
  });

  it('refuses parameters for a strategy that is not run, and a strategy named twice, in one line each', () => {
    const unknown = run('backtest', '--strategy', 'intraday,swing', '--data', vendored[2], '--params', '{"scalping":{}}');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr.trim()).toBe('trading: --params: "scalping" is not one of the strategies run (intraday, swing)');
    const twice = run('backtest', '--strategy', 'swing,swing', '--data', vendored[2]);
    expect(twice.status).toBe(2);
    expect(twice.stderr.trim()).toBe('trading: --strategy: swing given twice');
  });
});

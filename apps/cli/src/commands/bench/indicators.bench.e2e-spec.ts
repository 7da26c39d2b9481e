import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..', '..', '..', '..');
const trading = join(root, 'node_modules', '.bin', 'trading');

describe('trading bench indicators', () => {
  it('prints pure JSON with updates per second for every indicator (a smoke run, not a timing)', () => {
    const result = spawnSync(trading, ['bench', 'indicators', '--updates', '20000', '--json'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as { bars: number; updatesPerIndicator: number; indicators: Record<string, { updatesPerSecond: number; gcDuringRun: number }> };
    expect(report.bars).toBe(45_779);
    expect(report.updatesPerIndicator).toBe(20_000);
    expect(Object.keys(report.indicators)).toEqual(expect.arrayContaining(['sma_20', 'rsi_14', 'macd_12_26_9', 'bbands_20_2', 'atr_14', 'adx_14', 'sar_0.02_0.2', 'vwap_0']));
    for (const figures of Object.values(report.indicators)) expect(figures.updatesPerSecond).toBeGreaterThan(0);
  });

  it('rejects a bad --updates with one line', () => {
    const result = spawnSync(trading, ['bench', 'indicators', '--updates', 'lots'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe('trading: --updates: expected a whole number >= 1, got "lots"');
  });
});

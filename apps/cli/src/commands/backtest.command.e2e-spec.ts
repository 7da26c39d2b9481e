import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromiumPath, itWithChromium, sharedData } from '@trading/test-support';
import { chromium } from 'playwright-core';

const root = resolve(__dirname, '..', '..', '..', '..');
const trading = join(root, 'node_modules', '.bin', 'trading');
const m5File = sharedData.eurusdM5();
const h1File = sharedData.eurusdH1();

function run(...args: string[]) {
  const result = spawnSync(trading, args, { cwd: root, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('trading backtest and check-bias', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'trading-backtest-e2e-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the JSON summary with stable keys and writes the same decision log twice', () => {
    const a = join(dir, 'a.jsonl');
    const b = join(dir, 'b.jsonl');
    const first = run('backtest', '--strategy', 'scalping', '--data', m5File, '--spread', '0.8', '--commission', 'per-lot:3', '--json', '--decisions', a);
    const second = run('backtest', '--strategy', 'scalping', '--data', m5File, '--spread', '0.8', '--commission', 'per-lot:3', '--json', '--decisions', b);
    expect(first.status).toBe(0);
    const summary = JSON.parse(first.stdout) as Record<string, unknown> & { metrics: Record<string, unknown>; assumptions: { warnings: string[] } };
    expect(summary).toMatchObject({ strategy: 'scalping', bars: 49_802, dropped: 198 });
    // The run of the engine spec (backtest.engine.spec.ts) with no slippage: the same 754 trades, and its
    // 9,173.80 USD plus the 113.60 its 0.1 pip slippage cost there.
    expect(summary.trades).toBe(754);
    expect(summary.finalEquity).toBe(9287.4);
    for (const key of ['sharpe', 'sortino', 'maxDrawdown', 'profitFactor', 'winRate']) expect(summary.metrics).toHaveProperty(key);
    expect(summary.assumptions.warnings).toEqual(['no slippage']);
    expect(second.stdout).toBe(first.stdout);
    expect(readFileSync(b, 'utf8')).toBe(readFileSync(a, 'utf8'));
  });

  it('warns when the assumptions are optimistic', () => {
    const { status, stdout } = run('backtest', '--strategy', 'sma-crossover', '--data', h1File, '--fill', 'close', '--spread', '0', '--json');
    expect(status).toBe(0);
    const summary = JSON.parse(stdout) as { assumptions: { warnings: string[] } };
    expect(summary.assumptions.warnings).toEqual(expect.arrayContaining([expect.stringContaining('zero spread'), 'zero commission', expect.stringContaining('signal bar close')]));
  });

  it('names the bad flag in one line', () => {
    expect(run('backtest', '--strategy', 'nope', '--data', m5File).stderr).toContain('--strategy: unknown strategy "nope"');
    expect(run('backtest', '--strategy', 'scalping', '--data', m5File, '--params', '{"bbPeriod":1}').stderr).toContain('--params: scalping: parameter "bbPeriod" must be in 5..100, got 1');
    expect(run('backtest', '--strategy', 'scalping', '--data', m5File, '--commission', 'lots:3').stderr).toContain('--commission: expected none');
  });

  it('runs under --risk limits.json: risk section in the summary, the same decision log twice', () => {
    const strict = join(root, 'examples', 'risk', 'strict.json');
    const a = join(dir, 'risk-a.jsonl');
    const b = join(dir, 'risk-b.jsonl');
    const first = run('backtest', '--strategy', 'scalping', '--data', m5File, '--risk', strict, '--json', '--decisions', a);
    expect(run('backtest', '--strategy', 'scalping', '--data', m5File, '--risk', strict, '--json', '--decisions', b).stdout).toBe(first.stdout);
    expect(first.status).toBe(0);
    const summary = JSON.parse(first.stdout) as { risk: { rejected: number; rejectionsByReason: Record<string, number>; hoursInState: Record<string, number> } };
    // As the in-process run of scalping-strict.spec.ts decides them.
    expect(summary.risk.rejectionsByReason).toEqual({ INSUFFICIENT_HISTORY: 1, MAX_GROSS_EXPOSURE: 87, MAX_NET_EXPOSURE: 164, MIN_STOP_DISTANCE: 426, TRADING_REDUCING: 82 });
    expect(Object.keys(summary.risk.hoursInState)).toEqual(['ACTIVE', 'REDUCING', 'HALTED']);
    expect(readFileSync(b, 'utf8')).toBe(readFileSync(a, 'utf8'));
    const decision = readFileSync(a, 'utf8').split('\n').find((line) => line.includes('"decision":"rejected"')) as string;
    expect(Object.keys(JSON.parse(decision)).slice(0, 10)).toEqual(['event', 'time', 'symbol', 'signalId', 'state', 'decision', 'reason', 'size', 'equity', 'checks']);
    expect(run('backtest', '--strategy', 'scalping', '--data', m5File, '--risk', strict, '--lots', '1').stderr).toContain('--risk: the risk engine sizes every order');
    // Three processes over 50,000 M5 bars with every rule: ~10 s idle, past 30 s on a busy 2-core machine.
  }, 120_000);

  itWithChromium('renders the risk section of the report in headless Chromium, and says where it wrote the report', async () => {
    const strict = join(root, 'examples', 'risk', 'strict.json');
    const report = join(dir, 'risk.html');
    const { status, stdout, stderr } = run('backtest', '--strategy', 'scalping', '--data', m5File, '--risk', strict, '--json', '--report', report);
    expect(status).toBe(0);
    expect(stderr).toContain(`report written to ${report}\n`);
    const summary = JSON.parse(stdout) as { risk: { rejectionsByReason: Record<string, number> } };
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      await page.goto(`file://${report}`);
      expect(errors).toEqual([]);
      expect(await page.locator('#risk-rejections tr').count()).toBe(Object.keys(summary.risk.rejectionsByReason).length + 2);
      expect(await page.locator('#risk-states tr').count()).toBe(4);
      expect(await page.locator('#risk-trips tr').count()).toBeGreaterThan(1);
      expect((await page.locator('#var-chart').boundingBox())?.width).toBeGreaterThan(300);
      expect(await page.locator('#var-chart polyline').count()).toBe(1);
    } finally {
      await browser.close();
    }
  }, 120_000);

  it('check-bias passes a shipped strategy with exit code 0', () => {
    const { status, stdout } = run('check-bias', '--strategy', 'swing', '--data', h1File, '--json');
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ strategy: 'swing', passed: true, differences: [] });
  });

  itWithChromium('writes a self-contained HTML report that renders in headless Chromium with its charts and no console errors', async () => {
    const report = join(dir, 'report.html');
    const { status, stdout } = run('backtest', '--strategy', 'scalping', '--data', m5File, '--report', report, '--json');
    expect(status).toBe(0);
    const trades = (JSON.parse(stdout) as { trades: number }).trades;
    // Scalping on the bars' own spread, alone: as in multi-strategy.spec.ts.
    expect(trades).toBe(742);
    const html = readFileSync(report, 'utf8');
    expect(html).not.toMatch(/(src|href)=["']https?:/);
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
      await page.goto(`file://${report}`);
      expect(errors).toEqual([]);
      expect(requests).toEqual([`file://${report}`]);
      for (const id of ['equity-chart', 'drawdown-chart', 'price-chart-0']) {
        const box = await page.locator(`#${id}`).boundingBox();
        expect(box?.width).toBeGreaterThan(300);
        expect(await page.locator(`#${id} polyline`).count()).toBe(1);
      }
      // An entry and an exit marker per trade; a header row and a row per trade.
      expect(await page.locator('#price-chart-0 .marker').count()).toBe(2 * trades);
      expect(await page.locator('#trade-list tr').count()).toBe(trades + 1);
      expect(await page.locator('#monthly-returns tr').count()).toBeGreaterThan(1);
      expect(await page.locator('#optimistic-warning').textContent()).toContain('zero spread');
    } finally {
      await browser.close();
    }
  });
});

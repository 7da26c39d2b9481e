// `trading run --lockstep` against `trading backtest`: the services — market-data,
// three strategy services, risk and order-execution, each on its own
// connections — give the backtest's decision log byte for byte and its final
// equity to the cent, embedded and over the real RabbitMQ and Postgres, with
// the default limits. The data are real: the first 400 bars of each of the six
// 2025 H1 files and the first 1,500 of the 2021 EURUSD M5 export (scalping
// trades M5, intraday and swing H1), cut so the run stays short (a lockstep
// replay handles some tens of bars a second here).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describeWithServers, ownVhost, readDataText, sharedData, testServerUrl } from '@trading/test-support';

jest.setTimeout(600_000);

const root = resolve(__dirname, '..', '..', '..', '..');
const trading = join(root, 'node_modules', '.bin', 'trading');
const limits = join(root, 'examples', 'risk', 'default.json');
const SIX_PAIRS = ['AUDUSD', 'EURGBP', 'EURUSD', 'GBPUSD', 'USDCAD', 'USDCHF'] as const;
const servers = { AMQP_URL: undefined, DATABASE_URL: undefined, REDIS_URL: undefined, DATABASE_SCHEMA: undefined };

/** The header and first `rows` bars of a shared file, under a name that says its symbol and timeframe. */
function head(folder: string, source: string, name: string, rows: number): string {
  const lines = readDataText(source).split(/\r?\n/);
  const file = join(folder, name);
  writeFileSync(file, lines.slice(0, rows + 1).join('\n') + '\n');
  return file;
}

function run(command: string[], env: Record<string, string | undefined> = {}): { stdout: string; stderr: string } {
  const result = spawnSync(trading, command, { cwd: root, encoding: 'utf8', timeout: 580_000, env: { ...process.env, ...servers, ...env } });
  if (result.status !== 0) throw new Error(`trading ${command[0]} exited ${result.status}: ${result.stderr.slice(-2000)}`);
  return result;
}

interface RunJson {
  lockstep: boolean;
  strategies: Record<string, { signals: number; approved: number; rejected: Record<string, number>; orders: number; fills: number; realisedPnl: string }>;
  portfolio: { equity: string; finalEquity: string; openPositions: number; state: string };
}

describe('trading run --lockstep', () => {
  let folder: string;
  let files: string[];
  let backtest: { log: string; finalEquity: string; strategies: Record<string, { signals: number; approved: number; orders: number; fills: number }> };
  const strategies = ['--strategies', 'scalping,intraday,swing'];

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'lockstep-'));
    files = [
      ...SIX_PAIRS.map((symbol) => head(folder, sharedData.fxH1_2025(symbol), `${symbol}_H1.csv`, 400)),
      head(folder, sharedData.eurusdM5(), 'EURUSD_M5.csv', 1500),
    ];
    const decisions = join(folder, 'backtest.jsonl');
    const result = run(['backtest', '--strategy', 'scalping,intraday,swing', '--risk', limits, '--decisions', decisions, '--json', '--data', ...files]);
    const summary = JSON.parse(result.stdout) as { finalEquity: string; strategies: typeof backtest.strategies };
    backtest = { log: readFileSync(decisions, 'utf8'), finalEquity: Number(summary.finalEquity).toFixed(2), strategies: summary.strategies };
  });

  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  function expectBacktest(env: Record<string, string | undefined>, name: string): void {
    const decisions = join(folder, `${name}.jsonl`);
    const result = run(['run', '--until-end', '--lockstep', '--json', ...strategies, '--risk', limits, '--decisions', decisions, '--data', ...files], env);
    const summary = JSON.parse(result.stdout) as RunJson;
    const log = readFileSync(decisions, 'utf8');
    expect(log.split('\n').length).toBe(backtest.log.split('\n').length);
    expect(log).toBe(backtest.log);
    expect(summary.portfolio).toMatchObject({ finalEquity: backtest.finalEquity, openPositions: 0 });
    // Every strategy service spoke, and the chain's own counts agree with the backtest's.
    expect(Object.keys(summary.strategies)).toEqual(['intraday', 'scalping', 'swing']);
    for (const [strategy, tally] of Object.entries(summary.strategies)) {
      expect({ strategy, signals: tally.signals, approved: tally.approved, orders: tally.orders }).toEqual({
        strategy,
        signals: backtest.strategies[strategy].signals,
        approved: backtest.strategies[strategy].approved,
        orders: backtest.strategies[strategy].orders,
      });
    }
  }

  it('embedded: the backtest decision log byte for byte, and its final equity to the cent', () => {
    // What the chain must match: 78 signals and 26 fills in the backtest of these files.
    expect(Object.fromEntries(Object.entries(backtest.strategies).map(([name, f]) => [name, [f.signals, f.fills]]))).toEqual({ intraday: [43, 10], scalping: [26, 2], swing: [9, 14] });
    expect(backtest.log.split('\n').filter((line) => line.startsWith('{"event":"fill"'))).toHaveLength(26);
    expectBacktest({}, 'embedded');
  });

  describeWithServers(['rabbitmq', 'postgres'], 'over RabbitMQ and Postgres', () => {
    it('the same log, with every service on its own connections', () => {
      const vhost = ownVhost('lockstep-e2e');
      try {
        expectBacktest({ AMQP_URL: vhost.url, DATABASE_URL: testServerUrl('postgres') }, 'distributed');
      } finally {
        vhost.remove();
      }
    });
  });
});

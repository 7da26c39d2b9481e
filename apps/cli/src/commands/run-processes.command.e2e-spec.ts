// `trading run --lockstep --processes` against `trading backtest`: with
// order-execution, risk and each strategy service in a process of its own
// (`trading serve <name>`, configured only by its environment) on the real
// RabbitMQ and Postgres, the decision log is the backtest's byte for byte and
// the final equity the same to the cent. The data are real: the first 300 bars
// of the six vendored 2025 H1 pairs under intraday and swing (with every cost
// of the fill model, cash and a seed of their own, so each reaches the venue
// and risk through their variables), and the first 1,500 bars of the 2021
// EURUSD M5 export under scalping. A child that dies fails the run at once,
// naming it, and the run leaves neither processes nor schemas behind.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';
import { describeWithServers, ownVhost, readDataText, sharedData, testServerUrl } from '@trading/test-support';

jest.setTimeout(1_500_000);

const root = resolve(__dirname, '..', '..', '..', '..');
const trading = join(root, 'node_modules', '.bin', 'trading');
const limits = join(root, 'examples', 'risk', 'default.json');
const servers = { AMQP_URL: undefined, DATABASE_URL: undefined, REDIS_URL: undefined, DATABASE_SCHEMA: undefined, LOG_LEVEL: undefined };
const PAIRS = ['AUDUSD', 'EURGBP', 'EURUSD', 'GBPUSD', 'USDCAD', 'USDCHF'];

/** The header and first `rows` bars of a shared file, under a name that says its symbol and timeframe. */
function head(folder: string, source: string, name: string, rows: number): string {
  const lines = readDataText(source).split(/\r?\n/);
  const file = join(folder, name);
  writeFileSync(file, lines.slice(0, rows + 1).join('\n') + '\n');
  return file;
}

function run(command: string[], env: Record<string, string | undefined> = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(trading, command, { cwd: root, encoding: 'utf8', timeout: 1_400_000, env: { ...process.env, ...servers, ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function succeed(command: string[], env: Record<string, string | undefined> = {}): { stdout: string; stderr: string } {
  const result = run(command, env);
  if (result.status !== 0) throw new Error(`trading ${command[0]} exited ${result.status}: ${result.stderr.slice(-3000)}`);
  return result;
}

interface RunJson {
  lockstep: boolean;
  durationMs: number;
  barsPerSecond: number;
  strategies: Record<string, { signals: number; approved: number; orders: number }>;
  portfolio: { equity: string; finalEquity: string; openPositions: number; state: string };
}

describe('trading run --processes', () => {
  let folder: string;
  let h1: string[];
  let m5: string;

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'processes-'));
    h1 = PAIRS.map((symbol) => head(folder, sharedData.fxH1_2025(symbol), `${symbol}_H1.csv`, 300));
    m5 = head(folder, sharedData.eurusdM5(), 'EURUSD_M5.csv', 1500);
  });

  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('needs RabbitMQ and Postgres, and says so in one line', () => {
    expect(run(['run', '--processes', '--lockstep', '--data', m5])).toMatchObject({
      status: 2,
      stderr: 'trading: --processes: the services run as separate processes and meet on RabbitMQ and Postgres: set AMQP_URL and DATABASE_URL\n',
    });
    expect(run(['run', '--processes', '--data', m5], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' })).toMatchObject({ status: 2, stderr: expect.stringMatching(/: set AMQP_URL\n$/) });
  });

  it('refuses files of several timeframes before it starts anything', () => {
    // Unreachable servers: the check comes first.
    const result = run(['run', '--processes', '--data', m5, h1[2]], { AMQP_URL: 'amqp://127.0.0.1:1', DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' });
    expect(result).toMatchObject({ status: 2, stderr: 'trading: --processes: the venue and risk run alone on one timeframe, and the files have H1, M5: replay one timeframe per run\n' });
  });

  it("names a wrong fill setting of risk's, or a wrong cold start of a strategy's, in one line", () => {
    expect(run(['serve', 'risk'], { RISK_SLIPPAGE: 'atr:x' })).toMatchObject({
      status: 2,
      stderr: 'trading: RISK_SLIPPAGE: expected none, pips or atr:<fraction>[:period] (period a whole number >= 1), got "atr:x"\n',
    });
    expect(run(['serve', 'strategy-swing'], { STRATEGY_COLD_START: 'cold' })).toMatchObject({
      status: 2,
      stderr: 'trading: STRATEGY_COLD_START: expected true or false (also 1/0, yes/no, on/off), got "cold"\n',
    });
  });

  describeWithServers(['rabbitmq', 'postgres'], 'over RabbitMQ and Postgres', () => {
    function expectBacktest(name: string, strategies: string, files: string[], flags: string[]): void {
      const backtestLog = join(folder, `${name}.backtest.jsonl`);
      const backtest = JSON.parse(succeed(['backtest', '--strategy', strategies, '--risk', limits, ...flags, '--decisions', backtestLog, '--json', '--data', ...files]).stdout) as {
        finalEquity: string;
        strategies: Record<string, { signals: number; approved: number; orders: number }>;
      };
      const expected = readFileSync(backtestLog, 'utf8');
      expect(expected.split('\n').filter((line) => line.startsWith('{"event":"fill"')).length).toBeGreaterThan(1);
      const vhost = ownVhost('processes-e2e');
      try {
        const decisions = join(folder, `${name}.run.jsonl`);
        const result = succeed(['run', '--until-end', '--lockstep', '--processes', '--json', '--strategies', strategies, '--risk', limits, ...flags, '--decisions', decisions, '--data', ...files], {
          AMQP_URL: vhost.url,
          DATABASE_URL: testServerUrl('postgres'),
        });
        const summary = JSON.parse(result.stdout) as RunJson;
        const log = readFileSync(decisions, 'utf8');
        expect(log.split('\n').length).toBe(expected.split('\n').length);
        expect(log).toBe(expected);
        expect(summary.portfolio).toMatchObject({ finalEquity: Number(backtest.finalEquity).toFixed(2), openPositions: 0 });
        for (const [strategy, tally] of Object.entries(summary.strategies)) {
          expect({ strategy, signals: tally.signals, approved: tally.approved, orders: tally.orders }).toEqual({ strategy, ...pick(backtest.strategies[strategy]) });
        }
        expect(Object.keys(summary.strategies)).toEqual(strategies.split(',').sort());
      } finally {
        vhost.remove();
      }
    }

    const pick = ({ signals, approved, orders }: { signals: number; approved: number; orders: number }) => ({ signals, approved, orders });

    it('intraday and swing on the six 2025 pairs, with every cost: the backtest decision log byte for byte, and its final equity', () => {
      expectBacktest('six-pairs', 'intraday,swing', h1, ['--spread', '0.8', '--slippage', 'atr:0.05', '--commission', 'per-lot:3.5', '--swap', '-6.5:1.2', '--cash', '25000', '--seed', '7']);
    });

    it('scalping on EURUSD M5: the backtest decision log byte for byte, and its final equity', () => {
      expectBacktest('scalping', 'scalping', [m5], []);
    });

    it('fails at once when a service dies, naming it with its exit code and last lines on stderr, and leaves no process or schema behind', async () => {
      const vhost = ownVhost('processes-fail');
      let child: ChildProcess | undefined;
      try {
        child = spawn(trading, ['run', '--until-end', '--lockstep', '--processes', '--json', '--strategies', 'scalping', '--data', m5], {
          cwd: root,
          env: { ...process.env, ...servers, AMQP_URL: vhost.url, DATABASE_URL: testServerUrl('postgres'), LOG_LEVEL: 'info' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        const exited = new Promise<number | null>((done) => child?.once('exit', done));
        const lines: string[] = [];
        const logged = (message: string): Record<string, unknown>[] =>
          lines.filter((line) => line.startsWith('{') && line.includes(`"message":"${message}"`)).map((line) => JSON.parse(line) as Record<string, unknown>);
        // Wait on the run's own log: the replay has started, every child is up.
        await new Promise<void>((started, failed) => {
          createInterface({ input: child?.stderr as NodeJS.ReadableStream }).on('line', (line) => {
            lines.push(line);
            if (logged('replay started').length > 0) started();
          });
          void exited.then((code) => failed(new Error(`the run exited ${code} before its replay started: ${lines.slice(-20).join('\n')}`)));
        });
        const pids = Object.fromEntries(logged('service process started').map((entry) => [String(entry['process']), Number(entry['pid'])]));
        const [{ schemas }] = logged('service processes starting') as { schemas: string[] }[];
        expect(Object.keys(pids).sort()).toEqual(['order-execution', 'risk', 'strategy-scalping']);
        // A service stopped from outside: it shuts down cleanly, saying so on stderr, in the middle of the replay.
        process.kill(pids['strategy-scalping'], 'SIGTERM');
        expect(await exited).toBe(1);
        expect(lines[lines.length - 1]).toBe(`trading: strategy-scalping (pid ${pids['strategy-scalping']}) exited with code 0; its last lines on stderr: trading serve strategy-scalping: SIGTERM, shutting down`);
        for (const [name, pid] of Object.entries(pids)) expect({ name, alive: alive(pid) }).toEqual({ name, alive: false });
        const database = new Client({ connectionString: testServerUrl('postgres') });
        await database.connect();
        try {
          const left = await database.query('SELECT schema_name FROM information_schema.schemata WHERE schema_name = ANY($1::text[])', [schemas]);
          expect({ schemas: schemas.length, left: left.rows }).toEqual({ schemas: 2, left: [] });
        } finally {
          await database.end();
        }
      } finally {
        if (child?.exitCode === null) child.kill('SIGKILL');
        vhost.remove();
      }
    });
  });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

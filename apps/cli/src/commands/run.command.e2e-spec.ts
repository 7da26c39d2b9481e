// `trading run` as a user runs it: a whole process, embedded (no servers), then
// distributed over the real RabbitMQ, Postgres and Redis.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describeWithServers, ownVhost, readDataText, testServerUrl } from '@trading/test-support';

const root = resolve(__dirname, '..', '..', '..', '..');
const trading = join(root, 'node_modules', '.bin', 'trading');
const gbpSample = join(root, 'data', 'GBPUSD_H1.csv.gz');

/**
 * 2,000 rows of the raw EURUSD M5 export around the place where it repeats
 * itself (rows 33,001-35,000 of the file): every chain of the run handles
 * every bar, so the whole 50,000-row file would take minutes here.
 */
const m5Rows = readDataText(join(root, 'data', 'EURUSD_M5_2021-06_2022-02.csv.gz')).split('\n');
const m5Cut = m5Rows.slice(33_001, 35_001);
const folder = mkdtempSync(join(tmpdir(), 'run-e2e-'));
const m5Sample = join(folder, 'EURUSD_M5.csv');
writeFileSync(m5Sample, [m5Rows[0], ...m5Cut].join('\n') + '\n');
afterAll(() => rmSync(folder, { recursive: true, force: true }));
/** Rows repeating an earlier row's time, counted here from the text itself. */
const m5Repeats = (() => {
  const seen = new Set<string>();
  let repeats = 0;
  for (const row of m5Cut) {
    const time = row.replace(/^"/, '').split('\t')[0];
    if (seen.has(time)) repeats++;
    seen.add(time);
  }
  return repeats;
})();

interface RunJson {
  infrastructure: { bus: string; database: string; cache: string };
  symbols: Record<string, { read: number; rejected: number; published: number; consumed: number; findings: number; stored: number }>;
  findings: Record<string, number>;
  outOfOrder: number;
  aborted: boolean;
  strategies: Record<string, { signals: number; approved: number; orders: number; fills: number; realisedPnl: string }>;
  portfolio: { equity: string; finalEquity: string; openPositions: number; state: string };
}

const serverEnvironment = {
  AMQP_URL: undefined,
  DATABASE_URL: undefined,
  REDIS_URL: undefined,
  DATABASE_SCHEMA: undefined,
};

function runJson(env: Record<string, string | undefined>, ...args: string[]): { status: number | null; summary: RunJson; stderr: string } {
  const result = spawnSync(trading, ['run', '--until-end', '--json', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 180_000,
    env: { ...process.env, ...serverEnvironment, ...env },
  });
  if (result.status !== 0) throw new Error(`trading run exited ${result.status}: ${result.stderr}`);
  return { status: result.status, summary: JSON.parse(result.stdout) as RunJson, stderr: result.stderr };
}

// What the real files hold: the M5 rows repeat 198 earlier rows (13 of them also step back in time).
function expectSampleFlow(summary: RunJson): void {
  expect(m5Repeats).toBe(198);
  expect(summary.symbols['EURUSD']).toEqual({ read: 2000, rejected: 198, published: 1802, consumed: 1802, findings: 213, stored: 1802 });
  expect(summary.symbols['GBPUSD']).toEqual({ read: 3608, rejected: 0, published: 3608, consumed: 3608, findings: 2, stored: 3608 });
  // What `trading data check` finds in the two files: on the 2,000 EURUSD rows the repeats, the steps back,
  // one gap and one spike (213); on GBPUSD two gaps.
  expect(summary.findings).toEqual({ duplicate: 198, backwards: 13, unordered: 0, gap: 3, ohlc: 0, nonpositive: 0, nonfinite: 0, timerange: 0, spike: 1, stale: 0 });
  // Every finding was announced on market.data-quality and counted by the consumer.
  expect(summary.outOfOrder).toBe(0);
  expect(summary.aborted).toBe(false);
}

describe('trading run (embedded)', () => {
  it('replays real files through the in-process bus and the whole chain: every valid bar consumed once, in order, and the strategies trade', () => {
    const { summary } = runJson({}, '--data', m5Sample, gbpSample);
    expect(summary.infrastructure).toEqual({ bus: 'in-process', database: 'embedded', cache: 'memory' });
    expectSampleFlow(summary);
    // All three strategy services ran: scalping on the M5 bars, intraday and swing on the H1 ones.
    expect(Object.keys(summary.strategies)).toEqual(['intraday', 'scalping', 'swing']);
    for (const tally of Object.values(summary.strategies)) expect(tally.signals).toBeGreaterThan(0);
    expect(Object.values(summary.strategies).reduce((sum, tally) => sum + tally.fills, 0)).toBeGreaterThan(0);
    expect(summary.portfolio.state).toMatch(/^(ACTIVE|REDUCING|HALTED)$/);
  }, 300_000);

  it('refuses a bad speed with one line naming the flag', () => {
    const result = spawnSync(trading, ['run', '--until-end', '--speed', 'fast'], { cwd: root, encoding: 'utf8', env: { ...process.env, ...serverEnvironment } });
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe('trading: --speed: speed must be "max" or a positive number (market seconds per real second), got "fast"');
    expect(result.stdout).toBe('');
  });

  it('without --until-end, prints the summary when the replay ends and keeps running until interrupted', async () => {
    const child = spawn(trading, ['run', '--data', gbpSample], { cwd: root, env: { ...process.env, ...serverEnvironment } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const finished = new Promise<void>((resolve) =>
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('replay finished; the system keeps running')) resolve();
      }),
    );
    await finished;
    expect(stdout).toMatch(/^GBPUSD\s+3608\s+0\s+3608\s+3608\s+2$/m);
    expect(stdout).toMatch(/^intraday\s+GBPUSD\s+\d+/m);
    // Still running: it answers a signal, not the end of its input.
    expect(child.exitCode).toBeNull();
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
  }, 180_000);

  it('stops on SIGINT while running, drains and still prints its summary', async () => {
    const child = spawn(trading, ['run', '--json', '--speed', '3600', '--data', gbpSample], { cwd: root, env: { ...process.env, ...serverEnvironment, LOG_LEVEL: 'info' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const flowing = new Promise<void>((resolve) =>
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('"message":"bars flowing"')) resolve();
      }),
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    // At 3600x the 3,608 hourly bars take an hour of real time: interrupt once the first is through the chain.
    await Promise.race([flowing, exited.then((status) => Promise.reject(new Error(`trading run exited ${status} before a bar flowed: ${stderr}`)))]);
    child.kill('SIGINT');
    const code = await exited;
    expect({ code, error: code === 0 ? '' : stderr }).toEqual({ code: 0, error: '' });
    const summary = JSON.parse(stdout) as RunJson;
    expect(summary.aborted).toBe(true);
    const gbp = summary.symbols['GBPUSD'];
    // How many went out before the signal depends on the machine's pace; every one of them arrived.
    expect(gbp.published).toBeGreaterThanOrEqual(1);
    expect(gbp.published).toBeLessThan(3608);
    expect(gbp.consumed).toBe(gbp.published);
  }, 180_000);
});

describeWithServers(['rabbitmq', 'postgres', 'redis'], 'trading run (distributed)', () => {
  it('replays through RabbitMQ into Postgres and Redis: every valid bar arrives exactly once, in order per symbol', () => {
    const schema = `run_e2e_${process.pid}_${Date.now().toString(36)}`;
    const vhost = ownVhost('run-e2e');
    const { summary } = runJson(
      { AMQP_URL: vhost.url, DATABASE_URL: testServerUrl('postgres'), REDIS_URL: testServerUrl('redis'), DATABASE_SCHEMA: schema },
      '--data',
      m5Sample,
      gbpSample,
    );
    try {
      expect(summary.infrastructure).toEqual({ bus: 'rabbitmq', database: 'postgres', cache: 'redis' });
      expectSampleFlow(summary);
    } finally {
      spawnSync('psql', [testServerUrl('postgres'), '-qc', `DROP SCHEMA IF EXISTS "${schema}" CASCADE`]);
      vhost.remove();
    }
  }, 180_000);
});

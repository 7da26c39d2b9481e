// `trading run --live` as a user runs it: a whole process following a bar
// file that grows (as a terminal's export does), embedded. The file starts
// with 1,200 real EURUSD H1 bars of 2025 (the history: stored, warmed up on,
// not traded) and gets the next 200 appended while the run is up. The signals
// the chain decides on must be the ones `trading backtest` makes on the same
// 1,400 bars at those 200 bars: same ids, same sides.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readDataText } from '@trading/test-support';

const root = resolve(__dirname, '..', '..', '..', '..');
const trading = join(root, 'node_modules', '.bin', 'trading');
const rows = readDataText(join(root, 'data', 'EURUSD_H1.csv.gz')).split('\n');
const limits = join(root, 'examples', 'risk', 'default.json');
const HISTORY = 1_200;
const APPENDED = 200;
const embedded = { AMQP_URL: undefined, DATABASE_URL: undefined, REDIS_URL: undefined, DATABASE_SCHEMA: undefined };

interface Decision {
  event: string;
  time: number;
  signalId: string;
  strategy: string;
  side: string;
}

/** The risk decisions of a decision log taken at or after `from` (a bar's close), as `signalId side strategy`, in order. */
function decidedSignals(file: string, from: number): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{"event":"risk-decision"'))
    .map((line) => JSON.parse(line) as Decision)
    .filter((decision) => decision.time >= from)
    .map((decision) => `${decision.signalId} ${decision.side} ${decision.strategy}`);
}

/** The close of the bar on data row `row` (1-based, after the header): the file's times are bar opens, hourly. */
function closeOfRow(row: number): number {
  const [date, time] = rows[row].split('\t');
  return Date.parse(`${date.replace(/\./g, '-')}T${time}Z`) + 3_600_000;
}

describe('trading run --live', () => {
  let folder: string;
  beforeAll(() => (folder = mkdtempSync(join(tmpdir(), 'run-live-'))));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('warms up on the file, trades the bars appended to it, and decides on the backtest signals for them', async () => {
    const file = join(folder, 'EURUSD_H1.csv');
    writeFileSync(file, rows.slice(0, HISTORY + 1).join('\n') + '\n');
    const decisions = join(folder, 'live.jsonl');
    const child = spawn(trading, ['run', '--live', '--json', '--strategies', 'intraday', '--risk', limits, '--decisions', decisions, '--data', file], {
      cwd: root,
      // A poll a second while the file is behind the clock (it is: 2025 data), so the appended bars are picked up at once.
      env: { ...process.env, ...embedded, LOG_LEVEL: 'info', MARKET_DATA_LIVE_RETRY: '1s' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const logged = (predicate: (entry: Record<string, unknown>) => boolean): Promise<void> =>
      new Promise((resolve, reject) => {
        const check = (): boolean => {
          // Whole lines only: the last one may still be arriving.
          const found = stderr
            .split('\n')
            .slice(0, -1)
            .some((line) => line.startsWith('{') && predicate(JSON.parse(line) as Record<string, unknown>));
          if (found) resolve();
          return found;
        };
        if (check()) return;
        const onData = (): void => {
          if (check()) child.stderr.off('data', onData);
        };
        child.stderr.on('data', onData);
        void exited.then((code) => reject(new Error(`trading run --live exited ${code} early: ${stderr.slice(-2000)}`)));
      });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      await logged((entry) => entry['message'] === 'live mode started');
      // The history was stored and warmed up on: every bar of the file, none traded.
      expect(stderr).toContain(`"bars":{"EURUSD":${HISTORY}},"level":"info","message":"warmed up, consuming"`);
      // Risk's desk on the 501 closes it keeps, so VaR and correlation can decide the first appended bar.
      expect(stderr).toContain('"bars":{"EURUSD":501},"level":"info","message":"warmed up from market history"');
      appendFileSync(file, rows.slice(HISTORY + 1, HISTORY + 1 + APPENDED).join('\n') + '\n');
      await logged((entry) => entry['message'] === 'live bars committed for publication' && entry['bars'] === APPENDED);
    } finally {
      child.kill('SIGINT');
    }
    const code = await exited;
    expect({ code, error: code === 0 ? '' : stderr.slice(-2000) }).toEqual({ code: 0, error: '' });
    const summary = JSON.parse(stdout) as { symbols: Record<string, { published: number; consumed: number }>; aborted: boolean; strategies: Record<string, { signals: number }> };
    // The newest bar of the history (its first poll publishes it; the warmed-up strategy has seen it) and the 200 appended.
    expect(summary.symbols['EURUSD']).toMatchObject({ published: APPENDED + 1, consumed: APPENDED + 1 });
    expect(summary.aborted).toBe(false);

    const whole = join(folder, 'EURUSD_H1_whole.csv');
    writeFileSync(whole, rows.slice(0, HISTORY + APPENDED + 1).join('\n') + '\n');
    const backtestLog = join(folder, 'backtest.jsonl');
    const backtest = spawnSync(trading, ['backtest', '--strategy', 'intraday', '--risk', limits, '--decisions', backtestLog, '--data', whole, '--symbol', 'EURUSD', '--tf', 'H1', '--json'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect({ status: backtest.status, stderr: backtest.status === 0 ? '' : backtest.stderr }).toEqual({ status: 0, stderr: '' });
    const appendedFrom = closeOfRow(HISTORY + 1);
    const expected = decidedSignals(backtestLog, appendedFrom);
    expect(expected.length).toBeGreaterThan(0);
    expect(decidedSignals(decisions, appendedFrom)).toEqual(expected);
    expect(summary.strategies['intraday'].signals).toBe(expected.length);
  }, 300_000);

  it.each([
    [['--lockstep'], '--lockstep: not for a live run'],
    [['--until-end'], '--until-end: not for a live run'],
    [['--speed', '3600'], '--speed: not for a live run'],
    [[], '--live: nothing to follow'],
    [['--series', 'EURUSD:H1'], '--series: set MARKET_DATA_SOURCES'],
  ])('refuses %j with --live in one line, exit 2', (flags, message) => {
    const result = spawnSync(trading, ['run', '--live', ...flags], { cwd: root, encoding: 'utf8', env: { ...process.env, ...embedded, MARKET_DATA_SOURCES: undefined } });
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(message);
  });

  it('refuses a compressed file with --live: it cannot grow', () => {
    const result = spawnSync(trading, ['run', '--live', '--data', join(root, 'data', 'EURUSD_H1.csv.gz')], { cwd: root, encoding: 'utf8', env: { ...process.env, ...embedded } });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('is compressed: a live run follows files that grow');
  });
});

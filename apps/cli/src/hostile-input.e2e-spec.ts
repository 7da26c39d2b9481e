// The `trading` binary against input a careless or hostile user gives it:
// broken files, absurd timestamps, wrong flags and settings. Each is one line
// on stderr naming the problem, no stack trace, and the documented exit code
// (2 input, 1 a server or findings). The files are real H1 rows with the
// damage planted in them.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { freePort } from '@trading/test-support';

const root = resolve(__dirname, '..', '..', '..');
const trading = join(root, 'apps', 'cli', 'bin', 'trading.js');
const realGz = readFileSync(join(root, 'data', 'EURUSD_H1.csv.gz'));
// The header and the first five rows of the vendored 2025 EURUSD H1 export.
const [header, ...rows] = gunzipSync(realGz).toString('latin1').split('\n').slice(0, 6);

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function trade(args: readonly string[], env: Record<string, string | undefined> = {}): Run {
  const result = spawnSync(process.execPath, [trading, ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, AMQP_URL: undefined, DATABASE_URL: undefined, REDIS_URL: undefined, ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('hostile input', () => {
  let dir: string;
  const file = (name: string): string => join(dir, name);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'trading-hostile-'));
    writeFileSync(file('EURUSD_H1_empty.csv'), '');
    mkdirSync(file('EURUSD_H1_folder.csv'));
    writeFileSync(file('EURUSD_H1_truncated.csv.gz'), realGz.subarray(0, 200));
    writeFileSync(file('EURUSD_H1_header.csv'), `${header}\n`);
    // A spreadsheet saved in place of the CSV: a ZIP archive.
    writeFileSync(file('EURUSD_H1_xlsx.csv'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00]));
    // A year typed 2150 before genuine rows, and a time of 1e20 ms in a plain CSV.
    writeFileSync(file('EURUSD_H1_future.csv'), [header, rows[0].replace(/^2025/, '2150'), ...rows.slice(1), ''].join('\n'));
    writeFileSync(file('EURUSD_H1_epoch.csv'), ['time,open,high,low,close,volume', '1e20,1.14565,1.14745,1.14565,1.14721,644', '1750636800000,1.14565,1.14745,1.14565,1.14721,644', ''].join('\n'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['EURUSD_H1_empty.csv', 'empty file or empty header line'],
    ['EURUSD_H1_folder.csv', 'it is a directory'],
    ['EURUSD_H1_truncated.csv.gz', 'not a readable gzip file (unexpected end of file)'],
    ['EURUSD_H1_header.csv', 'holds no bars (0 rows read, 0 dropped, 0 rejected; see `trading data check`)'],
    ['EURUSD_H1_xlsx.csv', 'not a text bar file (its first line holds binary bytes)'],
  ])('trading run refuses %s in one line naming it, before it boots anything', (name, problem) => {
    const run = trade(['run', '--until-end', '--data', file(name)]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^trading: --data: [^\\n]*${name.replace(/\./g, '\\.')}[^\\n]*${problem.replace(/[().`]/g, '\\$&')}\\n$`));
    expect(run.stdout).toBe('');
  });

  it('trading run refuses an unknown or an empty --tz in one line', () => {
    expect(trade(['run', '--until-end', '--tz', 'Mars/Olympus'])).toEqual({
      status: 2,
      stdout: '',
      stderr: 'trading: --tz: unknown time zone "Mars/Olympus" (expected an IANA name like Europe/Athens or an offset like +02:00)\n',
    });
    expect(trade(['run', '--until-end', '--tz', ''])).toEqual({
      status: 2,
      stdout: '',
      stderr: 'trading: --tz: empty (expected an IANA name like Europe/Athens or an offset like +02:00; UTC is the default)\n',
    });
  });

  it('rejects a far-future row without losing the genuine rows after it, and exits 1 unless findings are allowed', () => {
    const checked = trade(['data', 'check', file('EURUSD_H1_future.csv'), '--json']);
    expect(checked.status).toBe(1);
    expect(checked.stderr).toBe(`trading: ${file('EURUSD_H1_future.csv')}: 0 rows dropped and 1 rejected by validation (--allow-findings to accept them)\n`);
    const report = JSON.parse(checked.stdout) as { kept: number; counts: Record<string, number>; findings: { kind: string; row: number; time: number | null; value: number; detail: string }[] };
    expect(report.kept).toBe(4);
    expect(report.counts).toMatchObject({ timerange: 1, backwards: 0, unordered: 0 });
    expect(report.findings).toEqual([
      { kind: 'timerange', row: 1, time: null, value: Date.UTC(2150, 5, 23), outcome: 'rejected', detail: 'time 2150-06-23T00:00:00.000Z is outside 1970-01-01 .. 2099-12-31 UTC' },
    ]);
    expect(trade(['data', 'check', file('EURUSD_H1_future.csv'), '--json', '--allow-findings']).status).toBe(0);
  });

  it('reports an epoch of 1e20 as a rejected row, in text too, never a RangeError', () => {
    const checked = trade(['data', 'check', file('EURUSD_H1_epoch.csv'), '--allow-findings']);
    expect(checked.status).toBe(0);
    expect(checked.stdout).toContain('row 1 time out of range rejected: time 100000000000000000000 ms is outside 1970-01-01 .. 2099-12-31 UTC');
    expect(checked.stderr).toBe('');
  });

  it('refuses a backtest on a file with no bars instead of an all-zero report', () => {
    expect(trade(['backtest', '--strategy', 'sma-crossover', '--data', file('EURUSD_H1_header.csv')])).toEqual({
      status: 2,
      stdout: '',
      stderr: `trading: --data: ${file('EURUSD_H1_header.csv')} holds no bars (0 rows read, 0 dropped, 0 rejected; see \`trading data check\`)\n`,
    });
  });

  it.each([
    [['run', '--until-end', '--bogus']],
    [['import', 'x.csv', '--bogus']],
    [['data', 'check', 'x.csv', '--bogus']],
    [['indicators', '--data', 'x.csv', '--ind', 'rsi:14', '--out', 'x.csv', '--bogus']],
    [['backtest', '--strategy', 'sma-crossover', '--data', 'x.csv', '--bogus']],
    [['check-bias', '--strategy', 'swing', '--data', 'x.csv', '--bogus']],
    [['bench', 'startup', '--bogus']],
  ])('names an unknown flag in one line with exit 2: trading %j', (args) => {
    expect(trade(args)).toEqual({ status: 2, stdout: '', stderr: "trading: unknown option '--bogus'\n" });
  });

  it('names an unknown command with a suggestion in one line, and asks for a command with the help and exit 2', () => {
    expect(trade(['backtset'])).toEqual({ status: 2, stdout: '', stderr: "trading: unknown command 'backtset' (Did you mean backtest?)\n" });
    const bare = trade([]);
    expect(bare.status).toBe(2);
    expect(bare.stderr).toMatch(/^Usage: trading \[options\] \[command\]\n/);
    expect(trade(['--help']).status).toBe(0);
  });

  it('names a malformed setting in one line with exit 2, before it reads a file or boots', () => {
    expect(trade(['run', '--until-end'], { AMQP_URL: 'localhost', REDIS_URL: 'redis://:s3cret@cache:6379/x/y' })).toEqual({
      status: 2,
      stdout: '',
      stderr: 'trading: AMQP_URL: expected an amqp:// or amqps:// URL, got "localhost"\n',
    });
  });

  it('names an unreachable DATABASE_URL and what it tried in one line, exit 1, password never shown', async () => {
    const closed = await freePort();
    expect(trade(['run', '--until-end', '--data', join(root, 'data', 'GBPUSD_H1.csv.gz')], { DATABASE_URL: `postgres://trader:s3cret@127.0.0.1:${closed}/trading` })).toEqual({
      status: 1,
      stdout: '',
      stderr: `trading: DATABASE_URL: cannot connect to 127.0.0.1:${closed} (connection refused)\n`,
    });
  });
});

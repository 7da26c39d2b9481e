import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { sharedData } from '@trading/test-support';

const root = resolve(__dirname, '..', '..', '..', '..');
const trading = join(root, 'node_modules', '.bin', 'trading');
const m5File = sharedData.eurusdM5();

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(trading, args, { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('trading data check', () => {
  it('prints the M5 report as pure JSON: 198 repeats, 13 backward steps; exit 1 for the dropped rows, with one line saying so', () => {
    const { status, stdout, stderr } = run('data', 'check', m5File, '--json');
    expect(status).toBe(1);
    expect(stderr).toBe(`trading: ${m5File}: 198 rows dropped and 0 rejected by validation (--allow-findings to accept them)\n`);
    const report = JSON.parse(stdout) as {
      bars: number;
      kept: number;
      counts: Record<string, number>;
      policy: Record<string, string>;
      findings: { kind: string; row: number; outcome: string }[];
    };
    expect(report.bars).toBe(50_000);
    expect(report.kept).toBe(49_802);
    expect(report.counts).toMatchObject({ duplicate: 198, backwards: 13, ohlc: 0, nonpositive: 0, nonfinite: 0 });
    expect(Object.keys(report.counts)).toEqual(expect.arrayContaining(['duplicate', 'backwards', 'gap', 'ohlc', 'nonpositive', 'nonfinite', 'spike', 'stale']));
    expect(report.policy).toMatchObject({ duplicate: 'drop', backwards: 'drop', gap: 'report', spike: 'report', ohlc: 'reject', nonfinite: 'reject' });
    expect(report.findings.filter((f) => f.kind === 'duplicate' && f.outcome === 'dropped')).toHaveLength(198);
    expect(report.findings.find((f) => f.kind === 'backwards')?.row).toBe(33_422);
  });

  it('exits 0 with --allow-findings, the same report on stdout, and 0 without it for a clean file', () => {
    const allowed = run('data', 'check', m5File, '--json', '--allow-findings');
    expect(allowed.status).toBe(0);
    expect(allowed.stdout).toBe(run('data', 'check', m5File, '--json').stdout);
    expect(allowed.stderr).toBe('');
    // Reported findings (gaps, spikes) are not lost rows: a file with only those passes.
    const clean = run('data', 'check', sharedData.fxH1_2025('GBPUSD'));
    expect(clean.status).toBe(0);
    expect(clean.stdout).toContain('gap              2  report');
  });

  it('fails with one clear line for a file that does not exist or a bad flag', () => {
    const missing = run('data', 'check', join(root, 'no-such-file_H1.csv'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no such file');
    const badZone = run('data', 'check', m5File, '--tz', 'Nowhere/Atlantis');
    expect(badZone.status).toBe(2);
    expect(badZone.stderr.trim()).toBe('trading: --tz: unknown time zone "Nowhere/Atlantis" (expected an IANA name like Europe/Athens or an offset like +02:00)');
    expect(badZone.stdout).toBe('');
  });
});

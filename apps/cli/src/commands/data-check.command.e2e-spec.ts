import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..', '..', '..');
const trading = join(root, 'node_modules', '.bin', 'trading');
const m5File = resolve(root, '..', 'shared', 'data', 'EURUSD_M5_2021-06_2022-02.csv');

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(trading, args, { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('trading data check', () => {
  it('prints the M5 report as pure JSON: 198 repeats, 13 backward steps, exit 0', () => {
    const { status, stdout } = run('data', 'check', m5File, '--json');
    expect(status).toBe(0);
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

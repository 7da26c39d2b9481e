// Proves the module-boundary rule is really enforced: a forbidden import planted
// in a core library must make lint fail, and the same file without it must pass.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

interface LintMessage {
  ruleId: string;
  message: string;
  severity: number;
}

// Runs the workspace's real eslint binary on code given as if it lived at `file`.
async function lint(code: string, file: string): Promise<string[]> {
  const run = spawnSync(join(root, 'node_modules/.bin/eslint'), ['--stdin', '--stdin-filename', file, '--format', 'json'], {
    cwd: root,
    input: code,
    encoding: 'utf8',
  });
  const [result] = JSON.parse(run.stdout) as [{ messages: LintMessage[] }];
  const errors = result.messages.filter((message) => message.severity === 2).map((message) => `${message.ruleId}: ${message.message}`);
  expect(run.status).toBe(errors.length > 0 ? 1 : 0);
  return errors;
}

describe('module boundaries', () => {
  beforeAll(() => {
    // The Nx rule reads the cached project graph; build it as `npm run lint` does.
    execFileSync('npx', ['nx', 'show', 'projects'], { cwd: root, stdio: 'ignore' });
  }, 60000);

  it('fails when a core library imports NestJS', async () => {
    const errors = await lint("import { Injectable } from '@nestjs/common';\nexport const planted = Injectable;\n", 'libs/domain/src/planted.ts');
    expect(errors).toEqual([expect.stringContaining('type:core" is not allowed to import "@nestjs/common"')]);
  });

  it('fails when a core library imports an adapter library', async () => {
    // tsparzen depends on nothing, so the only fault is the direction (domain would also close a cycle).
    const errors = await lint("import * as messaging from '@trading/messaging';\nexport const planted = messaging;\n", 'libs/tsparzen/src/planted.ts');
    expect(errors).toEqual([expect.stringContaining('can only depend on libs tagged with "type:core", "type:contracts"')]);
  });

  it('fails when a core library reaches for node I/O or the wall clock', async () => {
    const errors = await lint("import { readFileSync } from 'node:fs';\nexport const t = Date.now() + readFileSync.length;\n", 'libs/indicators/src/planted.ts');
    expect(errors).toEqual([expect.stringContaining('no-restricted-imports'), expect.stringContaining('no-restricted-properties')]);
  });

  it('fails when the risk engine imports the backtest or a strategy: the backtest depends on risk, never the reverse', async () => {
    // The backtest already depends on the risk engine, so the rule reports the cycle first.
    const backtest = await lint("import { runBacktest } from '@trading/backtest';\nexport const planted = runBacktest;\n", 'libs/risk-engine/src/planted.ts');
    expect(backtest).toEqual([expect.stringContaining('Circular dependency between "risk-engine" and "backtest"')]);
    const strategies = await lint("import { smaCrossoverStrategy } from '@trading/strategies';\nexport const planted = smaCrossoverStrategy;\n", 'libs/risk-engine/src/planted.ts');
    expect(strategies).toEqual([expect.stringContaining('"scope:risk" can only depend on libs tagged with "scope:risk", "scope:portfolio", "scope:shared"')]);
  });

  it('keeps the venue free of the risk desk and the ledger free of everything but shared code', async () => {
    const venue = await lint("import { RiskDesk } from '@trading/risk-engine';\nexport const planted = RiskDesk;\n", 'libs/simulated-venue/src/planted.ts');
    expect(venue).toEqual([expect.stringContaining('"scope:execution" can only depend on libs tagged with "scope:execution", "scope:portfolio", "scope:shared"')]);
    const ledger = await lint("import { smaCrossoverStrategy } from '@trading/strategies';\nexport const planted = smaCrossoverStrategy;\n", 'libs/portfolio/src/planted.ts');
    expect(ledger).toEqual([expect.stringContaining('"scope:portfolio" can only depend on libs tagged with "scope:portfolio", "scope:shared"')]);
  });

  it('lets the backtest join the kernel: strategies, the risk desk, the venue and the ledger', async () => {
    const code = [
      "import { RiskDesk } from '@trading/risk-engine';",
      "import { SimulatedVenue } from '@trading/simulated-venue';",
      "import { Ledger } from '@trading/portfolio';",
      "import { smaCrossoverStrategy } from '@trading/strategies';",
      'export const planted = [RiskDesk, SimulatedVenue, Ledger, smaCrossoverStrategy];',
      '',
    ].join('\n');
    expect(await lint(code, 'libs/backtest/src/planted.ts')).toEqual([]);
  });

  it('passes a core file with no forbidden import', async () => {
    expect(await lint('export const planted = 1;\n', 'libs/domain/src/planted.ts')).toEqual([]);
  });

  it('fails when a production entry re-exports its test helpers', async () => {
    const errors = await lint("export * from './core/strategy';\nexport * from './testing';\n", 'libs/strategies/src/index.ts');
    expect(errors).toEqual(['no-restricted-syntax: Production code may not import test code: use the ./testing entry from specs and testing code only.']);
  });

  it("fails when production code imports another library's ./testing entry, and lets a spec do it", async () => {
    const code = "import { sharedBars } from '@trading/strategies/testing';\nexport const planted = sharedBars;\n";
    expect(await lint(code, 'apps/cli/src/commands/planted.ts')).toEqual([
      'no-restricted-syntax: Production code may not import test code: use the ./testing entry from specs and testing code only.',
    ]);
    expect(await lint(code, 'apps/cli/src/commands/planted.spec.ts')).toEqual([]);
  });

  it('lets an adapter import NestJS', async () => {
    expect(await lint("import { Injectable } from '@nestjs/common';\nexport const planted = Injectable;\n", 'libs/messaging/src/planted.ts')).toEqual([]);
  });
});

// Runs the `build` target's own commands (read from project.json) into a temp
// folder laid out as node_modules/tsparzen, then loads the package by name with
// `require` and with `import` in child processes, as a consumer would.
import { execFileSync, execSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as sources from '../src';

const workspaceRoot = resolve(__dirname, '../../..');

interface ProjectJson {
  targets: { build: { options: { commands: string[] } } };
}

// The same study as the child processes run, from the TypeScript sources.
function bestFromSources(tsparzen: typeof sources): number {
  const study = new tsparzen.Study({ sampler: new tsparzen.TpeSampler({ seed: 3 }) });
  for (let i = 0; i < 30; i++) {
    const trial = study.ask();
    study.tell(trial, tsparzen.branin.evaluate([trial.suggestFloat('x0', -5, 10), trial.suggestFloat('x1', 0, 15)]));
  }
  return study.bestValue;
}

const script = (load: string): string => `
${load}
const study = new tsparzen.Study({ sampler: new tsparzen.TpeSampler({ seed: 3 }) });
for (let i = 0; i < 30; i++) {
  const trial = study.ask();
  study.tell(trial, tsparzen.branin.evaluate([trial.suggestFloat('x0', -5, 10), trial.suggestFloat('x1', 0, 15)]));
}
console.log(JSON.stringify({ best: study.bestValue, exports: Object.keys(tsparzen).sort() }));
`;

describe('npx nx build tsparzen', () => {
  let consumer: string;

  beforeAll(() => {
    consumer = mkdtempSync(join(tmpdir(), 'tsparzen-build-'));
    const outDir = join(consumer, 'node_modules', 'tsparzen');
    const project = JSON.parse(readFileSync(join(workspaceRoot, 'libs/tsparzen/project.json'), 'utf8')) as ProjectJson;
    for (const command of project.targets.build.options.commands) {
      execSync(command.split('dist/libs/tsparzen').join(outDir), { cwd: workspaceRoot, stdio: 'pipe' });
    }
  }, 180_000);

  afterAll(() => rmSync(consumer, { recursive: true, force: true }));

  it('loads with require and with import, and both run the same study as the sources', () => {
    const run = (args: string[]): { best: number; exports: string[] } =>
      JSON.parse(execFileSync(process.execPath, args, { cwd: consumer, encoding: 'utf8' })) as { best: number; exports: string[] };
    const required = run(['-e', script("const tsparzen = require('tsparzen');")]);
    const imported = run(['--input-type=module', '-e', script("import * as tsparzen from 'tsparzen';")]);
    expect(imported).toEqual(required);
    expect(required.exports).toEqual(expect.arrayContaining(['Study', 'TpeSampler', 'RandomSampler', 'MedianPruner', 'SuccessiveHalvingPruner']));
    expect(required.best).toBe(bestFromSources(sources));
  });

  it('publishes as tsparzen with no dependencies and an exports map for both module systems', () => {
    const published = JSON.parse(readFileSync(join(consumer, 'node_modules/tsparzen/package.json'), 'utf8')) as Record<string, unknown>;
    expect(published.name).toBe('tsparzen');
    expect(published.dependencies).toBeUndefined();
    expect(published.exports).toEqual({
      '.': {
        import: { types: './esm/index.d.ts', default: './esm/index.js' },
        require: { types: './cjs/index.d.ts', default: './cjs/index.js' },
      },
      './package.json': './package.json',
    });
    expect(readFileSync(join(consumer, 'node_modules/tsparzen/esm/index.d.ts'), 'utf8')).toContain("from './study.js'");
  });

  it('type-checks for ES module and CommonJS consumers under NodeNext resolution', () => {
    writeFileSync(
      join(consumer, 'consumer.mts'),
      "import { Study, TpeSampler } from 'tsparzen';\nconst study: Study = new Study({ sampler: new TpeSampler({ seed: 1 }) });\nconst trial = study.ask();\nconst x: number = trial.suggestFloat('x', 0, 1);\nstudy.tell(trial, x);\n",
    );
    writeFileSync(join(consumer, 'consumer.cts'), "import tsparzen = require('tsparzen');\nconst study: tsparzen.Study = new tsparzen.Study();\nstudy.tell(study.ask(), 1);\n");
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, types: [] }, files: ['consumer.mts', 'consumer.cts'] }),
    );
    // Throws with tsc's diagnostics on stdout if either consumer fails to type-check.
    execFileSync(process.execPath, [join(workspaceRoot, 'node_modules/typescript/bin/tsc'), '-p', consumer], { encoding: 'utf8' });
  }, 60_000);
});

// Lint for the whole workspace. The module-boundary rule is the point: apps may
// use adapters and core; adapters may use core; core (pure trading logic) and
// contracts import no adapter, no framework and no I/O library.
import nx from '@nx/eslint-plugin';

const ioLibraries = [
  '@nestjs/*',
  'typeorm',
  'amqplib',
  'ioredis',
  'pg',
  '@electric-sql/*',
  'winston',
  'prom-client',
  'express',
  'commander',
  'cli-progress',
  'playwright-core',
  'onnxruntime-node',
];

const nodeIo = ['fs', 'net', 'http', 'https', 'child_process', 'dgram', 'dns', 'tls', 'cluster', 'worker_threads'];
const bannedNodeIo = nodeIo.flatMap((name) => [name, `node:${name}`, `${name}/*`, `node:${name}/*`]);

/**
 * The dependency matrix. Tests (and src/testing helpers) may also use the
 * `type:testing` libraries (server gates, shared data paths); production code may not.
 */
function dependencyConstraints({ tests }) {
  const testing = tests ? ['type:testing'] : [];
  return [
    { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:adapter', 'type:core', 'type:contracts', ...testing] },
    { sourceTag: 'type:adapter', onlyDependOnLibsWithTags: ['type:adapter', 'type:core', 'type:contracts', ...testing] },
    { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts', 'type:core', ...testing], bannedExternalImports: ioLibraries },
    { sourceTag: 'type:core', onlyDependOnLibsWithTags: ['type:core', 'type:contracts', ...testing], bannedExternalImports: ioLibraries },
    { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:testing', 'type:adapter', 'type:core', 'type:contracts'] },
    { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
    { sourceTag: 'scope:market-data', onlyDependOnLibsWithTags: ['scope:market-data', 'scope:shared'] },
    // A strategy service runs the kernel's StrategyHost; the strategies themselves (core) stay below the kernel.
    // Its tests boot market-data's bars route, the HTTP API its warm-up reads.
    { sourceTag: 'scope:strategy', onlyDependOnLibsWithTags: ['scope:strategy', 'scope:kernel', 'scope:shared', ...(tests ? ['scope:market-data'] : [])] },
    { allSourceTags: ['scope:strategy', 'type:core'], onlyDependOnLibsWithTags: ['scope:strategy', 'scope:shared', ...testing] },
    // The kernel's direction: the ledger stands alone; the risk desk and the
    // venue build on it and never on each other, on strategies or on the
    // backtest; only the backtest driver (and the optimiser above it) joins them.
    { sourceTag: 'scope:portfolio', onlyDependOnLibsWithTags: ['scope:portfolio', 'scope:shared'] },
    { sourceTag: 'scope:risk', onlyDependOnLibsWithTags: ['scope:risk', 'scope:portfolio', 'scope:shared'] },
    { sourceTag: 'scope:execution', onlyDependOnLibsWithTags: ['scope:execution', 'scope:portfolio', 'scope:shared'] },
    { sourceTag: 'scope:kernel', onlyDependOnLibsWithTags: ['scope:kernel', 'scope:strategy', 'scope:risk', 'scope:execution', 'scope:portfolio', 'scope:shared'] },
    { sourceTag: 'scope:execution-service', onlyDependOnLibsWithTags: ['scope:execution-service', 'scope:kernel', 'scope:execution', 'scope:portfolio', 'scope:shared'] },
    { sourceTag: 'scope:ml', onlyDependOnLibsWithTags: ['scope:ml', 'scope:strategy', 'scope:shared'] },
    { sourceTag: 'scope:optimizer', onlyDependOnLibsWithTags: ['scope:optimizer', 'scope:kernel', 'scope:strategy', 'scope:risk', 'scope:execution', 'scope:portfolio', 'scope:ml', 'scope:shared'] },
    // The risk service hosts the kernel's risk desk; its tests drive it with the strategies' real signals,
    // and boot market-data's bars route, the HTTP API its first start's warm-up reads.
    {
      sourceTag: 'scope:risk-service',
      onlyDependOnLibsWithTags: ['scope:risk-service', 'scope:kernel', 'scope:risk', 'scope:portfolio', 'scope:strategy', 'scope:execution', 'scope:shared', ...(tests ? ['scope:market-data'] : [])],
    },
    { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:api', 'scope:shared'] },
    { sourceTag: 'scope:cli', onlyDependOnLibsWithTags: ['*'] },
  ];
}

const boundaryRule = (tests) => [
  'error',
  { enforceBuildableLibDependency: false, allow: [], depConstraints: dependencyConstraints({ tests }) },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/node_modules', '**/dist', '**/tmp', '**/coverage', '.nx'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaryRule(false),
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/*.fixtures.ts', '**/*.fixture.ts', '**/src/testing/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaryRule(true) },
  },
  {
    // Production code never reaches test code: fakes, fixtures and mock servers
    // are each library's `./testing` subpath entry, imported only by specs and
    // other testing code. A production entry that re-exported them would make
    // every command load mock servers and fixtures. tsparzen's index is the one
    // exception: its benchmark functions (src/testing/test-functions.ts) are
    // documented public API of the published package, not fixtures.
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/*.fixtures.ts', '**/*.fixture.ts', '**/testing/**', 'libs/tsparzen/src/index.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...['ImportDeclaration', 'ExportAllDeclaration', 'ExportNamedDeclaration'].map((node) => ({
          selector: `${node}[source.value=/(^|\\/)testing(\\/|$)/]`,
          message: 'Production code may not import test code: use the ./testing entry from specs and testing code only.',
        })),
      ],
    },
  },
  {
    // Pure core: the wall clock, Math.random and node's I/O modules are injected, never reached for.
    files: ['libs/{domain,contracts,indicators,strategies,risk-engine,backtest,ml,tsparzen,optimization}/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/testing/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: bannedNodeIo.filter((n) => !n.endsWith('/*')), patterns: bannedNodeIo.filter((n) => n.endsWith('/*')) }],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the injected seeded random source.' },
        { object: 'Date', property: 'now', message: 'Use the injected clock.' },
      ],
    },
  },
];

// One Jest run over the whole workspace. Unit specs (*.spec.ts) need nothing;
// *.int-spec.ts need real servers and *.e2e-spec.ts run whole processes. The
// global setup probes the servers once: with CI set a missing server fails the
// run, otherwise its tests are skipped with one loud line naming it.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

module.exports = {
  testEnvironment: 'node',
  rootDir: __dirname,
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/tools'],
  testMatch: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts'],
  transform: { '^.+\\.(ts|js)$': swc },
  transformIgnorePatterns: ['/node_modules/'],
  moduleFileExtensions: ['ts', 'js', 'json', 'mjs', 'cjs'],
  globalSetup: '<rootDir>/tools/test/global-setup.js',
  testTimeout: 30000,
  maxWorkers: 2,
};

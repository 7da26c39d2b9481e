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
  // Jest runs each test file in a vm context, where every lookup of a global
  // (Math.exp in a kernel density, Float64Array in an indicator) goes through
  // the context's interceptors: measured here, a Math.exp loop ran 28x slower
  // than under plain Node. Injecting these intrinsics of the test environment
  // as module-wrapper parameters makes them local lookups; they are the
  // environment's own objects, so instanceof and identity are unchanged. Date
  // and the timer functions are left out: fake timers replace those.
  sandboxInjectedGlobals: [
    'Math', 'Number', 'Array', 'Object', 'String', 'JSON', 'Map', 'Set', 'BigInt',
    'Float64Array', 'Float32Array', 'Int32Array', 'Uint32Array', 'Uint8Array', 'Uint16Array', 'Int8Array', 'Int16Array',
  ],
  maxWorkers: 2,
};

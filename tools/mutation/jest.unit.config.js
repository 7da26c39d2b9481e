// Jest as Stryker runs it: the workspace's config (SWC, the injected intrinsics)
// limited to the unit specs of the one library being mutated. Integration and
// e2e specs need servers and whole processes, which a run per mutant cannot
// afford, so the server probe of the global setup goes too. So do the property
// specs (*.property.spec.ts): risk-engine's runs 2,000 random sequences in 26 s
// and covers nearly every mutant of the desk, so with it each surviving mutant
// would cost half a minute (a day for the library on a 2-core machine); `npm
// test` still runs them. Stryker loads this file inside its sandbox, so rootDir
// is the sandbox's copy of the repository. A file group's run (MUTATION_SPECS,
// globs from the repository root) runs only the specs beside the group's files.
'use strict';
const workspace = require('../../jest.config.js');

const library = process.env.MUTATION_LIBRARY;
if (!library) throw new Error('MUTATION_LIBRARY names the library whose unit specs to run');

module.exports = {
  ...workspace,
  roots: [`<rootDir>/libs/${library}/src`],
  testMatch: process.env.MUTATION_SPECS ? process.env.MUTATION_SPECS.split(',').map((glob) => `<rootDir>/${glob}`) : ['**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '\\.property\\.spec\\.ts$'],
  globalSetup: undefined,
  maxWorkers: 1,
};

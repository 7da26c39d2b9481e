// The libraries `npm run test:mutation` mutates, what of each it mutates, and the
// file groups whose mutation scores README.md reports against a goal. Paths are
// relative to the repository root; a group's files are a subset of its library's.
'use strict';

// One pattern, so that Stryker has no exclusion to warn about in a library without testing/ or int-specs.
const notTests = ['!**/{*.spec.ts,*.int-spec.ts,*.e2e-spec.ts,index.ts,testing/**}'];
// The same files as notTests, for one path (the --changed run picks files itself).
const testOrIndex = /(\.spec\.ts|\.int-spec\.ts|\.e2e-spec\.ts)$|(^|\/)index\.ts$|\/testing\//;

/** The ledger, the venue and the risk checks that stop or size an order hold real money: 85 %. */
const kernelGoal = 85;
const coreGoal = 75;

const libraries = [
  {
    name: 'risk-engine',
    sources: ['libs/risk-engine/src/'],
    groups: [
      { name: 'rules', label: 'risk rules', goal: kernelGoal, files: ['libs/risk-engine/src/rules/'] },
      { name: 'breakers', label: 'breakers', goal: kernelGoal, files: ['libs/risk-engine/src/breakers/'] },
      { name: 'sizing', label: 'sizing', goal: kernelGoal, files: ['libs/risk-engine/src/sizing/', 'libs/risk-engine/src/desk/sizing.policy.ts'] },
      { name: 'measures', label: 'risk measures (VaR, CVaR, correlation)', goal: coreGoal, files: ['libs/risk-engine/src/measures/'] },
      { name: 'desk', label: 'risk desk', goal: coreGoal, files: ['libs/risk-engine/src/desk/'] },
      // The engine, its limits, the trading state and the portfolio view have few
      // specs beside them: the engine's spec and the rules' specs pin them. With
      // every spec of the library each static mutant took some 20 s here.
      {
        name: 'engine',
        label: 'risk engine, limits, state, portfolio view',
        goal: coreGoal,
        files: ['libs/risk-engine/src/'],
        specs: ['libs/risk-engine/src/*.spec.ts', 'libs/risk-engine/src/state/**/*.spec.ts', 'libs/risk-engine/src/portfolio/**/*.spec.ts', 'libs/risk-engine/src/rules/**/*.spec.ts'],
      },
    ],
  },
  {
    name: 'portfolio',
    sources: ['libs/portfolio/src/'],
    groups: [{ name: 'ledger', label: 'ledger', goal: kernelGoal, files: ['libs/portfolio/src/'] }],
  },
  {
    name: 'simulated-venue',
    sources: ['libs/simulated-venue/src/'],
    groups: [{ name: 'venue', label: 'venue', goal: kernelGoal, files: ['libs/simulated-venue/src/'] }],
  },
  {
    // The validator and the file importers; the HTTP sources, caches and resilience
    // wrappers are integration code their int-specs cover against real servers.
    name: 'data-sources',
    sources: ['libs/data-sources/src/validation/', 'libs/data-sources/src/files/'],
    groups: [
      { name: 'validator', label: 'validator', goal: coreGoal, files: ['libs/data-sources/src/validation/'] },
      // Apart from the parsers: its spec compares with Intl on every half hour of a year, minutes per run under Stryker.
      { name: 'time-zones', label: 'importers: time zones', goal: coreGoal, files: ['libs/data-sources/src/files/source-time-zone.ts', 'libs/data-sources/src/files/civil-time.ts'] },
      { name: 'importers', label: 'importers: parsers and reader', goal: coreGoal, files: ['libs/data-sources/src/files/'] },
    ],
  },
  {
    name: 'indicators',
    sources: ['libs/indicators/src/'],
    groups: [
      { name: 'moving-averages', label: 'indicators: moving averages', goal: coreGoal, files: ['libs/indicators/src/moving-average/'] },
      { name: 'momentum', label: 'indicators: momentum', goal: coreGoal, files: ['libs/indicators/src/momentum/'] },
      { name: 'volatility', label: 'indicators: volatility', goal: coreGoal, files: ['libs/indicators/src/volatility/'] },
      { name: 'volume-trend', label: 'indicators: volume and trend', goal: coreGoal, files: ['libs/indicators/src/volume/', 'libs/indicators/src/trend/'] },
      { name: 'indicator-core', label: 'indicators: windows, deque, guards', goal: coreGoal, files: ['libs/indicators/src/core/', 'libs/indicators/src/rolling/'] },
      { name: 'catalog', label: 'indicators: catalog and batch', goal: coreGoal, files: ['libs/indicators/src/'] },
    ],
  },
  {
    name: 'tsparzen',
    sources: ['libs/tsparzen/src/'],
    groups: [
      { name: 'parzen', label: 'tsparzen: estimator, distributions', goal: coreGoal, files: ['libs/tsparzen/src/parzen-estimator.ts', 'libs/tsparzen/src/distributions.ts', 'libs/tsparzen/src/normal-math.ts'] },
      { name: 'samplers', label: 'tsparzen: samplers', goal: coreGoal, files: ['libs/tsparzen/src/samplers/'] },
      { name: 'pruners', label: 'tsparzen: pruners', goal: coreGoal, files: ['libs/tsparzen/src/pruners/'] },
      { name: 'study', label: 'tsparzen: study, trials, random', goal: coreGoal, files: ['libs/tsparzen/src/'] },
    ],
  },
];

const asGlob = (prefix) => (prefix.endsWith('/') ? `${prefix}**/*.ts` : prefix);

for (const library of libraries) library.mutate = [...library.sources.map(asGlob), ...notTests];

/** Whether `file` (relative to the repository root) is code a library's run mutates. */
function isMutated(library, file) {
  return file.endsWith('.ts') && !testOrIndex.test(file) && library.sources.some((prefix) => file.startsWith(prefix));
}

/**
 * The group a mutated file counts in: the first whose prefix it starts with, so a
 * library lists its narrow groups before the one that takes the rest.
 */
function groupOf(library, file) {
  return library.groups.find((group) => group.files.some((prefix) => file.startsWith(prefix)));
}

/**
 * The specs a group's run executes: those it names, or those beside its files
 * (a folder's *.spec.ts, a file's own spec). A group's mutants are then judged by the
 * tests written for that code; the whole-library run uses every unit spec.
 */
function groupSpecs(group) {
  if (group.specs) return group.specs;
  return group.files.map((prefix) => (prefix.endsWith('/') ? `${prefix}**/*.spec.ts` : prefix.replace(/\.ts$/, '*.spec.ts')));
}

/**
 * What Stryker mutates for one group: its files, less those of the groups listed
 * before it (which take them first), less the tests.
 */
function groupMutate(library, group) {
  const earlier = library.groups.slice(0, library.groups.indexOf(group));
  return [...group.files.map(asGlob), ...earlier.flatMap((g) => g.files.map((prefix) => `!${asGlob(prefix)}`)), ...notTests];
}

module.exports = { libraries, groupOf, groupMutate, groupSpecs, isMutated };

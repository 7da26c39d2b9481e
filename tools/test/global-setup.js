// Probes the servers integration tests need, and the Chromium the page tests
// drive, once per Jest run, and publishes the result to the workers through the
// environment. A test needing one that is missing FAILS under CI and is
// skipped (with one loud line) elsewhere. What is probed, and where, is
// server-probe.ts (Jest compiles it for the setup as for the specs).
'use strict';
const { missingPrerequisites } = require('./server-probe');

module.exports = async function globalSetup() {
  const down = await missingPrerequisites(process.env);
  process.env.TRADING_TEST_SERVERS_DOWN = down.map((entry) => entry.split(' ')[0]).join(',');
  if (down.length === 0) return;
  if (process.env.CI) {
    throw new Error(`CI is set and these are unavailable: ${down.join(', ')}. Start or install them (see README.md, Tests).`);
  }
  process.stderr.write(`\n!!! SKIPPING tests that need: ${down.join(', ')} — unavailable (set CI=true to make this fail)\n\n`);
};

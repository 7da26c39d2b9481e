// Probes the servers integration tests need, and the Chromium the page tests
// drive, once per Jest run, and publishes the result to the workers through the
// environment. A test needing one that is missing FAILS under CI and is
// skipped (with one loud line) elsewhere.
'use strict';
const fs = require('node:fs');
const net = require('node:net');
const { serverUrls } = require('./server-urls');

function reachable(url, timeoutMs = 1500) {
  const parsed = new URL(url);
  const port = Number(parsed.port) || { postgres: 5432, postgresql: 5432, amqp: 5672, redis: 6379 }[parsed.protocol.replace(':', '')];
  return new Promise((resolve) => {
    const socket = net.connect({ host: parsed.hostname, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The page tests drive Debian's Chromium headless (`apt-get install chromium`); CHROMIUM_PATH names another build. */
function chromiumMissing() {
  const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  try {
    fs.accessSync(path, fs.constants.X_OK);
    return undefined;
  } catch {
    return `chromium (no executable at ${path}: apt-get install chromium, or set CHROMIUM_PATH)`;
  }
}

module.exports = async function globalSetup() {
  const urls = serverUrls();
  const down = [];
  for (const [name, url] of Object.entries(urls)) {
    // The password masked; a URL without one is shown as it is.
    if (!(await reachable(url))) down.push(`${name} (${url.replace(/(\/\/[^:@/]*):[^@/]*@/, '$1:***@')})`);
  }
  const browser = chromiumMissing();
  if (browser) down.push(browser);
  process.env.TRADING_TEST_SERVERS_DOWN = down.map((entry) => entry.split(' ')[0]).join(',');
  if (down.length === 0) return;
  if (process.env.CI) {
    throw new Error(`CI is set and these are unavailable: ${down.join(', ')}. Start or install them (see README.md, Tests).`);
  }
  process.stderr.write(`\n!!! SKIPPING tests that need: ${down.join(', ')} — unavailable (set CI=true to make this fail)\n\n`);
};

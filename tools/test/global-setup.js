// Probes the servers integration tests need, once per Jest run, and publishes
// the result to the workers through the environment. A test needing a server
// that is down FAILS under CI and is skipped (with one loud line) elsewhere.
'use strict';
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

module.exports = async function globalSetup() {
  const urls = serverUrls();
  const down = [];
  for (const [name, url] of Object.entries(urls)) {
    if (!(await reachable(url))) down.push(`${name} (${url.replace(/\/\/[^@/]*@/, '//')})`);
  }
  process.env.TRADING_TEST_SERVERS_DOWN = down.map((entry) => entry.split(' ')[0]).join(',');
  if (down.length === 0) return;
  if (process.env.CI) {
    throw new Error(`CI is set and these servers are unreachable: ${down.join(', ')}. Start them (see DEVELOPERS.md).`);
  }
  process.stderr.write(`\n!!! SKIPPING tests that need: ${down.join(', ')} — server unreachable (set CI=true to make this fail)\n\n`);
};

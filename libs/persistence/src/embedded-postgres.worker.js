// Runs PGlite and its socket server in a worker thread. PGlite loads node
// built-ins with dynamic import(), which Jest's module sandbox refuses, and its
// WASM engine would otherwise share the event loop with the service; in a
// worker it does neither. Plain CommonJS so it needs no compile step.
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { mkdirSync } = require('node:fs');

async function main() {
  const { PGlite } = require('@electric-sql/pglite');
  const { PGLiteSocketServer } = require('@electric-sql/pglite-socket');
  const { dataDir, host, port, socketPath } = workerData;
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  const server = new PGLiteSocketServer({ db, host, port, path: socketPath, maxConnections: 1 });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  parentPort.on('message', async (message) => {
    if (message !== 'stop') return;
    // Whatever fails while stopping, close PGlite and let the host go on with its shutdown.
    try {
      await server.stop();
    } catch {
      // the socket server was already down
    }
    try {
      await db.close();
    } finally {
      parentPort.postMessage({ type: 'stopped' });
      parentPort.close();
    }
  });
  parentPort.postMessage({ type: 'ready', connection: server.getServerConn() });
}

main().catch((error) => {
  parentPort.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  parentPort.close();
});

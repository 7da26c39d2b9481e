// What the Jest global setup probes before a run: the servers at the URLs the
// specs will use (read through test-support's one rule, so a TEST_* variable
// set to "" means the same default here as in the specs) and the Chromium the
// page tests drive.
import { accessSync, constants } from 'node:fs';
import { connect } from 'node:net';
import { chromiumPath, testServerUrls } from '../../libs/test-support/src/server-urls';

type Environment = Readonly<Record<string, string | undefined>>;
export type Probe = (url: string) => Promise<boolean>;

const DEFAULT_PORTS: Readonly<Record<string, number>> = { postgres: 5432, postgresql: 5432, amqp: 5672, redis: 6379 };

/** Whether a TCP connection to the URL's host and port opens within `timeoutMs`. */
export function reachable(url: string, timeoutMs = 1500): Promise<boolean> {
  const parsed = new URL(url);
  const port = Number(parsed.port) || DEFAULT_PORTS[parsed.protocol.replace(':', '')];
  return new Promise((resolve) => {
    const socket = connect({ host: parsed.hostname, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Each missing prerequisite as "name (where)", the password of a URL masked. */
export async function missingPrerequisites(env: Environment, probe: Probe = reachable): Promise<string[]> {
  const down: string[] = [];
  for (const [name, url] of Object.entries(testServerUrls(env))) {
    if (!(await probe(url))) down.push(`${name} (${url.replace(/(\/\/[^:@/]*):[^@/]*@/, '$1:***@')})`);
  }
  const path = chromiumPath(env);
  try {
    accessSync(path, constants.X_OK);
  } catch {
    down.push(`chromium (no executable at ${path}: apt-get install chromium, or set CHROMIUM_PATH)`);
  }
  return down;
}

// Gates integration and page tests on what the Jest global setup found: the
// servers reachable and Chromium installed. Under CI anything missing already
// failed the run in the global setup, so skipping here only ever happens on a
// developer machine, announced loudly.
import type { TestServer } from './server-urls';

/** What a test may need beyond Node: a server, or the browser the page tests drive. */
export type TestPrerequisite = TestServer | 'chromium';

export function serverIsDown(prerequisite: TestPrerequisite): boolean {
  return (process.env['TRADING_TEST_SERVERS_DOWN'] ?? '').split(',').includes(prerequisite);
}

/** `describe` that runs only when every named prerequisite was available. */
export function describeWithServers(servers: readonly TestPrerequisite[], name: string, body: () => void): void {
  const down = servers.filter(serverIsDown);
  if (down.length > 0 && !process.env['CI']) {
    // Reason: the global setup printed what is missing.
    describe.skip(`${name} [needs ${down.join(', ')}]`, body);
    return;
  }
  describe(name, body);
}

/** `it` for a test that drives headless Chromium: skipped, named, when it is not installed (never under CI). */
export function itWithChromium(name: string, test: () => Promise<void>, timeoutMs?: number): void {
  if (serverIsDown('chromium') && !process.env['CI']) {
    // Reason: the global setup printed that Chromium is missing and how to install it.
    it.skip(`${name} [needs chromium]`, test, timeoutMs);
    return;
  }
  it(name, test, timeoutMs);
}

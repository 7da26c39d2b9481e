// Live mode's stop lets out everything its polls committed: the relay is
// drained after the poller has stopped, so a run on an in-memory database
// (`trading run --live`) loses no bar it stored, and a host that polls once
// before its loop (to warm up on the history) is told the newest stored bar.
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRoutePattern, type Envelope } from '@trading/contracts';
import { SeededRandom, type Bar } from '@trading/domain';
import { InProcessBus } from '@trading/messaging';
import { readDataText, sharedData } from '@trading/test-support';
import { growingFileFeed } from '../live/growing-file.feed';
import { loadMarketDataConfig } from '../market-data.config';
import { LiveHarness } from '../testing/live-harness';
import { prepareLiveMode } from './live-mode';

jest.setTimeout(60_000);

const HOUR = 3_600_000;
// 2025-07-16, a Wednesday of the vendored EURUSD H1 export (UTC).
const at = (hour: number) => Date.UTC(2025, 6, 16) + hour * HOUR;
const APPENDED = 150;
/** A row's bar open time: `2025.07.16<TAB>10:00:00<TAB>…`, UTC. */
const openTime = (row: string): number => {
  const [date, time] = row.split('\t');
  return Date.parse(`${date.replace(/\./g, '-')}T${time}Z`);
};

describe('live mode polled once, then stopped', () => {
  const source = readDataText(sharedData.fxH1_2025('EURUSD')).split('\n');
  const lineAt = (hour: number) => source.findIndex((text) => text.startsWith(`2025.07.16\t${String(hour).padStart(2, '0')}:00:00\t`));
  let folder: string;
  let harness: LiveHarness;
  let bus: InProcessBus;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'trading-live-stop-'));
    harness = await LiveHarness.open(at(10) + 5_000);
    bus = new InProcessBus();
  });
  afterAll(async () => {
    await bus.close();
    await harness.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('names the newest stored bar after the first poll, and publishes every bar committed before the stop', async () => {
    const path = join(folder, 'EURUSD_H1.csv');
    writeFileSync(path, source.slice(0, lineAt(9) + 1).join('\n') + '\n');
    const published: Envelope[] = [];
    const tap = await bus.consume({ queue: 'tap', bindings: [parseRoutePattern('market.bar.*.*')], temporary: true, handler: async ({ envelope }) => void published.push(envelope) });
    const config = loadMarketDataConfig({ MARKET_DATA_MODE: 'live', MARKET_DATA_FILES: path });
    const live = prepareLiveMode({
      config,
      feeds: [growingFileFeed(path)],
      bus,
      database: harness.database,
      cache: harness.cache,
      quotes: harness.quotes,
      metrics: harness.metrics,
      logger: harness.logger,
      clock: harness.clock,
      sleep: async () => undefined,
      random: new SeededRandom(7),
    });
    try {
      expect(await live.pollOnce()).toEqual(new Map([['EURUSD H1', at(9)]]));
      // 150 more bars close and are appended: with their quotes more rows than one relay round takes (256).
      // One more poll commits them, and the host stops at once.
      const appended = source.slice(lineAt(10), lineAt(10) + APPENDED);
      appendFileSync(path, appended.join('\n') + '\n');
      const newest = openTime(appended[appended.length - 1]);
      harness.clock.set(newest + HOUR + 5_000);
      expect(await live.pollOnce()).toEqual(new Map([['EURUSD H1', newest]]));
    } finally {
      await live.stop();
    }
    await tap.cancel();
    const times = published.map((envelope) => (envelope.payload as Bar).time);
    expect(times).toHaveLength(1 + APPENDED);
    expect(times.slice(0, 2)).toEqual([at(9), at(10)]);
    expect(times[APPENDED]).toBe(openTime(source[lineAt(10) + APPENDED - 1]));
  });
});

// Live mode following a bar file that grows (an MT5 export appended to as bars
// close), on the embedded database: each bar is published once it has closed,
// exactly once, in order, across a restart; an invalid row is reported on
// market.data-quality and never published; a line still being written waits.
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { barId } from '@trading/contracts';
import { barAt, type Bar, type Quote } from '@trading/domain';
import { readDataText, readSharedBars, sharedData } from '@trading/test-support';
import { growingFileFeed } from './growing-file.feed';
import { LiveHarness } from '../testing/live-harness';

jest.setTimeout(60_000);

const HOUR = 3_600_000;
const SETTLE = 5_000;
// A Wednesday of the vendored 2025 EURUSD H1 export, read as UTC.
const DAY = Date.UTC(2025, 6, 16);
const at = (hour: number) => DAY + hour * HOUR;

describe('live mode following a growing MT5 file', () => {
  const source = readDataText(sharedData.fxH1_2025('EURUSD')).split('\n');
  const header = source[0];
  const reference = readSharedBars(sharedData.fxH1_2025('EURUSD'), 'EURUSD', 'H1');
  const bar = (hour: number): Bar => barAt(reference, reference.time.indexOf(at(hour)));
  const line = (hour: number): string => {
    const found = source.find((text) => text.startsWith(`2025.07.16\t${String(hour).padStart(2, '0')}:00:00\t`));
    if (!found) throw new Error(`no line for 2025-07-16 ${hour}:00`);
    return found;
  };
  const through9 = source.slice(1, source.indexOf(line(9)) + 1);

  let folder: string;
  let path: string;
  let harness: LiveHarness;
  let linesWritten: number;
  const append = (text: string): void => {
    appendFileSync(path, text);
    linesWritten += text.split('\n').length - 1;
  };

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'trading-live-'));
    path = join(folder, 'EURUSD_H1.csv');
    writeFileSync(path, `${header}\n${through9.join('\n')}\n`);
    linesWritten = 1 + through9.length;
    harness = await LiveHarness.open(at(10) + SETTLE);
  });

  afterAll(async () => {
    await harness?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const bars = (relayed: Awaited<ReturnType<LiveHarness['relayCommitted']>>) => harness.payloads<Bar>(relayed, 'market.bar.');
  const quotes = (relayed: Awaited<ReturnType<LiveHarness['relayCommitted']>>) => harness.payloads<Quote>(relayed, 'market.quote.');
  const quoteOf = (b: Bar): Quote => ({ symbol: 'EURUSD', time: b.time + HOUR, bid: b.close, ask: b.close + b.spread * 1e-5 });

  it('starts with the newest closed bar: the whole file before it is stored as history, not published', async () => {
    const poller = harness.poller([growingFileFeed(path)]);
    expect(await poller.pollDue()).toBe(at(11) + SETTLE);
    const relayed = await harness.relayCommitted();
    expect(relayed.map(({ topic }) => topic)).toEqual(['market.bar.H1.EURUSD', 'market.quote.EURUSD']);
    expect(bars(relayed)).toEqual([bar(9)]);
    // 2025-07-16 09:00: close 1.16275, spread 7 points.
    expect(quotes(relayed)).toEqual([{ symbol: 'EURUSD', time: at(10), bid: 1.16275, ask: 1.16282 }]);
    expect(relayed[0].envelope.id).toBe(barId('EURUSD', 'H1', at(9), at(10)));
    expect(relayed[1].envelope.causationId).toBe(relayed[0].envelope.id);
    expect(await harness.latestQuote('EURUSD')).toEqual(quoteOf(bar(9)));
    // Every bar of the file up to 09:00, from 2025-06-23 on.
    expect(await harness.store.count('EURUSD', 'H1')).toBe(through9.length);
    expect((await harness.store.findRange('EURUSD', 'H1', 0, at(10))).time[0]).toBe(Date.UTC(2025, 5, 23));
  });

  it('never publishes the bar still forming, even when the file already has it', async () => {
    append(`${line(10)}\n${line(11)}\n`);
    harness.clock.set(at(11) + SETTLE);
    const poller = harness.poller([growingFileFeed(path)]);
    await poller.pollDue();
    const relayed = await harness.relayCommitted();
    expect(bars(relayed)).toEqual([bar(10)]);
    expect(quotes(relayed)).toEqual([quoteOf(bar(10))]);
  });

  it('after a restart publishes the bar that has closed since, and nothing twice', async () => {
    harness.clock.set(at(12) + SETTLE);
    const restarted = harness.poller([growingFileFeed(path)]);
    await restarted.pollDue();
    expect(bars(await harness.relayCommitted())).toEqual([bar(11)]);
    // Polled again at the same time (a second round, or another restart): nothing new.
    const again = harness.poller([growingFileFeed(path)]);
    await again.pollDue();
    expect(await harness.relayCommitted()).toEqual([]);
  });

  it('waits for a line still being written, asking again a minute later, then publishes what closed meanwhile in order', async () => {
    const poller = harness.poller([growingFileFeed(path)]);
    const twelve = line(12);
    append(twelve.slice(0, 20));
    harness.clock.set(at(13) + SETTLE);
    // Behind (12:00 has closed but is not in the file yet): the retry is due a minute later.
    expect(await poller.pollDue()).toBe(at(13) + SETTLE + 60_000);
    expect(await harness.relayCommitted()).toEqual([]);
    append(`${twelve.slice(20)}\n${line(13)}\n`);
    harness.clock.set(at(14) + SETTLE);
    expect(await poller.pollDue()).toBe(at(15) + SETTLE);
    const relayed = await harness.relayCommitted();
    expect(relayed.map(({ topic }) => topic)).toEqual(['market.bar.H1.EURUSD', 'market.quote.EURUSD', 'market.bar.H1.EURUSD', 'market.quote.EURUSD']);
    expect(bars(relayed)).toEqual([bar(12), bar(13)]);
  });

  it('reports an invalid row on market.data-quality with its file line and never publishes it; a repeat of a published bar is ignored', async () => {
    const fourteen = line(14).split('\t');
    // high below low: OHLC-inconsistent, rejected by the policy.
    [fourteen[3], fourteen[4]] = [fourteen[4], fourteen[3]];
    append(`${line(13)}\n${fourteen.join('\t')}\n${line(15)}\n`);
    const invalidRow = linesWritten - 1 - 1;
    harness.clock.set(at(16) + SETTLE);
    await harness.poller([growingFileFeed(path)]).pollDue();
    const relayed = await harness.relayCommitted();
    expect(relayed.map(({ topic }) => topic)).toEqual(['market.data-quality.EURUSD', 'market.data-quality.EURUSD', 'market.bar.H1.EURUSD', 'market.quote.EURUSD']);
    const findings = harness.payloads<{ kind: string; row: number; time: number; outcome: string; source: string }>(relayed, 'market.data-quality.');
    expect(findings.map(({ kind, row, time, outcome, source }) => ({ kind, row, time, outcome, source }))).toEqual([
      { kind: 'ohlc', row: invalidRow, time: at(14), outcome: 'rejected', source: 'csv' },
      // 15:00 follows 13:00: the rejected 14:00 is missing.
      { kind: 'gap', row: invalidRow + 1, time: at(15), outcome: 'reported', source: 'csv' },
    ]);
    expect(bars(relayed)).toEqual([bar(15)]);
    // The file's 418 bars through 09:00 stored at start, then 10:00-13:00 and 15:00; never the rejected 14:00 nor the repeated 13:00.
    expect(await harness.store.count('EURUSD', 'H1')).toBe(423);
    expect((await harness.store.findRange('EURUSD', 'H1', at(13), at(16))).time).toEqual(Float64Array.of(at(13), at(15)));
  });

  it('published every bar once, each followed by its quote, and counted it', async () => {
    const all = harness.relayed;
    const published = bars(all);
    expect(published.map((b) => (b.time - DAY) / HOUR)).toEqual([9, 10, 11, 12, 13, 15]);
    expect(new Set(all.map(({ envelope }) => envelope.id)).size).toBe(all.length);
    expect(quotes(all)).toEqual(published.map(quoteOf));
    const cursor: Array<{ last_bar_time: string }> = await harness.database.dataSource.query(`SELECT last_bar_time FROM "${harness.database.schema}".live_bar_cursors`);
    expect(cursor.map((row) => Number(row.last_bar_time))).toEqual([at(15)]);
    expect(await harness.metricLines('market_data_quotes_published_total')).toEqual(['market_data_quotes_published_total{symbol="EURUSD",service="market-data"} 6']);
    expect(await harness.metricLines('market_data_live_polls_total')).toEqual([
      'market_data_live_polls_total{symbol="EURUSD",timeframe="H1",outcome="new-bars",service="market-data"} 5',
      'market_data_live_polls_total{symbol="EURUSD",timeframe="H1",outcome="no-new-bars",service="market-data"} 2',
    ]);
    // At the last poll (16:00:05), the newest bar read (15:00) had closed 5 s before.
    expect(await harness.metricLines('market_data_live_last_bar_age_seconds')).toEqual(['market_data_live_last_bar_age_seconds{symbol="EURUSD",timeframe="H1",service="market-data"} 5']);
  });
});

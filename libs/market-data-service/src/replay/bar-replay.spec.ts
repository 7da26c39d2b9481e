import { MessageFactory, type Envelope } from '@trading/contracts';
import { importBarFileSync } from '@trading/data-sources';
import { ManualClock, SeededRandom, type BarColumns } from '@trading/domain';
import { InProcessBus, type MessageBus } from '@trading/messaging';
import { sharedData } from '@trading/test-support';
import { replayFeeds, type ReplayFeed } from './bar-replay';
import { parseReplaySpeed } from './replay-speed';

function recordingBus(): { bus: MessageBus; published: { topic: string; envelope: Envelope }[] } {
  const published: { topic: string; envelope: Envelope }[] = [];
  const bus = { publish: async (topic: string, envelope: Envelope) => void published.push({ topic, envelope }) } as unknown as MessageBus;
  return { bus, published };
}

function first(columns: BarColumns, count: number): BarColumns {
  const slice = (array: Float64Array) => array.subarray(0, count);
  return { ...columns, length: count, time: slice(columns.time), open: slice(columns.open), high: slice(columns.high), low: slice(columns.low), close: slice(columns.close), volume: slice(columns.volume), spread: slice(columns.spread) };
}

function window(columns: BarColumns, start: number, count: number): BarColumns {
  const slice = (array: Float64Array) => array.subarray(start, start + count);
  return { ...columns, length: count, time: slice(columns.time), open: slice(columns.open), high: slice(columns.high), low: slice(columns.low), close: slice(columns.close), volume: slice(columns.volume), spread: slice(columns.spread) };
}

function dependencies(bus: MessageBus, seed = 7) {
  const clock = new ManualClock(0);
  return { bus, clock, messages: new MessageFactory({ clock, random: new SeededRandom(seed), producer: 'market-data' }), sleep: async () => undefined, elapsedMs: () => 0 };
}

describe('replayFeeds', () => {
  const eurusd = importBarFileSync(sharedData.fxH1_2025('EURUSD'));
  const gbpusd = importBarFileSync(sharedData.fxH1_2025('GBPUSD'));
  const m5 = importBarFileSync(sharedData.eurusdM5());
  const feeds: ReplayFeed[] = [
    { columns: first(eurusd.columns, 200), source: 'csv', findings: [] },
    { columns: first(gbpusd.columns, 200), source: 'csv', findings: [] },
  ];

  it('publishes the bars of every symbol merged by close time, each on market.bar.{tf}.{symbol} and followed by its quote', async () => {
    const { bus, published } = recordingBus();
    const result = await replayFeeds(feeds, dependencies(bus), { speed: parseReplaySpeed('max') });
    expect(result.barsPublished).toEqual({ EURUSD: 200, GBPUSD: 200 });
    expect(result.quotesPublished).toEqual({ EURUSD: 200, GBPUSD: 200 });
    const bars = published.filter(({ topic }) => topic.startsWith('market.bar.'));
    const closes = bars.map(({ envelope }) => (envelope.payload as { time: number }).time + 3_600_000);
    expect(closes).toEqual([...closes].sort((a, b) => a - b));
    expect(published.slice(0, 4).map(({ topic }) => topic)).toEqual(['market.bar.H1.EURUSD', 'market.quote.EURUSD', 'market.bar.H1.GBPUSD', 'market.quote.GBPUSD']);
    expect(published[0].envelope.payload).toMatchObject({ symbol: 'EURUSD', open: eurusd.columns.open[0], close: eurusd.columns.close[0] });
    // Each message is stamped at its bar's close; the quote bids the close and asks close + spread.
    const close = eurusd.columns.time[0] + 3_600_000;
    expect(published[0].envelope.occurredAt).toBe(close);
    expect(published[1].envelope).toMatchObject({ occurredAt: close, causationId: published[0].envelope.id, payload: { symbol: 'EURUSD', time: close, bid: eurusd.columns.close[0] } });
    const quote = published[1].envelope.payload as { bid: number; ask: number };
    expect(quote.ask).toBe(eurusd.columns.close[0] + eurusd.columns.spread[0] * 1e-5);
  });

  it('quotes a symbol replayed in two timeframes once per instant, from the finer one where both have a bar', async () => {
    const { bus, published } = recordingBus();
    // The M5 and H1 exports overlap from 2021-06-24 on: 600 M5 bars and the 50 H1 bars from the same start.
    const h1 = importBarFileSync(sharedData.eurusdH1(), { symbol: 'EURUSD', timeframe: 'H1' });
    const fromH1 = h1.columns.time.findIndex((time) => time >= m5.columns.time[0]);
    const h1Feed: ReplayFeed = { columns: window(h1.columns, fromH1, 50), source: 'csv', findings: [] };
    const m5Feed: ReplayFeed = { columns: first(m5.columns, 600), source: 'csv', findings: [] };
    const result = await replayFeeds([h1Feed, m5Feed], dependencies(bus), { speed: parseReplaySpeed('max') });
    const m5Closes = new Set(Array.from(m5Feed.columns.time, (time) => time + 300_000));
    const h1Alone = Array.from(h1Feed.columns.time, (time) => time + 3_600_000).filter((close) => !m5Closes.has(close));
    expect(result.barsPublished).toEqual({ EURUSD: 650 });
    expect(result.quotesPublished).toEqual({ EURUSD: 600 + h1Alone.length });
    const quotes = published.filter(({ topic }) => topic === 'market.quote.EURUSD');
    const quoteTimes = quotes.map(({ envelope }) => (envelope.payload as { time: number }).time);
    expect(new Set(quoteTimes).size).toBe(quotes.length);
    // An H1 bar is quoted only at an instant where no M5 bar closes (a gap in the M5 export).
    for (const quote of quotes) {
      const cause = published.find(({ envelope }) => envelope.id === quote.envelope.causationId);
      const time = (quote.envelope.payload as { time: number }).time;
      expect(cause?.topic).toBe(m5Closes.has(time) ? 'market.bar.M5.EURUSD' : 'market.bar.H1.EURUSD');
    }
  });

  it('quotes each file of a symbol where it alone has bars (EURUSD M5 of 2021, H1 of 2025)', async () => {
    const { bus } = recordingBus();
    const h1Feed: ReplayFeed = { columns: first(eurusd.columns, 100), source: 'csv', findings: [] };
    const m5Feed: ReplayFeed = { columns: first(m5.columns, 100), source: 'csv', findings: [] };
    const result = await replayFeeds([m5Feed, h1Feed], dependencies(bus), { speed: parseReplaySpeed('max') });
    expect(result.quotesPublished).toEqual({ EURUSD: 200 });
  });

  it('announces the validation findings before the bars, on market.data-quality.{symbol}', async () => {
    const { bus, published } = recordingBus();
    const feed: ReplayFeed = { columns: first(m5.columns, 10), source: 'csv', findings: m5.report.findings };
    await replayFeeds([feed], dependencies(bus), { speed: parseReplaySpeed('max') });
    const quality = published.filter(({ topic }) => topic === 'market.data-quality.EURUSD');
    expect(quality.map(({ envelope }) => (envelope.payload as { kind: string }).kind).filter((kind) => kind === 'duplicate')).toHaveLength(198);
    expect(published.findIndex(({ topic }) => topic.startsWith('market.bar'))).toBe(quality.length);
  });

  it('gives byte-identical envelopes for the same data and seed; bar and quote ids come from the bars, findings ids from the seed', async () => {
    const withFindings: ReplayFeed[] = [...feeds, { columns: first(m5.columns, 10), source: 'csv', findings: m5.report.findings.slice(0, 5) }];
    const runs = await Promise.all(
      [7, 7, 8].map(async (seed) => {
        const { bus, published } = recordingBus();
        await replayFeeds(withFindings, dependencies(bus, seed), { speed: parseReplaySpeed('max') });
        return published;
      }),
    );
    expect(JSON.stringify(runs[0])).toBe(JSON.stringify(runs[1]));
    const ids = (run: typeof runs[0], prefix: string) => run.filter(({ topic }) => topic.startsWith(prefix)).map(({ envelope }) => envelope.id);
    expect(ids(runs[2], 'market.bar.')).toEqual(ids(runs[0], 'market.bar.'));
    expect(ids(runs[2], 'market.quote.')).toEqual(ids(runs[0], 'market.quote.'));
    expect(ids(runs[2], 'market.data-quality.')).toHaveLength(5);
    expect(ids(runs[2], 'market.data-quality.')).not.toEqual(ids(runs[0], 'market.data-quality.'));
  });

  it('paces an accelerated replay on market time: 3600x waits one real second per market hour', async () => {
    const { bus } = recordingBus();
    let realMs = 0;
    const waits: number[] = [];
    const deps = { ...dependencies(bus), sleep: async (ms: number) => void (waits.push(ms), (realMs += ms)), elapsedMs: () => realMs };
    await replayFeeds([{ columns: first(eurusd.columns, 5), source: 'csv', findings: [] }], deps, { speed: parseReplaySpeed('3600') });
    const hours = Array.from({ length: 4 }, (_, i) => (eurusd.columns.time[i + 1] - eurusd.columns.time[i]) / 3_600_000);
    expect(waits).toEqual(hours.map((h) => h * 1000));
  });

  it('stops early when aborted and says so', async () => {
    const controller = new AbortController();
    const { published } = recordingBus();
    const bus = {
      publish: async (topic: string, envelope: Envelope) => {
        published.push({ topic, envelope });
        if (published.length === 10) controller.abort();
      },
    } as unknown as MessageBus;
    const result = await replayFeeds(feeds, dependencies(bus), { speed: parseReplaySpeed('max'), signal: controller.signal });
    expect(result.aborted).toBe(true);
    expect(published).toHaveLength(10);
  });

  it('stops at once when aborted during an accelerated wait, however long the wait', async () => {
    const controller = new AbortController();
    const { bus, published } = recordingBus();
    const waits: number[] = [];
    // A wait that only an abort ends: the replay must hand it its signal and stop when it is cut short.
    const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
      new Promise<void>((_resolve, reject) => {
        waits.push(ms);
        if (signal === undefined) return reject(new Error(`asked to wait ${ms} ms with no abort signal`));
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        // Abort while the replay waits a real hour for the next H1 bar.
        controller.abort();
      });
    const deps = { ...dependencies(bus), sleep, elapsedMs: () => 0 };
    const result = await replayFeeds([feeds[0]], deps, { speed: parseReplaySpeed('1'), signal: controller.signal });
    expect(result.aborted).toBe(true);
    expect(waits).toEqual([eurusd.columns.time[1] - eurusd.columns.time[0]]);
    expect(waits).toEqual([3_600_000]);
    expect(published.map(({ topic }) => topic)).toEqual(['market.bar.H1.EURUSD', 'market.quote.EURUSD']);
  });

  it('in lockstep, publishes each bar and its quote inside the step, and the next bar only once the step resolves', async () => {
    const { bus, published } = recordingBus();
    const steps: { closeTime: number; ids: readonly string[]; publishedBefore: number }[] = [];
    const result = await replayFeeds(feeds.map((feed) => ({ ...feed, columns: first(feed.columns, 3) })), dependencies(bus), {
      speed: parseReplaySpeed('max'),
      step: async (closeTime, publish) => {
        const publishedBefore = published.length;
        const ids = await publish();
        // Nothing of a later bar goes out while the step is running.
        await new Promise((resolve) => setImmediate(resolve));
        steps.push({ closeTime, ids, publishedBefore });
      },
    });
    expect(result.barsPublished).toEqual({ EURUSD: 3, GBPUSD: 3 });
    expect(steps.map((step) => step.publishedBefore)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(steps.map((step) => step.ids)).toEqual(Array.from({ length: 6 }, (_, i) => [published[2 * i].envelope.id, published[2 * i + 1].envelope.id]));
    expect(steps.map((step) => step.closeTime)).toEqual([0, 0, 1, 1, 2, 2].map((hour) => eurusd.columns.time[0] + (hour + 1) * 3_600_000));
  });

  it('rejects a speed that is neither max nor a positive number', () => {
    expect(() => parseReplaySpeed('0')).toThrow('speed must be "max" or a positive number');
    expect(parseReplaySpeed('MAX')).toEqual({ kind: 'max' });
  });

  it('fails the replay when the bus refuses a publish', async () => {
    const bus = new InProcessBus();
    await expect(replayFeeds(feeds, dependencies(bus), { speed: parseReplaySpeed('max') })).rejects.toThrow('no queue is bound');
    await bus.close();
  });
});

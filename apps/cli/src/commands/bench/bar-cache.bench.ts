// `trading bench bar-cache`: speed of the market-data bar cache on the real
// EURUSD H1 export: the binary codec Redis stores (bars/s each way, bytes per
// bar against JSON), in-memory cache hits, and, with --redis, the round trip
// of a cached window through a real Redis (unique key prefix, removed after).
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { barAt, ManualClock, type Bar } from '@trading/domain';
import { decodeBars, encodeBars, importBarFileSync, InMemoryBarCache, RedisBarCache, type BarRequest } from '@trading/data-sources';
import { redactString } from '@trading/observability';
import { Redis } from 'ioredis';
import { CliError } from '../../cli-error';
import { logLine, printJson, printText } from '../../output';
import { wholeNumberFlag } from '../../whole-number-flag';
import { vendoredData } from '../../vendored-data';
import { lowerMedian, roundTo } from './bench-stats';


interface BarCacheBenchFlags {
  readonly window: string;
  readonly runs: string;
  readonly redis?: string;
  readonly json?: boolean;
}

export function registerBarCacheBench(bench: Command): void {
  bench
    .command('bar-cache')
    .option('--window <bars>', 'bars per cached window', '500')
    .option('--runs <count>', 'timed repetitions (the median is reported)', '5')
    .option('--redis <url>', 'also time get/set on this Redis (e.g. redis://127.0.0.1:6379)')
    .option('--json', 'print the result as JSON on stdout')
    .action(async (flags: BarCacheBenchFlags) => {
      const windowBars = wholeNumberFlag(flags.window, '--window', 1);
      const runs = wholeNumberFlag(flags.runs, '--runs', 1);
      const { columns } = importBarFileSync(vendoredData.eurusdH1);
      const bars: Bar[] = Array.from({ length: columns.length }, (_v, i) => barAt(columns, i));
      logLine(`bench bar-cache: ${bars.length} real EURUSD H1 bars, windows of ${windowBars}, ${runs} runs`);
      const result: Record<string, unknown> = { bars: bars.length, windowBars, runs, codec: codecFigures(bars, runs), inMemory: await inMemoryFigures(bars, windowBars, runs) };
      if (flags.redis) result['redis'] = await redisFigures(flags.redis, bars, windowBars, runs);
      if (flags.json) printJson(result);
      else printText(JSON.stringify(result, null, 2));
    });
}

function codecFigures(bars: readonly Bar[], runs: number): Record<string, number> {
  const request = { symbol: bars[0].symbol, timeframe: bars[0].timeframe };
  const encodeMs: number[] = [];
  const decodeMs: number[] = [];
  let bytes = encodeBars(bars);
  for (let run = 0; run <= runs; run++) {
    const t0 = performance.now();
    bytes = encodeBars(bars);
    const t1 = performance.now();
    const decoded = decodeBars(bytes, request);
    const t2 = performance.now();
    if (!decoded || decoded.length !== bars.length || decoded[decoded.length - 1].close !== bars[bars.length - 1].close) {
      throw new Error('codec round trip lost bars');
    }
    if (run > 0) {
      encodeMs.push(t1 - t0);
      decodeMs.push(t2 - t1);
    }
  }
  const json = Buffer.byteLength(JSON.stringify(bars));
  return {
    encodeBarsPerSecond: Math.round(bars.length / (lowerMedian(encodeMs) / 1000)),
    decodeBarsPerSecond: Math.round(bars.length / (lowerMedian(decodeMs) / 1000)),
    bytesPerBar: round(bytes.length / bars.length),
    jsonBytesPerBar: round(json / bars.length),
  };
}

function windows(bars: readonly Bar[], windowBars: number): Array<{ request: BarRequest; bars: Bar[] }> {
  const out: Array<{ request: BarRequest; bars: Bar[] }> = [];
  for (let start = 0; start + windowBars <= bars.length; start += windowBars) {
    const slice = bars.slice(start, start + windowBars);
    const last = slice[slice.length - 1];
    out.push({ request: { symbol: last.symbol, timeframe: last.timeframe, from: slice[0].time, to: last.time + 3_600_000 }, bars: slice });
  }
  if (out.length === 0) throw new CliError(`--window ${windowBars} is larger than the ${bars.length} bars of the file`);
  return out;
}

async function inMemoryFigures(bars: readonly Bar[], windowBars: number, runs: number): Promise<Record<string, number>> {
  const clock = new ManualClock(bars[bars.length - 1].time + 86_400_000);
  const cache = new InMemoryBarCache(clock);
  const all = windows(bars, windowBars);
  for (const w of all) await cache.set(w.request, w.bars);
  const lookups = 200_000;
  const timings: number[] = [];
  for (let run = 0; run <= runs; run++) {
    const start = performance.now();
    for (let i = 0; i < lookups; i++) {
      const w = all[i % all.length];
      await cache.getOrLoad(w.request, () => Promise.reject(new Error('unexpected miss')));
    }
    if (run > 0) timings.push(performance.now() - start);
  }
  return { windows: all.length, hitsPerSecond: Math.round(lookups / (lowerMedian(timings) / 1000)) };
}

async function redisFigures(url: string, bars: readonly Bar[], windowBars: number, runs: number): Promise<Record<string, number | string>> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new CliError(`--redis ${redactString(url)}: cannot connect (${error instanceof Error ? error.message : String(error)})`);
  }
  const prefix = `bench:bar-cache:${process.pid}:${Date.now().toString(36)}:`;
  try {
    const clock = new ManualClock(bars[bars.length - 1].time + 86_400_000);
    const cache = new RedisBarCache(redis, clock, { keyPrefix: prefix });
    const all = windows(bars, windowBars).slice(0, 50);
    const setMs: number[] = [];
    const getMs: number[] = [];
    for (let run = 0; run <= runs; run++) {
      for (const w of all) {
        const t0 = performance.now();
        await cache.set(w.request, w.bars);
        const t1 = performance.now();
        const got = await cache.get(w.request);
        const t2 = performance.now();
        if (!got || got.length !== w.bars.length) throw new Error('Redis lost a window');
        if (run > 0) {
          setMs.push(t1 - t0);
          getMs.push(t2 - t1);
        }
      }
    }
    getMs.sort((a, b) => a - b);
    return {
      // The result is printed and often kept: never with the password of the URL.
      url: redactString(url),
      medianSetMs: round(lowerMedian(setMs)),
      medianGetMs: round(lowerMedian(getMs)),
      p99GetMs: round(getMs[Math.min(getMs.length - 1, Math.floor(getMs.length * 0.99))]),
    };
  } finally {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  }
}

const round = (value: number): number => roundTo(value, 3);


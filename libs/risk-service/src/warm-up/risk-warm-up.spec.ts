// Risk's first-start warm-up on the real EURUSD and GBPUSD H1 bars of 2025:
// the messages it builds are the ones market-data publishes live, byte for
// byte; a warmed desk decides its first signal exactly as a desk that handled
// the same bars live, where a cold one refuses it; and the warm-up is
// journaled, so a restart replays it instead of reading history again.
import { type Envelope, MessageFactory, type PayloadOf, signalIdFor } from '@trading/contracts';
import { type Bar, type BarColumns, ManualClock, Money, SeededRandom, instrumentFor, type Timeframe } from '@trading/domain';
import { barMessage } from '@trading/kernel-hosts/testing';
import type { Database } from '@trading/persistence';
import { openTestDatabase } from '@trading/persistence/testing';
import { DEFAULT_RISK_LIMITS } from '@trading/risk-engine';
import type { BarHistory } from '@trading/runtime';
import { DEFAULT_FILL_MODEL } from '@trading/simulated-venue';
import { readSharedBars, sharedData } from '@trading/test-support';
import { RiskDeskService } from '../desk/risk-desk.service';
import type { RiskDeskSettings } from '../desk/risk-runtime';
import { riskServiceMigrations } from '../migrations';
import { agreeingSnapshot, feed, outboxRows, wallClock } from '../testing/risk-service.harness';
import { readRiskWarmUp, readRiskWarmUpWithRetry } from './risk-warm-up';

const HOUR = 3_600_000;
const SYMBOLS = ['EURUSD', 'GBPUSD'];
const columns = new Map(SYMBOLS.map((symbol) => [symbol, readSharedBars(sharedData.fxH1_2025(symbol), symbol, 'H1')]));

/** Bar history over the files, as market-data's /bars answers it; `fail` rejects the next calls. */
class FileHistory implements BarHistory {
  calls = 0;
  constructor(private fail = 0) {}

  async bars(symbol: string, timeframe: Timeframe, from: number, to: number): Promise<readonly Bar[]> {
    this.calls++;
    if (this.fail > 0) {
      this.fail--;
      throw new Error(`cannot reach market-data at http://market-data:9464/bars?symbol=${symbol} (connection refused)`);
    }
    const bars = columns.get(symbol) as BarColumns;
    const rows: Bar[] = [];
    for (let i = 0; i < bars.length; i++) {
      if (bars.time[i] < from || bars.time[i] >= to) continue;
      rows.push({ symbol, timeframe, time: bars.time[i], open: bars.open[i], high: bars.high[i], low: bars.low[i], close: bars.close[i], volume: bars.volume[i], spread: bars.spread[i] });
    }
    return rows;
  }
}

const eurusd = columns.get('EURUSD') as BarColumns;
const gbpusd = columns.get('GBPUSD') as BarColumns;
// The desk starts in the hour after EURUSD's bar 601 opened: that bar is still forming.
const LIVE = 601;
const startedAt = eurusd.time[LIVE] + 30 * 60_000;
const rowOf = (bars: BarColumns, time: number): number => bars.time.indexOf(time);

describe('readRiskWarmUp', () => {
  it('reads the last 501 closed bars of each symbol as the market.bar messages market-data publishes, by close then symbol', async () => {
    const warm = await readRiskWarmUp({ history: new FileHistory(), series: SYMBOLS.map((symbol) => ({ symbol, timeframe: 'H1' as const })), bars: 501, clock: new ManualClock(startedAt) });
    expect(warm.now).toBe(startedAt);
    expect([...warm.bars]).toEqual([
      ['EURUSD', 501],
      ['GBPUSD', 501],
    ]);
    // Both files hold the same hours here: EURUSD's rows 100..600 are GBPUSD's too.
    const first = rowOf(gbpusd, eurusd.time[100]);
    expect(rowOf(gbpusd, eurusd.time[600])).toBe(first + 500);
    const expected: Envelope[] = [];
    for (let k = 0; k <= 500; k++) expected.push(barMessage(eurusd, 100 + k), barMessage(gbpusd, first + k));
    expect(warm.envelopes).toEqual(expected);
    expect(new Date(warm.envelopes[0].occurredAt).toISOString()).toBe(new Date(eurusd.time[100] + HOUR).toISOString());
  });

  it('leaves out the bar still forming at its start, and reads what there is when the files hold less', async () => {
    const warm = await readRiskWarmUp({ history: new FileHistory(), series: SYMBOLS.map((symbol) => ({ symbol, timeframe: 'H1' as const })), bars: 5_000, clock: new ManualClock(startedAt) });
    // Every bar from the file's first to the last closed one: EURUSD's rows 0..600.
    expect(warm.bars.get('EURUSD')).toBe(LIVE);
    expect(warm.envelopes.filter((envelope) => envelope.payload.symbol === 'EURUSD').at(-1)).toEqual(barMessage(eurusd, LIVE - 1));
  });

  it('tries again, waiting longer each time, until market-data answers', async () => {
    const history = new FileHistory(2);
    const failures: Array<[number, number, string]> = [];
    const waits: number[] = [];
    const warm = await readRiskWarmUpWithRetry(
      { history, series: SYMBOLS.map((symbol) => ({ symbol, timeframe: 'H1' as const })), bars: 10, clock: new ManualClock(startedAt) },
      {
        random: new SeededRandom(3),
        sleep: async (ms) => {
          waits.push(ms);
        },
        signal: new AbortController().signal,
        firstDelayMs: 1_000,
        maxDelayMs: 30_000,
        onFailure: (error, attempt, delayMs) => failures.push([attempt, delayMs, (error as Error).message]),
      },
    );
    expect(failures.map(([attempt, , message]) => [attempt, message])).toEqual([
      [1, 'cannot reach market-data at http://market-data:9464/bars?symbol=EURUSD (connection refused)'],
      [2, 'cannot reach market-data at http://market-data:9464/bars?symbol=EURUSD (connection refused)'],
    ]);
    // Half to all of 1 s, then of 2 s: the seeded jitter.
    expect(waits).toEqual(failures.map(([, delayMs]) => delayMs));
    expect(waits[0]).toBeGreaterThanOrEqual(500);
    expect(waits[0]).toBeLessThanOrEqual(1_000);
    expect(waits[1]).toBeGreaterThanOrEqual(1_000);
    expect(waits[1]).toBeLessThanOrEqual(2_000);
    expect(warm.envelopes).toHaveLength(20);
  });
});

const settings: RiskDeskSettings = {
  instruments: SYMBOLS.map((symbol) => instrumentFor(symbol)),
  initialCash: Money.of(10_000, 'USD'),
  limits: DEFAULT_RISK_LIMITS,
  fill: DEFAULT_FILL_MODEL,
};

const strategies = new MessageFactory({ clock: new ManualClock(0), random: new SeededRandom(5), producer: 'strategy-intraday' });

/** A buy of EURUSD at the live bar's close, 30 pips of stop, 60 of target. */
function liveSignal(cause: Envelope): Envelope {
  const close = eurusd.close[LIVE];
  const at = cause.occurredAt;
  const payload: PayloadOf<'signal'> = {
    strategy: 'intraday',
    symbol: 'EURUSD',
    timeframe: 'H1',
    barTime: eurusd.time[LIVE],
    side: 'buy',
    strength: 0.7,
    confidence: 0.6,
    referencePrice: close,
    stopLoss: Math.round((close - 0.003) * 1e5) / 1e5,
    takeProfit: Math.round((close + 0.006) * 1e5) / 1e5,
    reason: 'warm-up spec',
  };
  return strategies.create('signal', payload, { id: signalIdFor(cause.id, 'intraday', at), occurredAt: at, causedBy: cause });
}

const liveBars = (): Envelope[] => [barMessage(eurusd, LIVE), barMessage(gbpusd, rowOf(gbpusd, eurusd.time[LIVE]))];

function open(database: Database, warmUp?: () => Promise<readonly Envelope[]>): Promise<RiskDeskService> {
  return RiskDeskService.open({ dataSource: database.dataSource, schema: database.schema, settings, clock: wallClock, ...(warmUp === undefined ? {} : { warmUp }) });
}

/** The snapshot that lifts the start gate, the live hour's bars, then the signal: the risk.decision it gave. */
async function decideLive(service: RiskDeskService, database: Database): Promise<PayloadOf<'risk.decision'>> {
  await service.handleBatch([agreeingSnapshot(service, 'start')]);
  const bars = liveBars();
  await service.handleBatch([...bars, liveSignal(bars[0])]);
  const decisions = await outboxRows(database, ['risk.decision']);
  return JSON.parse(decisions[decisions.length - 1].envelope).payload;
}

const warmHistory = () => readRiskWarmUp({ history: new FileHistory(), series: SYMBOLS.map((symbol) => ({ symbol, timeframe: 'H1' as const })), bars: 501, clock: new ManualClock(startedAt) });

describe('a first start warmed up on market history', () => {
  let database: Database;
  beforeEach(async () => {
    database = await openTestDatabase({ kind: 'embedded', migrations: [...riskServiceMigrations] });
  }, 120_000);
  afterEach(() => database.close());

  it('decides its first signal as a desk that handled the same bars live, where a cold desk refuses it', async () => {
    const warmed = await open(database, async () => (await warmHistory()).envelopes);
    expect(warmed.journalEntries).toBe(1_002 + 1);
    const decided = await decideLive(warmed, database);
    const orders = (await outboxRows(database, ['order.submit'])).map((row) => row.envelope);

    const live = await openTestDatabase({ kind: 'embedded', migrations: [...riskServiceMigrations] });
    const cold = await openTestDatabase({ kind: 'embedded', migrations: [...riskServiceMigrations] });
    try {
      const byHand = await open(live);
      await feed(byHand, (await warmHistory()).envelopes, 64);
      expect(await decideLive(byHand, live)).toEqual(decided);
      expect((await outboxRows(live, ['order.submit'])).map((row) => row.envelope)).toEqual(orders);

      const refused = await decideLive(await open(cold), cold);
      expect([refused.decision, refused.reasonCode, refused.reason]).toEqual(['rejected', 'INSUFFICIENT_HISTORY', 'risk engine rejected: INSUFFICIENT_HISTORY: need 250 returns of EURUSD to measure VaR']);
    } finally {
      await live.close();
      await cold.close();
    }
    expect([decided.decision, decided.size, decided.reasonCode]).toEqual(['approved', '0.16', null]);
    expect(orders).toHaveLength(1);
  }, 300_000);

  it('journals the warm-up: a restart replays it without reading history, and a live bar it read is a duplicate', async () => {
    const first = await open(database, async () => (await warmHistory()).envelopes);
    const restarted = await open(database, async () => {
      throw new Error('a restart must not read market history again');
    });
    expect(restarted.journalEntries).toBe(first.journalEntries + 1);
    const lastWarm = barMessage(eurusd, LIVE - 1);
    const report = await restarted.handleBatch([lastWarm]);
    expect(report.outcomes.map((outcome) => outcome.outcome)).toEqual(['duplicate']);
    expect((await decideLive(restarted, database)).decision).toBe('approved');
  }, 300_000);

  it('leaves nothing behind when market history cannot be read, so the next start warms up', async () => {
    await expect(
      open(database, async () => {
        throw new Error('market-data answered 503 to http://market-data:9464/bars');
      }),
    ).rejects.toThrow('market-data answered 503 to http://market-data:9464/bars');
    const [{ entries }] = await database.dataSource.query(`SELECT count(*)::int AS entries FROM "${database.schema}"."journal"`);
    expect(entries).toBe(0);
    const warmed = await open(database, async () => (await warmHistory()).envelopes);
    expect(warmed.journalEntries).toBe(1_002 + 1);
  }, 300_000);
});

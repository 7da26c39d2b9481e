// The risk service in a lockstep replay on the in-process bus, as `trading run
// --lockstep` will run it: the coordinator of @trading/runtime publishes real
// EURUSD and GBPUSD H1 bars (each with a quote, as market-data sends them)
// one step at a time; the venue and one holding service per strategy are the
// message kernel's parts on their own queues; risk is the service itself
// (createRiskService, LOCKSTEP) on embedded Postgres. Its decision log must
// be the one-process lockstep kernel's, byte for byte — which the kernel's
// parity spec shows is the backtest's. Then: the held set survives a restart.
import { runBacktest } from '@trading/backtest';
import { derivedId, type Envelope, MessageFactory, topics } from '@trading/contracts';
import { ManualClock, MemoryDecisionSink, Money, SeededRandom, instrumentFor } from '@trading/domain';
import { endOfReplay, replaySteps, runLockstepKernel } from '@trading/kernel-hosts/testing';
import { InProcessBus } from '@trading/messaging';
import type { Database } from '@trading/persistence';
import { openTestDatabase } from '@trading/persistence/testing';
import { DEFAULT_RISK_LIMITS, RiskEnginePolicy } from '@trading/risk-engine';
import { LockstepCoordinator, busReceipts } from '@trading/runtime';
import { DEFAULT_FILL_MODEL } from '@trading/simulated-venue';
import { intradayStrategy, resolveParameters, smaCrossoverStrategy } from '@trading/strategies';
import { readSharedBars, sharedData } from '@trading/test-support';
import { RISK_INBOX } from './bus/risk-inbox.controller';
import { RiskDeskService } from './desk/risk-desk.service';
import { riskServiceMigrations } from './migrations';
import { createRiskService } from './risk.service';
import { firstBars, kernelInputs } from './testing/kernel-inputs.fixture';
import { VENUE_QUEUE, startLockstepPeers, strategyQueue } from './testing/lockstep-peers';
import { agreeingSnapshot, decisionLines, dumpTables, silentLogger, wallClock } from './testing/risk-service.harness';

jest.setTimeout(600_000);

const STARTUP_EVENTS = new Set(['exposure-gate', 'reconcile']);
const symbols = ['EURUSD', 'GBPUSD'];
const cash = Money.of(10_000, 'USD');
const strategies = [intradayStrategy, smaCrossoverStrategy].map((definition) => ({ definition, parameters: resolveParameters(definition.name, definition.parameters, {}) }));

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('risk in a lockstep replay', () => {
  const databases: Database[] = [];
  const open = async () => {
    const database = await openTestDatabase({ kind: 'embedded', migrations: [...riskServiceMigrations] });
    databases.push(database);
    return database;
  };
  afterAll(async () => {
    for (const database of databases) await database.close();
  });

  it('decides 600 real bars of each of two pairs, held and released step by step over the bus, exactly as the lockstep kernel and the backtest', async () => {
    const feeds = symbols.map((symbol) => firstBars(readSharedBars(sharedData.fxH1_2025(symbol), symbol, 'H1'), 600));
    const expected = new MemoryDecisionSink();
    runLockstepKernel({ feeds, strategies, policy: new RiskEnginePolicy({ limits: DEFAULT_RISK_LIMITS, decisions: expected }), initialCash: cash, fill: DEFAULT_FILL_MODEL, decisions: expected, scheduleSeed: 3 });
    const backtest = new MemoryDecisionSink();
    runBacktest({ feeds, strategies, sizing: new RiskEnginePolicy({ limits: DEFAULT_RISK_LIMITS, decisions: backtest }), initialCash: cash, fill: DEFAULT_FILL_MODEL, decisions: backtest });
    const kernelLines = expected.lines.filter((line) => JSON.parse(line).event !== 'run');
    expect(kernelLines).toEqual(backtest.lines.filter((line) => JSON.parse(line).event !== 'run'));
    expect(kernelLines.filter((line) => line.startsWith('{"event":"fill"'))).toHaveLength(32);

    const database = await open();
    const bus = new InProcessBus();
    const factory = (producer: string) => new MessageFactory({ clock: new ManualClock(0), random: new SeededRandom(5), producer });
    const instruments = symbols.map((symbol) => instrumentFor(symbol));
    const coordinator = await LockstepCoordinator.start({
      bus,
      consumers: [VENUE_QUEUE, ...strategies.map(strategyQueue), { queue: RISK_INBOX.name, bindings: RISK_INBOX.bindings }],
      queue: 'lockstep.tap',
      factory: factory('lockstep'),
      releaseOrder: [strategies.map((run) => strategyQueue(run).queue), RISK_INBOX.name],
      stepTimeoutMs: 60_000,
    });
    const peers = await startLockstepPeers({ bus, instruments, strategies, fill: DEFAULT_FILL_MODEL, initialCash: cash });
    const service = await createRiskService({
      dataSource: database.dataSource,
      schema: database.schema,
      bus,
      settings: { desk: { instruments, initialCash: cash, limits: DEFAULT_RISK_LIMITS, fill: DEFAULT_FILL_MODEL, timeframe: 'H1' }, maxBatch: 64, lockstep: true },
      wallClock,
      logger: silentLogger(),
      receipts: busReceipts(bus, factory('risk')),
      relayPollIntervalMs: 20,
    });
    try {
      expect(service.consumers()).toEqual([{ queue: 'risk.inbox', bindings: RISK_INBOX.bindings, kind: 'batch', handler: 'RiskInboxController.onBatch' }]);
      // The venue's answer to the start request is held until the first step's release, which hands it over before the bar.
      await until(() => service.desk.heldCount === 1, 'the venue snapshot to be held');
      expect(service.reconciled).toBe(false);
      const quotes = factory('market-data');
      for (const step of replaySteps(feeds, [], 1)) {
        const bar = step.envelope as Envelope & { payload: { symbol: string; close: number } };
        const { symbol, close } = bar.payload;
        const quote = quotes.create('market.quote', { symbol, time: bar.occurredAt, bid: close, ask: close + 0.0002 }, { id: derivedId(bar.id, 'market-data/market.quote', bar.occurredAt), occurredAt: bar.occurredAt, causedBy: bar });
        await coordinator.step(bar.occurredAt, async () => {
          await bus.publish(step.topic as never, bar);
          await bus.publish(topics.marketQuote(symbol), quote);
          return [bar.id, quote.id];
        });
        expect(service.desk.heldCount).toBe(0);
      }
      const end = endOfReplay(feeds, 1);
      await coordinator.step(end.envelope.occurredAt, async () => {
        await bus.publish(end.topic as never, end.envelope);
        return [end.envelope.id];
      });
      expect(service.reconciled).toBe(true);
      expect(coordinator.counts().releases).toBe(3660);
      const lines = (await decisionLines(database)).filter((line) => !STARTUP_EVENTS.has(JSON.parse(line).event));
      expect(lines.length).toBe(kernelLines.length);
      expect(lines.join('\n')).toBe(kernelLines.join('\n'));
      // Quotes marked the book and nothing else: the last of each symbol is on the desk.
      expect(service.desk.desk.host.latestQuotes().map((quote) => quote.symbol)).toEqual(symbols);
    } finally {
      await coordinator.stop();
      await service.stop();
      await peers.stop();
      await bus.close();
    }
  });

  it('keeps what it holds across a restart: the journal replayed through the gate gives the same desk and held set, and the same decisions after', async () => {
    const inputs = kernelInputs(symbols, 400);
    const release = (step: number, time: number): Envelope =>
      new MessageFactory({ clock: new ManualClock(0), random: new SeededRandom(2), producer: 'lockstep' }).create('flow.release', { step, time, consumer: 'risk.inbox' }, { id: derivedId(`release:${step}`, 'lockstep/flow.release', time), occurredAt: time });
    const other = (i: number, time: number): Envelope =>
      new MessageFactory({ clock: new ManualClock(0), random: new SeededRandom(4), producer: 'lockstep' }).create('flow.release', { step: i + 2, time, consumer: 'strategy-swing.bars' }, { id: derivedId(`other:${i}`, 'lockstep/flow.release', time), occurredAt: time });
    // A release after every input keeps the kernel's order; a release for another consumer changes nothing.
    const withReleases = (from: number, to: number): Envelope[] =>
      inputs.messages.slice(from, to).flatMap((message, j) => [message, ...((from + j) % 3 === 0 ? [other(from + j, message.occurredAt)] : []), release(from + j + 2, message.occurredAt)]);
    const lockstep = { queue: 'risk.inbox' };
    const openDesk = (database: Database) => RiskDeskService.open({ dataSource: database.dataSource, schema: database.schema, settings: inputs.settings, clock: wallClock, lockstep });
    const feedOneByOne = async (desk: RiskDeskService, messages: readonly Envelope[]) => {
      for (let i = 0; i < messages.length; i += 16) await desk.handleBatch(messages.slice(i, i + 16));
    };

    const straightDatabase = await open();
    const straight = await openDesk(straightDatabase);
    await feedOneByOne(straight, [agreeingSnapshot(straight, 'start'), release(1, 0), ...withReleases(0, inputs.messages.length)]);

    // A bar and the signals it caused: one step's messages, in the order a release gives them.
    const isSignal = (i: number) => inputs.messages[i]?.type === 'signal';
    const cut = inputs.messages.findIndex((message, i) => i > inputs.messages.length / 2 && message.type === 'market.bar' && isSignal(i + 1));
    let stepEnd = cut + 1;
    while (isSignal(stepEnd)) stepEnd++;
    const database = await open();
    const first = await openDesk(database);
    await feedOneByOne(first, [agreeingSnapshot(first, 'start'), release(1, 0), ...withReleases(0, cut), ...inputs.messages.slice(cut, stepEnd)]);
    expect(first.heldCount).toBe(stepEnd - cut);
    const state = (desk: RiskDeskService) => ({ cash: desk.desk.host.desk.book.cash.toString(), now: desk.desk.host.now(), trades: desk.desk.host.desk.trades.length, held: desk.heldCount });
    const before = state(first);

    // The process dies; a new one opens the same schema and holds what the first held, its desk untouched by them.
    const second = await openDesk(database);
    expect(state(second)).toEqual(before);
    // The restart's snapshot request closed the gate again; the venue's answer is held with the rest, and one release hands all over.
    const report = await second.handleBatch([agreeingSnapshot(second, 'restart'), release(99_999, second.desk.host.now())]);
    expect(report.outcomes.map((outcome) => [outcome.outcome, outcome.held])).toEqual([
      ['held', stepEnd - cut + 1],
      ['handled', 0],
    ]);
    expect(second.failClosed).toBe(false);
    await feedOneByOne(second, withReleases(stepEnd, inputs.messages.length));
    // A redelivered message produced nothing the second time: its receipt names nothing.
    const again = await second.handleBatch([inputs.messages[cut + 1]]);
    expect(again.outcomes).toEqual([{ id: inputs.messages[cut + 1].id, outcome: 'duplicate', produced: [], held: 0 }]);

    const withoutStartup = async (db: Database) => (await decisionLines(db)).filter((line) => !STARTUP_EVENTS.has(JSON.parse(line).event));
    expect(await withoutStartup(database)).toEqual(await withoutStartup(straightDatabase));
    expect(await withoutStartup(database)).toHaveLength(115);
    const orders = async (db: Database) => (await dumpTables(db))['risk_orders'].split(db.schema).join('');
    expect(await orders(database)).toEqual(await orders(straightDatabase));
  });
});

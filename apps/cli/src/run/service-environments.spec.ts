// A child of `trading run --processes` must boot with exactly what the
// in-process chain hands the same composition function. Each child's
// environment, read back by the loader its `trading serve` runs, gives the
// plan's settings: the paper venue's, risk's desk, each strategy's, and the
// seeds. Real inputs: the six vendored 2025 H1 pairs, examples/risk/strict.json,
// a fill model with every cost, and pinned intraday parameters.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Money } from '@trading/domain';
import { loadOrderExecutionConfig, paperSettings } from '@trading/order-execution-service';
import { deskSettings, loadRiskServiceConfig } from '@trading/risk-service';
import { loadStrategyServiceConfig, type StrategyServiceName } from '@trading/strategy-service';
import { readSharedBars, sharedData } from '@trading/test-support';
import { readRiskLimits } from '../commands/risk-limits-file';
import { parseFillModel } from '../execution-flags';
import { parseStrategyRuns } from '../strategy-flags';
import { type ChainPlan, planChain, replaySeries } from './chain-plan';
import { childEnvironment, childServices, type ChildService, writeLimitsFile } from './service-environments';

const root = resolve(__dirname, '..', '..', '..', '..');
const PAIRS = ['AUDUSD', 'EURGBP', 'EURUSD', 'GBPUSD', 'USDCAD', 'USDCHF'];

describe('the environment of each child of trading run --processes', () => {
  let folder: string;
  let plan: ChainPlan;
  let children: ChildService[];
  // A shell that set service variables of its own: none of them may reach a child.
  const inherited = {
    PATH: '/usr/bin',
    RISK_LIMITS_FILE: '/elsewhere/limits.json',
    PAPER_SWAP: '-1:-1',
    STRATEGY_PARAMETERS: '{"fastPeriod":3}',
    HTTP_PORT: '80',
    DATABASE_SCHEMA: 'public',
    ORDER_EXECUTION_MAX_BATCH: '1',
    MARKET_DATA_URL: 'http://elsewhere:9464',
    EMBEDDED_DATABASE_DIR: '/var/lib/pglite',
  };

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'child-env-'));
    const cash = Money.of('25000.50', 'USD');
    plan = planChain({
      ...replaySeries(PAIRS.map((symbol) => readSharedBars(sharedData.fxH1_2025(symbol), symbol, 'H1'))),
      runs: parseStrategyRuns('intraday,swing', '{"intraday":{"fastPeriod":12,"stopAtr":1.7}}'),
      limits: readRiskLimits(join(root, 'examples', 'risk', 'strict.json'), 'USD'),
      fill: parseFillModel({ fill: 'next-open', spread: '0.8', slippage: 'atr:0.05:10', commission: 'per-lot:3.5', swap: '-6.5:1.2' }),
      cash,
      seed: 7,
      lockstep: true,
    });
    children = childServices(plan, {
      amqpUrl: 'amqp://guest:guest@127.0.0.1:5672/run',
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/run',
      databasePoolSize: 4,
      logLevel: 'warn',
      schemas: { 'order-execution': 'rab12cd34_order_execution', risk: 'rab12cd34_risk' },
      ports: { 'order-execution': 40001, risk: 40002, 'strategy-intraday': 40003, 'strategy-swing': 40004 },
      limitsFile: writeLimitsFile(folder, planLimits()),
    });
  });

  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  function planLimits() {
    return readRiskLimits(join(root, 'examples', 'risk', 'strict.json'), 'USD');
  }

  function environmentOf(name: string): Record<string, string> {
    const child = children.find((candidate) => candidate.name === name);
    if (child === undefined) throw new Error(`no child ${name}`);
    return childEnvironment(child, inherited);
  }

  it('starts the venue, risk, then a strategy service per strategy', () => {
    expect(children.map((child) => child.name)).toEqual(['order-execution', 'risk', 'strategy-intraday', 'strategy-swing']);
  });

  it("gives the paper venue the plan's instruments, fill model, cash, timeframe and seed", () => {
    const config = loadOrderExecutionConfig(environmentOf('order-execution'));
    const { drives, seed, ...venue } = plan.venue;
    expect(paperSettings(config)).toEqual({ ...venue, producer: 'order-execution' });
    expect(venue.fill).toEqual({ timing: 'next-open', spread: { source: 'fixed', pips: 0.8 }, slippage: { kind: 'atr-fraction', fraction: 0.05, period: 10 }, commission: { kind: 'per-lot', amount: 3.5 }, swap: { longPerLot: -6.5, shortPerLot: 1.2 } });
    expect(venue.initialCash.amount.toFixed()).toBe('25000.5');
    // One timeframe: the backtest's rule picks every bar of the replayed series, as PAPER_TIMEFRAME does.
    expect(drives({ symbol: 'EURUSD', timeframe: 'H1', time: Date.UTC(2025, 5, 23) } as never)).toBe(true);
    expect(seed).toBe(7 ^ 0x0e);
    expect({ seed: config.seed, lockstep: config.lockstep, receipts: config.receipts, service: config.service, httpPort: config.httpPort }).toEqual({ seed, lockstep: true, receipts: true, service: 'order-execution', httpPort: 40001 });
    expect(config.database).toMatchObject({ url: 'postgres://postgres@127.0.0.1:5432/run', schema: 'rab12cd34_order_execution', poolSize: 4 });
  });

  it("gives risk the plan's desk: instruments, cash, the limits in force, the venue's fill model; and its batch size", () => {
    const config = loadRiskServiceConfig(environmentOf('risk'));
    const { drives, ...desk } = plan.risk.desk;
    expect(drives).toBeInstanceOf(Function);
    expect(deskSettings(config)).toEqual({ ...desk, timeframe: 'H1' });
    // The limits read back are strict.json's (not the defaults, not the inherited file).
    expect(desk.limits).toEqual(planLimits());
    expect(desk.limits.maxOpenPositions).toBe(3);
    expect({ maxBatch: config.maxBatch, lockstep: config.lockstep, receipts: config.receipts, httpPort: config.httpPort, schema: config.database.schema }).toEqual({
      maxBatch: plan.risk.maxBatch,
      lockstep: true,
      receipts: true,
      httpPort: 40002,
      schema: 'rab12cd34_risk',
    });
  });

  it("gives each strategy service the plan's symbols, timeframe, parameters and kept bars, a cold start and its seed", () => {
    for (const strategy of plan.strategies) {
      const config = loadStrategyServiceConfig(strategy.name as StrategyServiceName, environmentOf(strategy.service));
      expect(config.settings).toEqual(strategy.settings);
      expect({ seed: config.seed, coldStart: config.coldStart, lockstep: config.lockstep, receipts: config.receipts, service: config.service }).toEqual({
        seed: 7 ^ 0x57,
        coldStart: true,
        lockstep: true,
        receipts: true,
        service: strategy.service,
      });
    }
    const intraday = plan.strategies[0].settings;
    expect({ symbols: intraday.symbols, timeframe: intraday.timeframe, fastPeriod: intraday.parameters['fastPeriod'], stopAtr: intraday.parameters['stopAtr'], warmupBars: intraday.warmupBars }).toEqual({
      symbols: PAIRS,
      timeframe: 'H1',
      fastPeriod: 12,
      stopAtr: 1.7,
      // 40 times intraday's own warm-up on these parameters (51 bars), as the served default.
      warmupBars: 2_040,
    });
  });

  it('sets nothing a service does not read, and lets none of its variables through from the shell', () => {
    for (const child of children) {
      expect(Object.keys(child.environment).filter((name) => !child.reads.includes(name))).toEqual([]);
      const environment = childEnvironment(child, inherited);
      expect(environment['PATH']).toBe('/usr/bin');
      for (const name of child.reads) if (!(name in child.environment)) expect({ name, value: environment[name] }).toEqual({ name, value: undefined });
    }
  });

  it('refuses a replay of several timeframes: a service alone is told one', () => {
    const mixed = planChain({
      ...replaySeries([readSharedBars(sharedData.fxH1_2025('EURUSD'), 'EURUSD', 'H1'), readSharedBars(sharedData.eurusdM5(), 'EURUSD', 'M5')]),
      runs: parseStrategyRuns('scalping,intraday', undefined),
      limits: planLimits(),
      fill: parseFillModel({ fill: 'next-open', spread: 'bar', slippage: 'none', commission: 'none' }),
      cash: Money.of('10000', 'USD'),
      seed: 1,
      lockstep: false,
    });
    expect(mixed.timeframe).toBeUndefined();
    expect(() => childServices(mixed, { amqpUrl: 'amqp://x', databaseUrl: 'postgres://x', databasePoolSize: 2, logLevel: 'warn', schemas: { 'order-execution': 'a', risk: 'b' }, ports: {}, limitsFile: 'x' })).toThrow(
      'the services run as processes on one timeframe; the replay has several',
    );
  });
});

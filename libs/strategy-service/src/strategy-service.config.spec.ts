import { ConfigError } from '@trading/config';
import { intradayStrategy, resolveParameters } from '@trading/strategies';
import { loadStrategyServiceConfig, strategyServiceEnvironmentVariables, type StrategyServiceName } from './strategy-service.config';

function issues(name: StrategyServiceName, environment: Record<string, string>): string[] {
  try {
    loadStrategyServiceConfig(name, environment);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((issue) => `${issue.variable}: ${issue.problem}`);
    throw error;
  }
  throw new Error('the configuration was accepted');
}

describe('strategy service configuration', () => {
  it("defaults to what the strategy's definition trades, its default parameters and 40 times its warm-up", () => {
    const intraday = loadStrategyServiceConfig('intraday', {});
    expect(intraday).toMatchObject({ service: 'strategy-intraday', httpPort: 9468, marketDataUrl: 'http://127.0.0.1:9464', marketDataTimeoutMs: 30_000, amqpUrl: undefined });
    expect(intraday.settings).toMatchObject({
      symbols: ['AUDUSD', 'EURGBP', 'EURUSD', 'GBPUSD', 'USDCAD', 'USDCHF'],
      timeframe: 'H1',
      parameters: resolveParameters('intraday', intradayStrategy.parameters, {}),
      parametersVersion: 'defaults',
      warmupBars: 2_040,
    });
    expect(loadStrategyServiceConfig('scalping', {}).settings).toMatchObject({ symbols: ['EURUSD'], timeframe: 'M5', warmupBars: 1_400 });
    expect(loadStrategyServiceConfig('swing', {})).toMatchObject({ httpPort: 9469, settings: { timeframe: 'H1', warmupBars: 8_000 } });
    // Swing on D1 bars built from H1 needs 1,200 H1 bars; with a 300-day trend, 7,248: 40 times that is capped.
    expect(loadStrategyServiceConfig('swing', { STRATEGY_PARAMETERS: '{"timeframe":"D1"}', STRATEGY_PARAMETERS_VERSION: 'pinned-d1' }).settings).toMatchObject({ warmupBars: 48_000, parametersVersion: 'pinned-d1' });
    expect(loadStrategyServiceConfig('swing', { STRATEGY_PARAMETERS: '{"timeframe":"D1","trendPeriod":300}', STRATEGY_PARAMETERS_VERSION: 'slow' }).settings.warmupBars).toBe(50_000);
  });

  it('takes symbols, timeframe, warm-up and pinned parameters from the environment', () => {
    const config = loadStrategyServiceConfig('intraday', {
      STRATEGY_SYMBOLS: 'GBPUSD, EURUSD',
      STRATEGY_TIMEFRAME: 'M15',
      STRATEGY_WARMUP_BARS: '500',
      STRATEGY_PARAMETERS: '{"fastPeriod":12,"slowPeriod":36}',
      STRATEGY_PARAMETERS_VERSION: 'study-7/42',
      MARKET_DATA_URL: 'http://market-data:9464',
    });
    expect(config.settings).toMatchObject({ symbols: ['EURUSD', 'GBPUSD'], timeframe: 'M15', warmupBars: 500, parametersVersion: 'study-7/42', parameters: { fastPeriod: 12, slowPeriod: 36, adxMin: 20 } });
    expect(config.marketDataUrl).toBe('http://market-data:9464');
  });

  it('names every wrong setting', () => {
    expect(issues('intraday', { STRATEGY_SYMBOLS: 'EURUSD,eurgbp', STRATEGY_TIMEFRAME: 'M5', HTTP_PORT: 'x', MARKET_DATA_URL: 'market-data:9464' })).toEqual([
      'HTTP_PORT: expected an integer from 0 to 65535, got "x"',
      'MARKET_DATA_URL: expected a http:// or https:// URL, got "market-data:9464"',
      'STRATEGY_TIMEFRAME: expected one of M15, M30, H1, got "M5"',
    ]);
    expect(issues('intraday', { STRATEGY_SYMBOLS: 'EURUSD,eurgbp' })).toEqual(['STRATEGY_SYMBOLS: expected comma-separated six-letter symbols such as EURUSD,GBPUSD, got "eurgbp"']);
    expect(issues('intraday', { STRATEGY_PARAMETERS: '{"fastPeriod":500}' })).toEqual([
      'STRATEGY_PARAMETERS: intraday: parameter "fastPeriod" must be in 3..100, got 500',
      'STRATEGY_PARAMETERS_VERSION: required with STRATEGY_PARAMETERS, so every signal names the parameters behind it',
    ]);
    expect(issues('intraday', { STRATEGY_PARAMETERS: 'fast=12' })).toEqual(['STRATEGY_PARAMETERS: expected a JSON object of name: value, got "fast=12"', 'STRATEGY_PARAMETERS_VERSION: required with STRATEGY_PARAMETERS, so every signal names the parameters behind it']);
    expect(issues('intraday', { STRATEGY_PARAMETERS: '{"fastPeriod":60,"slowPeriod":50}', STRATEGY_PARAMETERS_VERSION: 'v 1' })).toEqual([
      'STRATEGY_PARAMETERS_VERSION: expected 1-128 letters, digits, "_", ".", "/", ":" or "-", got "v 1"',
    ]);
    expect(issues('intraday', { STRATEGY_PARAMETERS: '{"fastPeriod":60,"slowPeriod":50}', STRATEGY_PARAMETERS_VERSION: 'v1' })).toEqual(['STRATEGY_PARAMETERS: intraday: parameter "fastPeriod" (60) must be below "slowPeriod" (50)']);
    expect(issues('intraday', { STRATEGY_PARAMETERS_VERSION: 'v1' })).toEqual(['STRATEGY_PARAMETERS_VERSION: set without STRATEGY_PARAMETERS: the defaults are version "defaults"']);
    expect(issues('swing', { STRATEGY_PARAMETERS: '{"timeframe":"H4"}', STRATEGY_PARAMETERS_VERSION: 'v1', STRATEGY_TIMEFRAME: 'D1' })).toEqual(['STRATEGY_PARAMETERS: swing: cannot build H4 bars from D1 data']);
    expect(issues('swing', { STRATEGY_TIMEFRAME: 'D1' })).toEqual(['STRATEGY_TIMEFRAME: swing: cannot build H4 bars from D1 data']);
    expect(issues('scalping', { STRATEGY_WARMUP_BARS: '60000' })).toEqual(['STRATEGY_WARMUP_BARS: expected an integer from 0 to 50000, got "60000"']);
    expect(issues('swing', { LOCKSTEP: 'maybe' })).toEqual([expect.stringMatching(/^LOCKSTEP: /)]);
    expect(issues('swing', { STRATEGY_COLD_START: 'cold', FLOW_RECEIPTS: 'sometimes' })).toEqual([
      'FLOW_RECEIPTS: expected true or false (also 1/0, yes/no, on/off), got "sometimes"',
      'STRATEGY_COLD_START: expected true or false (also 1/0, yes/no, on/off), got "cold"',
    ]);
  });

  it('takes part in lockstep replays only when LOCKSTEP says so', () => {
    expect(loadStrategyServiceConfig('swing', {}).lockstep).toBe(false);
    expect(loadStrategyServiceConfig('swing', { LOCKSTEP: 'true' }).lockstep).toBe(true);
  });

  it('warms up from market-data unless told to start cold, and sends receipts only when asked', () => {
    expect(loadStrategyServiceConfig('swing', {})).toMatchObject({ coldStart: false, receipts: false });
    expect(loadStrategyServiceConfig('swing', { STRATEGY_COLD_START: 'true', FLOW_RECEIPTS: 'yes' })).toMatchObject({ coldStart: true, receipts: true, lockstep: false });
  });

  it('lists every variable it reads, for the deployment files', () => {
    expect(strategyServiceEnvironmentVariables()).toEqual([
      'AMQP_URL',
      'FLOW_RECEIPTS',
      'HTTP_PORT',
      'LOCKSTEP',
      'LOG_LEVEL',
      'MARKET_DATA_TIMEOUT',
      'MARKET_DATA_URL',
      'SERVICE_NAME',
      'STRATEGY_COLD_START',
      'STRATEGY_PARAMETERS',
      'STRATEGY_PARAMETERS_VERSION',
      'STRATEGY_SEED',
      'STRATEGY_SYMBOLS',
      'STRATEGY_TIMEFRAME',
      'STRATEGY_WARMUP_BARS',
    ]);
  });
});

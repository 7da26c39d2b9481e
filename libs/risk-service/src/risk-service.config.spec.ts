// The risk service's settings: the desk prices entries with the venue's fill
// model, given in the words of the paper venue's PAPER_* and the backtest's
// flags (RISK_SPREAD, RISK_SLIPPAGE, RISK_COMMISSION, RISK_SWAP); a wrong value
// is named at boot.
import { ConfigError } from '@trading/config';
import { DEFAULT_FILL_MODEL } from '@trading/simulated-venue';
import { loadRiskServiceConfig, RISK_SERVICE_ENVIRONMENT_VARIABLES } from './risk-service.config';
import { deskSettings } from './serve/serve-risk';

function issues(environment: Record<string, string>): string[] {
  try {
    deskSettings(loadRiskServiceConfig(environment));
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((issue) => `${issue.variable}: ${issue.problem}`);
    throw error;
  }
  throw new Error('the configuration was accepted');
}

describe('risk service configuration', () => {
  it("prices with the backtest's default fill model when no cost is given", () => {
    const settings = deskSettings(loadRiskServiceConfig({}));
    expect(settings.fill).toEqual(DEFAULT_FILL_MODEL);
    expect(settings.timeframe).toBe('H1');
    expect(loadRiskServiceConfig({})).toMatchObject({ lockstep: false, receipts: false, maxBatch: 64 });
  });

  it('warms a first start up on the 501 closes the desk keeps when MARKET_DATA_URL is given, and starts cold without it', () => {
    expect(loadRiskServiceConfig({}).warmUp).toEqual({ marketDataTimeoutMs: 30_000, bars: 501 });
    expect(loadRiskServiceConfig({ MARKET_DATA_URL: 'http://market-data:9464', MARKET_DATA_TIMEOUT: '5s', RISK_WARMUP_BARS: '0' }).warmUp).toEqual({
      marketDataUrl: 'http://market-data:9464',
      marketDataTimeoutMs: 5_000,
      bars: 0,
    });
  });

  it('takes the fill model from RISK_SPREAD, RISK_SLIPPAGE, RISK_COMMISSION and RISK_SWAP', () => {
    const settings = deskSettings(loadRiskServiceConfig({ RISK_SPREAD: '0.8', RISK_SLIPPAGE: 'atr:0.05', RISK_COMMISSION: 'bps:0.7', RISK_SWAP: '-6.5:1.2', FLOW_RECEIPTS: 'true' }));
    expect(settings.fill).toEqual({
      timing: 'next-open',
      spread: { source: 'fixed', pips: 0.8 },
      slippage: { kind: 'atr-fraction', fraction: 0.05, period: 14 },
      commission: { kind: 'bps', bps: 0.7 },
      swap: { longPerLot: -6.5, shortPerLot: 1.2 },
    });
  });

  it('names every wrong cost and flag', () => {
    // In the order the settings are declared.
    expect(issues({ RISK_SPREAD: 'wide', RISK_SLIPPAGE: 'atr:0.05:0', RISK_COMMISSION: 'per-trade:3', RISK_SWAP: '-6.5', FLOW_RECEIPTS: 'maybe' })).toEqual([
      'RISK_SPREAD: expected bar or a number of pips, got "wide"',
      'RISK_SLIPPAGE: expected none, pips or atr:<fraction>[:period] (period a whole number >= 1), got "atr:0.05:0"',
      'RISK_COMMISSION: expected none, per-lot:<amount> or bps:<basis points>, got "per-trade:3"',
      'RISK_SWAP: expected <long>:<short> per lot per night, e.g. -6.5:1.2, got "-6.5"',
      'FLOW_RECEIPTS: expected true or false (also 1/0, yes/no, on/off), got "maybe"',
    ]);
    expect(issues({ MARKET_DATA_URL: 'market-data:9464', RISK_WARMUP_BARS: '50001' })).toEqual([
      'MARKET_DATA_URL: expected a http:// or https:// URL, got "market-data:9464"',
      'RISK_WARMUP_BARS: expected an integer from 0 to 50000, got "50001"',
    ]);
  });

  it('lists every variable it reads, for the deployment files', () => {
    expect(RISK_SERVICE_ENVIRONMENT_VARIABLES).toEqual([
      'AMQP_URL',
      'DATABASE_POOL_SIZE',
      'DATABASE_SCHEMA',
      'DATABASE_URL',
      'EMBEDDED_DATABASE_DIR',
      'EMBEDDED_DATABASE_PORT',
      'FLOW_RECEIPTS',
      'HTTP_PORT',
      'LOCKSTEP',
      'LOG_LEVEL',
      'MARKET_DATA_TIMEOUT',
      'MARKET_DATA_URL',
      'RISK_COMMISSION',
      'RISK_CURRENCY',
      'RISK_INITIAL_CASH',
      'RISK_LIMITS_FILE',
      'RISK_MAX_BATCH',
      'RISK_SLIPPAGE',
      'RISK_SPREAD',
      'RISK_SWAP',
      'RISK_SYMBOLS',
      'RISK_TIMEFRAME',
      'RISK_WARMUP_BARS',
      'SERVICE_NAME',
    ]);
  });
});

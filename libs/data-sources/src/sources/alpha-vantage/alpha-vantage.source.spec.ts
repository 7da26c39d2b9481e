import { aggregateBars } from '../bar-aggregation';
import { ALPHA_VANTAGE_TEXTS, AlphaVantageMockServer } from '../../testing/alpha-vantage.mock-server';
import { barsBetween, sharedH1Bars2025 } from '../../testing/shared-bars.fixture';
import { AlphaVantageSource } from './alpha-vantage.source';
import { classifyAlphaVantageNotice } from './alpha-vantage.parser';
import { sourceFailure } from '../../testing/source-failure';

const API_KEY = 'AVKEY-TEST-93F2';
const eurusd = sharedH1Bars2025('EURUSD');
const from = Date.UTC(2025, 9, 6);
const to = Date.UTC(2025, 9, 8);
const request = { symbol: 'EURUSD', timeframe: 'H1', from, to } as const;

describe('AlphaVantageSource against the local Alpha Vantage mock', () => {
  let mock: AlphaVantageMockServer;
  let source: AlphaVantageSource;

  beforeAll(async () => {
    mock = await AlphaVantageMockServer.start({ apiKey: API_KEY, h1Bars: { EURUSD: eurusd } });
    source = new AlphaVantageSource({ baseUrl: mock.url, apiKey: API_KEY });
  });
  afterAll(() => mock.close());
  beforeEach(() => {
    mock.scenario = 'healthy';
  });

  it('asks FX_INTRADAY 60min for EUR/USD and returns the real bars sorted oldest first', async () => {
    const result = await source.fetchBars(request);
    const query = mock.requests[mock.requests.length - 1].query;
    expect([query.get('function'), query.get('from_symbol'), query.get('to_symbol'), query.get('interval')]).toEqual([
      'FX_INTRADAY',
      'EUR',
      'USD',
      '60min',
    ]);
    const expected = barsBetween(eurusd, from, to).map((bar) => ({ ...bar, volume: 0, spread: 0 }));
    expect(expected).toHaveLength(48);
    expect(result.bars).toEqual(expected);
  });

  it('asks FX_DAILY for D1 and reads date-only keys as UTC midnight', async () => {
    const result = await source.fetchBars({ ...request, timeframe: 'D1', from: Date.UTC(2025, 9, 1), to: Date.UTC(2025, 9, 11) });
    expect(mock.requests[mock.requests.length - 1].query.get('function')).toBe('FX_DAILY');
    const expected = aggregateBars(barsBetween(eurusd, Date.UTC(2025, 9, 1), Date.UTC(2025, 9, 11)), 'D1').map((bar) => ({
      ...bar,
      volume: 0,
      spread: 0,
    }));
    // 1..10 October 2025 minus the weekend of the 4th and 5th.
    expect(result.bars.map((bar) => new Date(bar.time).getUTCDate())).toEqual([1, 2, 3, 6, 7, 8, 9, 10]);
    expect(result.bars).toEqual(expected);
  });

  it('builds H4 from 60min', async () => {
    const result = await source.fetchBars({ ...request, timeframe: 'H4' });
    expect(result.bars).toHaveLength(12);
    expect(result.bars).toEqual(aggregateBars(barsBetween(eurusd, from, to), 'H4').map((bar) => ({ ...bar, volume: 0, spread: 0 })));
  });

  it('detects the per-minute Note sent with HTTP 200 as a rate limit, not as an empty series', async () => {
    mock.scenario = 'minute-limit-note';
    const error = await sourceFailure(source.fetchBars(request));
    expect([error.kind, error.retryable, error.retryAfterMs]).toEqual(['rate-limited', true, 60_000]);
  });

  it('detects the daily quota Information as a rate limit that is not retried', async () => {
    mock.scenario = 'daily-limit';
    const error = await sourceFailure(source.fetchBars(request));
    expect([error.kind, error.retryable]).toEqual(['rate-limited', false]);
    expect(error.message).toContain('25 requests per day');
  });

  it('tells a premium-only endpoint apart from a rate limit', async () => {
    mock.scenario = 'premium';
    const error = await sourceFailure(source.fetchBars(request));
    expect([error.kind, error.retryable]).toEqual(['unsupported', false]);
  });

  it('reports Error Message as a rejected request and {} as malformed', async () => {
    mock.scenario = 'error-message';
    expect((await sourceFailure(source.fetchBars(request))).kind).toBe('rejected');
    mock.scenario = 'empty-object';
    expect((await sourceFailure(source.fetchBars(request))).kind).toBe('malformed');
    mock.scenario = 'malformed-json';
    expect((await sourceFailure(source.fetchBars(request))).kind).toBe('malformed');
  });

  it('reports a 502 as unavailable', async () => {
    mock.scenario = 'server-error';
    const error = await sourceFailure(source.fetchBars(request));
    expect([error.kind, error.status]).toEqual(['unavailable', 502]);
  });

  it('never puts the API key in an error message', async () => {
    const wrongKey = new AlphaVantageSource({ baseUrl: 'http://127.0.0.1:1', apiKey: 'SECRET-KEY-XYZ' });
    const error = await sourceFailure(wrongKey.fetchBars(request));
    expect(error.kind).toBe('unavailable');
    expect(error.message).toContain('/query?function=FX_INTRADAY');
    expect(error.message).not.toContain('SECRET-KEY-XYZ');
    mock.scenario = 'daily-limit';
    const quota = await sourceFailure(new AlphaVantageSource({ baseUrl: mock.url, apiKey: 'SECRET-KEY-XYZ' }).fetchBars(request));
    expect(quota.message).not.toContain('SECRET-KEY-XYZ');
  });

  it('classifies the demo-key notice as an auth problem', () => {
    expect(classifyAlphaVantageNotice('av', { Information: ALPHA_VANTAGE_TEXTS.demoKey })?.kind).toBe('auth');
  });
});

import { timeframeMs, type Bar, type Timeframe } from '@trading/domain';
import { HttpError } from '@trading/observability';
import { barsRoute } from './bars.route';

describe('GET /bars', () => {
  const asked: Array<[string, Timeframe, number, number]> = [];
  const bar: Bar = { symbol: 'EURUSD', timeframe: 'H1', time: Date.UTC(2025, 6, 1), open: 1.17815, high: 1.1786, low: 1.1779, close: 1.17805, volume: 0, spread: 0 };
  const route = barsRoute(
    {
      bars: async (symbol, timeframe, from, to) => {
        asked.push([symbol, timeframe, from, to]);
        return [bar];
      },
    },
    timeframeMs,
  );
  const get = (query: string) => route(new URLSearchParams(query), {});
  const refusal = async (query: string): Promise<HttpError> => {
    const error = await get(query).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HttpError);
    return error as HttpError;
  };

  beforeEach(() => {
    asked.length = 0;
  });

  it('reads epoch ms and ISO times with a zone, and answers with the bars', async () => {
    const answer = await get('symbol=EURUSD&tf=H1&from=1751328000000&to=2025-07-01T03:00:00%2B01:00');
    expect(asked).toEqual([['EURUSD', 'H1', Date.UTC(2025, 6, 1), Date.UTC(2025, 6, 1, 2)]]);
    expect(answer).toEqual({ status: 200, body: { symbol: 'EURUSD', timeframe: 'H1', from: Date.UTC(2025, 6, 1), to: Date.UTC(2025, 6, 1, 2), count: 1, bars: [bar] } });
  });

  it('names the field of each bad parameter with a 400', async () => {
    expect(await refusal('symbol=eurusd&tf=H1&from=0&to=1')).toMatchObject({ status: 400, field: 'symbol' });
    expect(await refusal('symbol=EURUSD&tf=H2&from=0&to=1')).toMatchObject({ status: 400, field: 'tf', message: 'tf must be one of M1, M5, M15, M30, H1, H4, D1, got "H2"' });
    expect(await refusal('symbol=EURUSD&tf=H1&to=1')).toMatchObject({ status: 400, field: 'from' });
    // A time without a zone is ambiguous: refused rather than read in the server's zone.
    expect(await refusal('symbol=EURUSD&tf=H1&from=0&to=2025-07-01T03:00:00')).toMatchObject({ status: 400, field: 'to' });
    expect(await refusal('symbol=EURUSD&tf=H1&from=5&to=5')).toMatchObject({ status: 400, field: 'to', message: 'from must be before to' });
    expect(asked).toEqual([]);
  });

  it('refuses a time past the last date instead of failing further down with a 500', async () => {
    expect(await refusal('symbol=EURUSD&tf=H1&from=0&to=99999999999999999')).toMatchObject({ status: 400, field: 'to' });
  });

  it('refuses a window of more than 50,000 bars', async () => {
    const to = 50_001 * 60_000;
    expect(await refusal(`symbol=EURUSD&tf=M1&from=0&to=${to}`)).toMatchObject({ status: 400, field: 'to' });
    await get(`symbol=EURUSD&tf=M1&from=0&to=${to - 60_000}`);
    expect(asked).toHaveLength(1);
  });
});

import { type BarColumns, Money, MemoryDecisionSink } from '@trading/domain';
import { intradayStrategy, resolveParameters } from '@trading/strategies';
import { DEFAULT_RISK_LIMITS, RiskEnginePolicy } from '@trading/risk-engine';
import { runBacktest } from './backtest.engine';
import { FX_2025_PAIRS, fx2025Bars } from './testing/fx-2025-bars.fixture';

interface Line {
  event?: string;
  decision?: string;
  symbol: string;
  reason?: string | null;
  size?: string;
  equity?: string;
  orderId?: string;
  side?: string;
  lots?: string;
  position?: string;
  sizing?: { entryPrice: number; stopPrice: number } | null;
  checks?: { code: string; pass: boolean; detail?: string; message?: string }[];
}

function sixPairRun(feeds: readonly BarColumns[]) {
  const sink = new MemoryDecisionSink();
  const result = runBacktest({
    feeds,
    strategy: intradayStrategy,
    parameters: resolveParameters('intraday', intradayStrategy.parameters, {}),
    sizing: new RiskEnginePolicy({ limits: DEFAULT_RISK_LIMITS, decisions: sink }),
    initialCash: Money.of(10_000, 'USD'),
    decisions: sink,
  });
  return { result, sink };
}

describe('intraday on the six 2025 H1 pairs under the default limits', () => {
  const feeds = FX_2025_PAIRS.map((symbol) => fx2025Bars(symbol));
  const { result, sink } = sixPairRun(feeds);
  const lines = sink.lines.map((line) => JSON.parse(line) as Line);

  it('gives one result whatever the order of the feeds: bars closing together are handled by symbol', () => {
    // Before the canonical order, the reversed list traded 104 times and the given one 85.
    for (const order of [[...feeds].reverse(), [feeds[3], feeds[0], feeds[5], feeds[1], feeds[4], feeds[2]]]) {
      const other = sixPairRun(order);
      expect(other.sink.text()).toBe(sink.text());
      expect(other.result.finalEquity.toString()).toBe(result.finalEquity.toString());
    }
    expect(result.trades).toHaveLength(84);
  });

  it('rejects stacked currency exposure and correlated positions with their reason codes', () => {
    expect(result.symbols).toEqual([...FX_2025_PAIRS].sort());
    expect(result.risk?.rejectionsByReason).toEqual({
      CORRELATION_LIMIT: 9,
      CURRENCY_EXPOSURE: 4,
      INSUFFICIENT_HISTORY: 29,
      MAX_NET_EXPOSURE: 18,
      ORDER_RATE: 5,
      TRADING_HALTED: 162,
      TRADING_REDUCING: 9,
      VAR_LIMIT: 3,
    });
    const currency = lines.filter((l) => l.reason === 'CURRENCY_EXPOSURE');
    expect(currency.every((l) => l.checks?.some((c) => c.code === 'CURRENCY_EXPOSURE' && !c.pass))).toBe(true);
  });

  it('counts EURUSD and EURGBP on the same side as two euro legs', () => {
    // Net lots per symbol (positions and working orders), replayed from the log.
    const held = new Map<string, number>();
    const working = new Map<string, { symbol: string; lots: number }>();
    const net = (symbol: string): number => {
      let lots = held.get(symbol) ?? 0;
      for (const order of working.values()) if (order.symbol === symbol) lots += order.lots;
      return lots;
    };
    const rate = (symbol: string, at: number): number => {
      const bars = feeds[FX_2025_PAIRS.indexOf(symbol as (typeof FX_2025_PAIRS)[number])];
      let i = 0;
      while (i + 1 < bars.length && bars.time[i + 1] + 3_600_000 <= at) i++;
      return bars.close[i] + (bars.spread[i] * 0.00001) / 2;
    };
    let checked = 0;
    for (const line of lines) {
      if (line.event === 'order' && line.orderId && line.lots) working.set(line.orderId, { symbol: line.symbol, lots: Number(line.lots) * (line.side === 'buy' ? 1 : -1) });
      if ((line.event === 'fill' || line.event === 'cancel') && line.orderId) working.delete(line.orderId);
      if (line.event === 'fill' && line.position !== undefined) held.set(line.symbol, Number(line.position));
      if (line.decision === undefined || line.symbol !== 'EURGBP' || !line.sizing) continue;
      // Entries carry their sizing; a stop under the entry is a buy (rejections keep no order).
      const direction = line.sizing.stopPrice < line.sizing.entryPrice ? 1 : -1;
      const eurusd = net('EURUSD');
      if (eurusd * direction <= 0) continue;
      const verdict = line.checks?.find((c) => c.code === 'CURRENCY_EXPOSURE');
      const shown = /EUR (?:exposure would be )?([\d.]+)×/.exec(verdict?.detail ?? verdict?.message ?? '');
      if (!shown) continue;
      // Both legs are long (or short) euros: the exposure is the sum of both, valued at EURUSD.
      const legs = Math.abs(eurusd + net('EURGBP') + direction * Number(line.size));
      const expected = (legs * 100_000 * rate('EURUSD', (line as unknown as { time: number }).time)) / Number(line.equity);
      expect(Number(shown[1])).toBeCloseTo(expected, 1);
      expect(Number(shown[1])).toBeGreaterThan((Math.abs(eurusd) * 100_000 * 1) / Number(line.equity));
      checked++;
    }
    // One EURGBP entry in this run comes while EURUSD is held on the same side.
    expect(checked).toBe(1);
  });
});

// The service's reports are the message kernel's: the venue's inputs of a
// kernel run (bars, orders and cancels from the real strategies and risk desk)
// handled by the service's handler on embedded Postgres give, in its outbox,
// the very envelopes the kernel's venue published (ids, causes, payloads).
import { type BarColumns, Money } from '@trading/domain';
import { venueTraffic } from '@trading/kernel-hosts/testing';
import { openTestDatabase } from '@trading/persistence/testing';
import type { FillModel } from '@trading/simulated-venue';
import { readSharedBars, sharedData } from '@trading/test-support';
import { orderExecutionMigrations } from './persistence/migrations';
import { handlerOn, outboxEnvelopes } from './testing';

jest.setTimeout(300_000);

it('handles the venue inputs of a kernel run on real EURUSD H1 bars and publishes exactly the kernel venue reports', async () => {
  const fill: FillModel = { timing: 'next-open', spread: { source: 'bar' }, slippage: { kind: 'fixed-pips', pips: 0.2 }, commission: { kind: 'per-lot', amount: 7 } };
  const { inputs, outputs } = venueTraffic([firstBars(readSharedBars(sharedData.fxH1_2025('EURUSD'), 'EURUSD', 'H1'), 700)], fill, Money.of(10_000, 'USD'));
  expect(inputs.filter((e) => e.type === 'order.submit')).toHaveLength(15);
  expect(outputs.filter((e) => e.type === 'execution.report' && (e.payload as { status: string }).status === 'filled')).toHaveLength(21);

  const database = await openTestDatabase({ kind: 'embedded', migrations: [...orderExecutionMigrations] });
  try {
    const { handler } = handlerOn(database, { fill });
    await handler.recover();
    for (const envelope of inputs) await handler.handle(envelope);
    expect(await outboxEnvelopes(database)).toEqual(outputs);
  } finally {
    await database.close();
  }
});

function firstBars(bars: BarColumns, n: number): BarColumns {
  return { symbol: bars.symbol, timeframe: bars.timeframe, length: n, time: bars.time.slice(0, n), open: bars.open.slice(0, n), high: bars.high.slice(0, n), low: bars.low.slice(0, n), close: bars.close.slice(0, n), volume: bars.volume.slice(0, n), spread: bars.spread.slice(0, n) };
}

// The contract every venue behind the broker port passes (the paper venue now,
// IG later), on real bars: the first hours of the vendored EURUSD H1 file
// (2015-03-09 14:00 UTC on). Expected prices are worked out from those bars
// under CONTRACT_FILL_MODEL: spread from the bar's column (points of 0.00001),
// 0.2 pips of slippage on market and stop fills, 7 USD per lot per side.
//   bar 1 (15:00) open 1.08584 high 1.08731 low 1.08545 spread 11
//   bar 2 (16:00) open 1.08582 high 1.08640 low 1.08452 spread 9
//   bar 3 (17:00) open 1.08454 high 1.08590 low 1.08406 spread 0
import { instrumentFor, Money, type Instrument, type Timeframe } from '@trading/domain';
import type { FillModel } from '@trading/simulated-venue';
import { readSharedBars, sharedData } from '@trading/test-support';
import type { BrokerOutput, BrokerPort } from '../broker/broker.port';
import { ContractMessages } from './contract-messages';

export const CONTRACT_FILL_MODEL: FillModel = Object.freeze({
  timing: 'next-open',
  spread: Object.freeze({ source: 'bar' }),
  slippage: Object.freeze({ kind: 'fixed-pips', pips: 0.2 }),
  commission: Object.freeze({ kind: 'per-lot', amount: 7 }),
});

export interface BrokerContractSetup {
  readonly instruments: readonly Instrument[];
  readonly fill: FillModel;
  readonly initialCash: Money;
  readonly timeframe: Timeframe;
}

export interface BrokerUnderTest {
  readonly broker: BrokerPort;
  /** Every output the broker gave its listener, in order. */
  readonly outputs: readonly BrokerOutput[];
  /** Resolves once the venue has answered what it was sent (a real venue answers later). */
  settle(): Promise<void>;
  close?(): Promise<void>;
}

export function brokerContractSuite(name: string, open: (setup: BrokerContractSetup) => Promise<BrokerUnderTest>): void {
  describe(`broker contract: ${name}`, () => {
    const messages = () => new ContractMessages(readSharedBars(sharedData.eurusdH1(), 'EURUSD', 'H1'));
    let venue: BrokerUnderTest;
    let m: ContractMessages;

    beforeEach(async () => {
      m = messages();
      venue = await open({ instruments: [instrumentFor('EURUSD')], fill: CONTRACT_FILL_MODEL, initialCash: Money.of(10_000, 'USD'), timeframe: 'H1' });
    });
    afterEach(async () => {
      await venue.close?.();
    });

    const reports = (key?: string) =>
      venue.outputs.flatMap((output) => (output.type === 'execution.report' && (key === undefined || output.payload.clientOrderId === m.clientOrderId(key)) ? [output.payload] : []));
    const statuses = (key: string) => reports(key).map((report) => report.status);
    const feed = async (...indices: number[]) => {
      for (const i of indices) await venue.broker.onBar(m.bar(i));
      await venue.settle();
    };
    const submit = async (...args: Parameters<ContractMessages['submit']>) => {
      const outcome = await venue.broker.submit(m.submit(...args));
      await venue.settle();
      return outcome;
    };

    it('fills a market buy at the next bar open plus its spread and slippage, and a market sell at that open less the slippage', async () => {
      expect(await submit(0, { key: 'buy', side: 'buy' })).toBe('accepted');
      expect(await submit(0, { key: 'sell', side: 'sell', strategy: 'other' })).toBe('accepted');
      expect(statuses('buy')).toEqual(['accepted']);
      await feed(1);
      const [, buy] = reports('buy');
      expect(buy).toMatchObject({ status: 'filled', filledSize: '1', lastFillSize: '1', averagePrice: '1.08597', lastFillPrice: '1.08597', commission: '7', commissionCurrency: 'USD', executedAt: m.bars.time[1], positionAfter: '1' });
      expect(reports('sell')[1]).toMatchObject({ status: 'filled', averagePrice: '1.08582', positionAfter: '-1' });
    });

    it('rests a limit order until a bar reaches it and fills at the limit without slippage', async () => {
      await submit(0, { key: 'limit', side: 'buy', orderType: 'limit', limitPrice: '1.085' });
      await feed(1);
      expect(statuses('limit')).toEqual(['accepted']);
      expect((await venue.broker.snapshot()).orders.map((order) => order.clientOrderId)).toEqual([m.clientOrderId('limit')]);
      await feed(2);
      expect(reports('limit')[1]).toMatchObject({ status: 'filled', averagePrice: '1.085', executedAt: m.bars.time[2] });
    });

    it('rests a stop order until a bar trades through it and fills at the stop with slippage', async () => {
      await submit(0, { key: 'stop', side: 'sell', orderType: 'stop', stopPrice: '1.0845' });
      await feed(1, 2);
      expect(statuses('stop')).toEqual(['accepted']);
      await feed(3);
      expect(reports('stop')[1]).toMatchObject({ status: 'filled', averagePrice: '1.08448', executedAt: m.bars.time[3], positionAfter: '-1' });
    });

    it('closes a long at its stop-loss, not its take-profit, when one bar touches both', async () => {
      await submit(1, { key: 'long', side: 'buy', stopLoss: '1.085', takeProfit: '1.0862' });
      await feed(2);
      const fills = reports().filter((report) => report.status === 'filled');
      expect(fills.map((fill) => [fill.side, fill.averagePrice, fill.positionAfter])).toEqual([
        ['buy', '1.08593', '1'],
        ['sell', '1.08498', '0'],
      ]);
      expect(fills[1].reason).toMatch(/^stop-loss/);
      expect((await venue.broker.snapshot()).positions).toEqual([]);
    });

    it('closes a short at its stop-loss, not its take-profit, when one bar touches both', async () => {
      await submit(1, { key: 'short', side: 'sell', stopLoss: '1.0863', takeProfit: '1.0847' });
      await feed(2);
      const fills = reports().filter((report) => report.status === 'filled');
      expect(fills.map((fill) => [fill.side, fill.averagePrice, fill.positionAfter])).toEqual([
        ['sell', '1.0858', '-1'],
        ['buy', '1.08632', '0'],
      ]);
      expect(fills[1].reason).toMatch(/^stop-loss/);
    });

    it('takes a client order id once: the same order sent again (another message) opens no second position and reports nothing', async () => {
      expect(await submit(0, { key: 'once', side: 'buy' })).toBe('accepted');
      expect(await submit(0, { key: 'once', side: 'buy' })).toBe('duplicate');
      await feed(1);
      expect(await submit(1, { key: 'once', side: 'buy' })).toBe('duplicate');
      await feed(2);
      expect(statuses('once')).toEqual(['accepted', 'filled']);
      expect((await venue.broker.snapshot()).positions).toEqual([{ strategy: 'contract', symbol: 'EURUSD', size: '1', averagePrice: '1.08597' }]);
    });

    it('cancels a working order, which then never fills', async () => {
      await submit(0, { key: 'working', side: 'buy', orderType: 'limit', limitPrice: '1.085' });
      await feed(1);
      expect(await venue.broker.cancel(m.cancel(1, 'working'))).toBe('cancelled');
      await venue.settle();
      await feed(2, 3);
      expect(statuses('working')).toEqual(['accepted', 'cancelled']);
      expect(reports('working')[1]).toMatchObject({ filledSize: '0', reason: 'contract cancel working' });
      expect((await venue.broker.snapshot()).orders).toEqual([]);
    });

    it('answers a cancel of an order it never had as unknown, and of a filled one as no longer working, reporting nothing', async () => {
      expect(await venue.broker.cancel(m.cancel(0, 'never-sent'))).toBe('unknown');
      await submit(0, { key: 'done', side: 'buy' });
      await feed(1);
      expect(await venue.broker.cancel(m.cancel(1, 'done'))).toBe('not-working');
      await venue.settle();
      expect(reports('never-sent')).toEqual([]);
      expect(statuses('done')).toEqual(['accepted', 'filled']);
    });

    it('rejects an order it cannot work, with the reason', async () => {
      expect(await submit(0, { key: 'bad-brackets', side: 'buy', stopLoss: '1.09', takeProfit: '1.08' })).toBe('rejected');
      expect(await submit(0, { key: 'bad-symbol', side: 'buy', symbol: 'GBPUSD' })).toBe('rejected');
      expect(reports('bad-brackets')).toEqual([expect.objectContaining({ status: 'rejected', brokerOrderId: null, filledSize: '0', reason: 'market buy EURUSD: stopLoss 1.09 must be below takeProfit 1.08' })]);
      expect(reports('bad-symbol')).toEqual([expect.objectContaining({ status: 'rejected', reason: expect.stringContaining('GBPUSD') })]);
      await feed(1);
      expect((await venue.broker.snapshot()).positions).toEqual([]);
    });

    it('lists exactly the working orders and the open positions in its snapshot, with the cash after commission', async () => {
      await submit(0, { key: 'filled', side: 'buy' });
      await submit(0, { key: 'resting', side: 'sell', orderType: 'limit', limitPrice: '1.09', stopLoss: '1.1', strategy: 'other' });
      await feed(1);
      const snapshot = await venue.broker.snapshot();
      expect(snapshot).toEqual({
        currency: 'USD',
        cash: '9993',
        takenAt: m.closeOf(1),
        orders: [{ clientOrderId: m.clientOrderId('resting'), strategy: 'other', symbol: 'EURUSD', side: 'sell', orderType: 'limit', size: '1', price: '1.09', stopLoss: '1.1', reason: 'contract order resting' }],
        positions: [{ strategy: 'contract', symbol: 'EURUSD', size: '1', averagePrice: '1.08597' }],
      });
    });

    it('reports the events of one order in order, each caused by what made it happen', async () => {
      const order = m.submit(0, { key: 'ordered', side: 'buy' });
      await venue.broker.submit(order);
      const bar = m.bar(1);
      await venue.broker.onBar(bar);
      await venue.settle();
      const mine = venue.outputs.flatMap((output) => (output.type === 'execution.report' && output.payload.clientOrderId === m.clientOrderId('ordered') ? [output] : []));
      expect(mine.map((output) => [output.payload.status, output.causationId, output.occurredAt])).toEqual([
        ['accepted', order.id, order.occurredAt],
        ['filled', bar.id, bar.occurredAt],
      ]);
    });
  });
}

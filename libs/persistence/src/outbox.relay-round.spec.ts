// The per-stream rules of one relay round, on their own: no database, no bus.
import { PublishRejected } from '@trading/messaging';
import { rowsToPublish, settleRound, type ClaimedRow } from './outbox.relay-round';

const row = (sequence: number, streamKey: string, topic = `stream.${streamKey}`): ClaimedRow => ({ sequence: String(sequence), topic, streamKey, envelope: '{}' });
const confirmed: PromiseSettledResult<void> = { status: 'fulfilled', value: undefined };
const failed = (reason: unknown): PromiseSettledResult<void> => ({ status: 'rejected', reason });

describe('settleRound', () => {
  it('marks each stream up to its first failure, keeps the other streams going, and reports the first failure by sequence', () => {
    const rows = [row(1, 'a'), row(2, 'b'), row(3, 'a'), row(4, 'b'), row(5, 'a'), row(6, 'c'), row(7, 'b')];
    const lost = new Error('broker connection lost');
    const later = new Error('later failure');
    const settled = settleRound(rows, [confirmed, confirmed, failed(lost), failed(later), confirmed, confirmed, confirmed]);
    expect(settled.published).toEqual(['1', '2', '6']);
    expect([...settled.failedStreams]).toEqual(['a', 'b']);
    expect([...settled.cleanStreams]).toEqual(['c']);
    expect(settled.failure).toEqual({ error: lost });
    expect(settled.rejected).toEqual([]);
  });

  it('records a refusal for good as rejected and goes on with its stream', () => {
    const rows = [row(10, 'orders', 'order.submit.EURUSD'), row(11, 'orders', 'order.submit.USDJPY'), row(12, 'orders', 'order.submit.EURUSD')];
    const settled = settleRound(rows, [confirmed, failed(new PublishRejected('order.submit.USDJPY', 'unroutable')), confirmed]);
    expect(settled.published).toEqual(['10', '12']);
    expect(settled.rejected).toEqual([{ row: rows[1], reason: 'publish to order.submit.USDJPY rejected: unroutable' }]);
    expect(settled.failure).toBeUndefined();
    expect([...settled.cleanStreams]).toEqual(['orders']);
  });

  it('refuses outcomes that do not line up with the rows', () => {
    expect(() => settleRound([row(1, 'a')], [])).toThrow('settleRound: 1 rows but 0 outcomes');
  });
});

describe('rowsToPublish', () => {
  it('sends only the first pending row of a stream whose last round failed, and every row of the others', () => {
    const rows = [row(1, 'a'), row(2, 'b'), row(3, 'a'), row(4, 'b'), row(5, 'c')];
    expect(rowsToPublish(rows, new Set(['a'])).map((claimed) => claimed.sequence)).toEqual(['1', '2', '4', '5']);
    expect(rowsToPublish(rows, new Set()).map((claimed) => claimed.sequence)).toEqual(['1', '2', '3', '4', '5']);
  });
});

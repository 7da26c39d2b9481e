import { replayBatchHistory, type BatchCall } from './batch-history';

const commit = (...labels: string[]): BatchCall => ({ labels, outcome: 'commit' });
const fail = (...labels: string[]): BatchCall => ({ labels, outcome: 'fail' });
const reject = (...labels: string[]): BatchCall => ({ labels, outcome: 'reject' });

describe('replayBatchHistory', () => {
  it('accepts a failed batch retried one message at a time, the poison one dead-lettered on its last delivery', () => {
    const history = replayBatchHistory(
      [commit('0#1'), fail('1#1', '2#1', '3#1'), commit('1#2'), fail('2#2'), fail('2#3'), commit('3#2'), commit('4#1', '5#1')],
      6,
      4,
      3,
    );
    expect(history).toEqual({ breach: undefined, deadLettered: ['2#3'], committed: ['0#1', '1#2', '3#2', '4#1', '5#1'] });
  });

  it('dead-letters a lone rejected message at once, and treats a rejected batch of many as a failure', () => {
    const history = replayBatchHistory([reject('0#1'), reject('1#1', '2#1'), commit('1#2'), reject('2#2')], 3, 8, 5);
    expect(history).toEqual({ breach: undefined, deadLettered: ['0#1', '2#2'], committed: ['1#2'] });
  });

  it('dead-letters every message of a failed batch that had its last delivery', () => {
    const history = replayBatchHistory([fail('0#1', '1#1')], 2, 8, 1);
    expect(history).toEqual({ breach: undefined, deadLettered: ['0#1', '1#1'], committed: [] });
  });

  it('names the first call out of queue order, too large, retried with others, or with a wrong count', () => {
    expect(replayBatchHistory([commit('1#1'), commit('0#1')], 2, 8, 5).breach).toBe('call 0 [1#1]: expected [0#1]');
    expect(replayBatchHistory([commit('0#1', '1#1', '2#1')], 3, 2, 5).breach).toBe('call 0 [0#1, 1#1, 2#1]: a batch must hold 1 to 2 messages');
    expect(replayBatchHistory([fail('0#1', '1#1'), commit('0#2', '1#2')], 2, 8, 5).breach).toBe('call 1 [0#2, 1#2]: expected [0#2]');
    expect(replayBatchHistory([fail('0#1', '1#1'), commit('2#1')], 3, 8, 5).breach).toBe('call 1 [2#1]: expected [0#2]');
    expect(replayBatchHistory([fail('0#1'), commit('0#1')], 1, 8, 5).breach).toBe('call 1 [0#1]: expected [0#2]');
  });

  it('names messages never delivered or left awaiting a retry', () => {
    expect(replayBatchHistory([commit('0#1')], 2, 8, 5).breach).toBe('the calls end with 1 message(s) never delivered and 0 awaiting a retry');
    expect(replayBatchHistory([fail('0#1')], 1, 8, 5).breach).toBe('the calls end with 0 message(s) never delivered and 1 awaiting a retry');
  });
});

// Persisted memory is checked field by field before an engine trusts it, and
// memory of version 1 (the same-side window kept inside the id memory) is
// carried over to version 2.
import { initialRiskMemory, parseRiskMemory, RISK_MEMORY_VERSION } from './risk-memory';

const valid = (): Record<string, unknown> => JSON.parse(JSON.stringify(initialRiskMemory())) as Record<string, unknown>;

function problemOf(input: unknown): string {
  try {
    parseRiskMemory(input);
  } catch (error) {
    return (error as Error).message;
  }
  return 'accepted';
}

describe('fresh risk memory', () => {
  it('starts ACTIVE with every history, counter and window empty', () => {
    expect(initialRiskMemory()).toEqual({
      version: 2,
      state: 'ACTIVE',
      transitions: [],
      trips: [],
      session: null,
      peakEquity: null,
      consecutiveLosses: 0,
      atrWindows: {},
      volatilitySpikes: {},
      rejectionTimes: [],
      recentOrders: [],
      recentSignals: [],
      approvedEntries: [],
    });
  });
});

describe('parsing persisted risk memory', () => {
  it('accepts fresh memory as a deep copy that does not share its arrays', () => {
    const input = valid();
    const parsed = parseRiskMemory(input);
    expect(parsed).toEqual(initialRiskMemory());
    expect(parsed.version).toBe(2);
    expect(RISK_MEMORY_VERSION).toBe(2);
    (input['trips'] as unknown[]).push({ breaker: 'KILL_SWITCH' });
    expect(parsed.trips).toEqual([]);
  });

  it('refuses anything but an object at the root', () => {
    expect(problemOf(null)).toBe('invalid risk memory: (root) must be an object');
    expect(problemOf('memory')).toBe('invalid risk memory: (root) must be an object');
  });

  it('names a version it does not know', () => {
    expect(problemOf({ ...valid(), version: 3 })).toBe('invalid risk memory: version must be 2 (or 1), got 3');
    expect(problemOf({ ...valid(), version: undefined })).toBe('invalid risk memory: version must be 2 (or 1), got undefined');
  });

  it('names a state that is not a trading state', () => {
    expect(problemOf({ ...valid(), state: 'PAUSED' })).toBe('invalid risk memory: state must be one of ACTIVE, REDUCING, HALTED');
    expect(problemOf({ ...valid(), state: 'HALTED' })).toBe('accepted');
  });

  it.each(['transitions', 'trips', 'rejectionTimes', 'recentOrders', 'recentSignals', 'approvedEntries'])('names %s when it is not an array', (key) => {
    expect(problemOf({ ...valid(), [key]: {} })).toBe(`invalid risk memory: ${key} must be an array`);
  });

  it('names a trip of a breaker it does not know, and keeps one it knows', () => {
    const trip = { breaker: 'MAX_DRAWDOWN', state: 'HALTED', reason: 'drawdown', since: 1, until: null, latched: true };
    expect(problemOf({ ...valid(), trips: [trip, { ...trip, breaker: 'PANIC' }] })).toBe('invalid risk memory: trips holds an unknown breaker PANIC');
    expect(parseRiskMemory({ ...valid(), state: 'HALTED', trips: [trip] }).trips).toEqual([trip]);
  });

  it.each(['atrWindows', 'volatilitySpikes'])('names %s when it is not a plain object (null, an array, a number)', (key) => {
    for (const bad of [null, [], 7]) expect(problemOf({ ...valid(), [key]: bad })).toBe(`invalid risk memory: ${key} must be an object`);
  });

  it('names a loss count that is not a number', () => {
    expect(problemOf({ ...valid(), consecutiveLosses: '2' })).toBe('invalid risk memory: consecutiveLosses must be a number');
    expect(parseRiskMemory({ ...valid(), consecutiveLosses: 2 }).consecutiveLosses).toBe(2);
  });

  it('carries version 1 over: its approved signals open the same-side window, the refused ones do not', () => {
    const approved = { id: 'a', strategy: 's', symbol: 'EURUSD', side: 'BUY', time: 10, approved: true };
    const refused = { id: 'b', strategy: 's', symbol: 'GBPUSD', side: 'SELL', time: 20, approved: false };
    const v1: Record<string, unknown> = { ...valid(), version: 1, recentSignals: [approved, refused] };
    delete v1['approvedEntries'];
    const parsed = parseRiskMemory(v1);
    expect(parsed.version).toBe(2);
    expect(parsed.recentSignals).toEqual([approved, refused]);
    expect(parsed.approvedEntries).toEqual([{ strategy: 's', symbol: 'EURUSD', side: 'BUY', time: 10, id: 'a' }]);
  });

  it('still names the id memory of version 1 when it is not an array', () => {
    const v1: Record<string, unknown> = { ...valid(), version: 1 };
    delete v1['recentSignals'];
    expect(problemOf(v1)).toBe('invalid risk memory: recentSignals must be an array');
  });
});

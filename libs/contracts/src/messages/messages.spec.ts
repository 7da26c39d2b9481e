// Every message type: its example passes, and broken variants fail with a
// reason naming the field (validated as a consumer would, from the envelope).
import { ManualClock, SeededRandom } from '@trading/domain';
import { encodeEnvelope, decodeEnvelope } from '../envelope.codec';
import { MESSAGE_TYPES, type MessageType } from '../message-registry';
import { MessageFactory } from '../message.factory';
import { examplePayloads } from '../testing';

type Payload = Record<string, unknown>;
type InvalidCase = readonly [description: string, change: (payload: Payload) => Payload, reason: string];

const invalidCases: { readonly [T in MessageType]: readonly InvalidCase[] } = {
  'market.bar': [
    ['a lower-case symbol', (p) => ({ ...p, symbol: 'eurusd' }), 'payload.symbol: expected a six-letter FX symbol (e.g. EURUSD), got "eurusd"'],
    ['an unknown timeframe', (p) => ({ ...p, timeframe: 'H2' }), 'payload.timeframe: expected one of M1, M5, M15, M30, H1, H4, D1, got "H2"'],
    ['high below low', (p) => ({ ...p, high: 1.043, low: 1.0432 }), 'payload.low: must not be above high (low 1.0432, high 1.043)'],
    ['close above high', (p) => ({ ...p, close: 1.05 }), 'payload.high: must be ≥ open and close (high 1.0463, open 1.04607, close 1.05)'],
    ['a zero price', (p) => ({ ...p, open: 0 }), 'payload.open: expected a finite number > 0, got 0'],
    ['a fractional time', (p) => ({ ...p, time: 1.5 }), 'payload.time: expected an integer ≥ 0, got 1.5'],
  ],
  'market.quote': [
    ['ask below bid', (p) => ({ ...p, ask: 1.0445 }), 'payload.ask: must not be below bid (bid 1.04457, ask 1.0445)'],
    ['a missing bid', ({ bid: _bid, ...p }) => p, 'payload.bid: expected a finite number > 0, got nothing'],
  ],
  'market.data-quality': [
    ['an unknown kind', (p) => ({ ...p, kind: 'weird' }), 'payload.kind: expected one of duplicate, backwards, unordered'],
    ['row 0', (p) => ({ ...p, row: 0 }), 'payload.row: expected an integer ≥ 1, got 0'],
    ['an unknown outcome', (p) => ({ ...p, outcome: 'ignored' }), 'payload.outcome: expected one of dropped, rejected, reported, got "ignored"'],
    ['a missing time', ({ time: _time, ...p }) => p, 'payload.time: expected an integer ≥ 0 or null, got nothing'],
  ],
  signal: [
    ['strength above 1', (p) => ({ ...p, strength: 1.5 }), 'payload.strength: expected a finite number in 0..1, got 1.5'],
    ['a side of "hold"', (p) => ({ ...p, side: 'hold' }), 'payload.side: expected one of buy, sell, flat, got "hold"'],
    ['a sell with its stop below the target', (p) => ({ ...p, stopLoss: 1.04, takeProfit: 1.05 }), 'payload.stopLoss: must be above takeProfit for a sell (stopLoss 1.04, takeProfit 1.05)'],
    ['a flat signal with a stop', (p) => ({ ...p, side: 'flat', takeProfit: undefined }), 'payload.stopLoss: a flat signal carries no stop-loss or take-profit'],
    ['an empty reason', (p) => ({ ...p, reason: '' }), 'payload.reason: expected a non-empty text'],
    ['a strategy name with a dot', (p) => ({ ...p, strategy: 'ml.v2' }), 'payload.strategy: expected a name of 1-64 letters'],
  ],
  'ml.prediction': [
    ['probabilities not summing to 1', (p) => ({ ...p, probabilities: { up: 0.5, down: 0.3 } }), 'payload.probabilities: must sum to 1, got 0.8'],
    ['a probability above 1', (p) => ({ ...p, probabilities: { up: 1.2, down: -0.2 } }), 'payload.probabilities.up: expected a finite number in 0..1, got 1.2'],
    ['a zero horizon', (p) => ({ ...p, horizonBars: 0 }), 'payload.horizonBars: expected an integer ≥ 1, got 0'],
  ],
  'ml.regime': [
    ['an unknown regime', (p) => ({ ...p, regime: 'calm' }), 'payload.regime: expected one of trend, range, volatile, got "calm"'],
    ['a regime that is not the most probable', (p) => ({ ...p, regime: 'range' }), 'payload.regime: must be the most probable regime (range has 0.2)'],
    ['a missing probability', (p) => ({ ...p, probabilities: { trend: 0.7, range: 0.3 } }), 'payload.probabilities.volatile: expected a finite number in 0..1, got nothing'],
  ],
  'risk.decision': [
    ['an approval without a client order id', (p) => ({ ...p, clientOrderId: undefined }), 'payload.clientOrderId: required when approved'],
    ['an approval of size 0.00', (p) => ({ ...p, size: '0.00' }), 'payload.size: must be positive when approved'],
    ['a rejection without a reason code', (p) => ({ ...p, decision: 'rejected', clientOrderId: undefined }), 'payload.reasonCode: required when rejected'],
    ['a rejection with a client order id', (p) => ({ ...p, decision: 'rejected', reasonCode: 'MAX_OPEN_RISK', reason: 'too much open risk' }), 'payload.clientOrderId: must be absent when rejected'],
    ['a lower-case reason code', (p) => ({ ...p, reasonCode: 'approved' }), 'payload.reasonCode: expected an UPPER_SNAKE reason code, got "approved"'],
    ['a check with an unknown verdict', (p) => ({ ...p, checks: [{ code: 'MAX_OPEN_RISK', verdict: 'maybe', detail: 'x' }] }), 'payload.checks[0].verdict: expected one of pass, fail, downsized, got "maybe"'],
    ['a downsized check without its size', (p) => ({ ...p, checks: [{ code: 'MAX_OPEN_RISK', verdict: 'downsized', detail: 'x' }] }), 'payload.checks[0].downsizeTo: required when downsized'],
    ['an approval with a failed check', (p) => ({ ...p, checks: [{ code: 'MARGIN', verdict: 'fail', detail: 'not enough margin' }] }), 'payload.checks: an approved decision cannot carry a failed check (MARGIN)'],
    ['an unknown trading state', (p) => ({ ...p, tradingState: 'PAUSED' }), 'payload.tradingState: expected one of ACTIVE, REDUCING, HALTED, got "PAUSED"'],
  ],
  'order.submit': [
    ['a float size', (p) => ({ ...p, size: 1.5 }), 'payload.size: expected a positive decimal string, got 1.5'],
    ['a limit order without a limit price', (p) => ({ ...p, orderType: 'limit' }), 'payload.limitPrice: required for a limit order'],
    ['a stop price on a market order', (p) => ({ ...p, stopPrice: '1.05' }), 'payload.stopPrice: only allowed on a stop order (orderType is market)'],
    ['a too-short client order id', (p) => ({ ...p, clientOrderId: 'abc' }), 'payload.clientOrderId: expected a client order id of 8-30'],
    ['an unknown time in force', (p) => ({ ...p, timeInForce: 'DAY' }), 'payload.timeInForce: expected one of GTC, IOC, FOK, got "DAY"'],
    ['no strategy', ({ strategy: _strategy, ...p }) => p, 'payload.strategy: expected a name of 1-64 letters'],
  ],
  'order.cancel': [
    ['a missing reason', ({ reason: _reason, ...p }) => p, 'payload.reason: expected a non-empty text'],
    ['a requester with a space', (p) => ({ ...p, requestedBy: 'the risk service' }), 'payload.requestedBy: expected a name of 1-64'],
  ],
  'execution.report': [
    ['a float commission', (p) => ({ ...p, commission: 0.5 }), 'payload.commission: expected a non-negative decimal string, got 0.5'],
    ['a fill larger than the order', (p) => ({ ...p, filledSize: '0.6' }), 'payload.filledSize: must not exceed orderSize (filledSize 0.6, orderSize 0.5)'],
    ['a "filled" report short of the order size', (p) => ({ ...p, filledSize: '0.25', lastFillSize: '0.25' }), 'payload.filledSize: must equal orderSize when filled (filledSize 0.25, orderSize 0.5)'],
    ['a partial fill of everything', (p) => ({ ...p, status: 'partially_filled' }), 'payload.filledSize: must be between 0 and orderSize (exclusive) when partially filled, got 0.5'],
    ['a rejection without a reason', (p) => ({ ...p, status: 'rejected', filledSize: '0', averagePrice: undefined, lastFillSize: undefined, lastFillPrice: undefined }), 'payload.reason: required when rejected'],
    ['a fill without a price', (p) => ({ ...p, averagePrice: undefined }), 'payload.averagePrice: required once something filled (filledSize 0.5)'],
    ['an unknown status', (p) => ({ ...p, status: 'pending' }), 'payload.status: expected one of accepted, filled, partially_filled, rejected, cancelled, expired, got "pending"'],
    ['a fill without its size', ({ lastFillSize: _size, ...p }) => p, 'payload.lastFillSize: required on a filled report'],
    ['a fill larger than the cumulative fill', (p) => ({ ...p, lastFillSize: '0.6' }), 'payload.lastFillSize: must not exceed filledSize (lastFillSize 0.6, filledSize 0.5)'],
    ['a fill price on a cancel', (p) => ({ ...p, status: 'cancelled', lastFillSize: undefined }), 'payload.lastFillPrice: only on a fill (status is cancelled)'],
    ['no strategy', ({ strategy: _strategy, ...p }) => p, 'payload.strategy: expected a name of 1-64 letters'],
  ],
  'account.financing': [
    ['a float amount', (p) => ({ ...p, amount: -19.5 }), 'payload.amount: expected a decimal string, got -19.5'],
    ['zero nights', (p) => ({ ...p, nights: 0 }), 'payload.nights: expected an integer ≥ 1, got 0'],
  ],
  'account.margin-call': [
    ['a negative margin', (p) => ({ ...p, marginUsed: -1 }), 'payload.marginUsed: expected a finite number ≥ 0, got -1'],
  ],
  'risk.state': [
    ['a float equity', (p) => ({ ...p, equity: 9698.4 }), 'payload.equity: expected a decimal string, got 9698.4'],
    ['a drawdown above 100 %', (p) => ({ ...p, drawdown: 1.5 }), 'payload.drawdown: expected a finite number in 0..1, got 1.5'],
    ['a missing previous state', ({ previousState: _previous, ...p }) => p, 'payload.previousState: expected one of ACTIVE, REDUCING, HALTED or null, got nothing'],
  ],
  'risk.command': [
    ['an unknown action', (p) => ({ ...p, action: 'pause' }), 'payload.action: expected one of kill, reduce, resume, set-limits, got "pause"'],
    ['no requester', (p) => ({ ...p, requestedBy: '' }), 'payload.requestedBy: expected a non-empty requester of at most 128 characters, got ""'],
    ['set-limits without limits', (p) => ({ ...p, action: 'set-limits' }), 'payload.limits: required when action is set-limits'],
    ['set-limits with limits that are not JSON', (p) => ({ ...p, action: 'set-limits', limits: '{maxOpen: 3}' }), 'payload.limits: is not JSON ('],
    ['set-limits with a JSON array', (p) => ({ ...p, action: 'set-limits', limits: '[1,2]' }), 'payload.limits: must be a JSON object'],
    ['limits on a kill', (p) => ({ ...p, limits: '{}' }), 'payload.limits: only allowed when action is set-limits (action is kill)'],
  ],
  'optimizer.request': [
    ['a strategy that is not a word', (p) => ({ ...p, strategy: 'intra day' }), 'payload.strategy: expected a name of 1-64 letters, digits, "_" or "-", got "intra day"'],
    ['an empty symbol list', (p) => ({ ...p, symbols: [] }), 'payload.symbols: expected at least 1 item(s), got 0'],
    ['zero trials', (p) => ({ ...p, trials: 0 }), 'payload.trials: expected an integer in 1..100000, got 0'],
  ],
  'venue.snapshot': [
    ['a cash that is a float', (p) => ({ ...p, cash: 10012.4 }), 'payload.cash: expected a decimal string, got 10012.4'],
    ['a position without a price', (p) => ({ ...p, positions: [{ strategy: 'intraday', symbol: 'EURUSD', size: '0.5' }] }), 'payload.positions[0].averagePrice: expected a positive decimal string, got nothing'],
    ['an order of zero lots', (p) => ({ ...p, orders: [{ ...(p.orders as Payload[])[0], size: '0' }] }), 'payload.orders[0].size: expected a positive decimal string'],
  ],
  'flow.handled': [
    ['a produced id that is not a UUID', (p) => ({ ...p, produced: ['bar-1'] }), 'payload.produced[0]: expected a lower-case UUID, got "bar-1"'],
    ['a negative held count', (p) => ({ ...p, held: -1 }), 'payload.held: expected an integer ≥ 0, got -1'],
  ],
  'flow.release': [
    ['step zero', (p) => ({ ...p, step: 0 }), 'payload.step: expected an integer ≥ 1, got 0'],
    ['no consumer', ({ consumer: _consumer, ...p }) => p, 'payload.consumer: expected a queue name, got nothing'],
  ],
  'flow.end': [['no reason', (p) => ({ ...p, reason: '' }), 'payload.reason: expected a non-empty text of at most 2000 characters, got ""']],
  'venue.snapshot-request': [['no reason', (p) => ({ ...p, reason: '' }), 'payload.reason: expected a non-empty text of at most 2000 characters, got ""']],
  'optimizer.params': [
    ['a parameter that is an object', (p) => ({ ...p, params: { fastPeriod: { value: 12 } } }), 'payload.params.fastPeriod: expected a finite number or a string of at most 200 characters or a boolean, got an object'],
    ['a text parameter over 200 characters', (p) => ({ ...p, params: { label: 'x'.repeat(201) } }), `payload.params.label: expected a finite number or a string of at most 200 characters or a boolean, got "${'x'.repeat(40)}…"`],
    ['no parameters', (p) => ({ ...p, params: {} }), 'payload.params: expected at least 1 entry, got 0'],
    ['a negative trial id', (p) => ({ ...p, trialId: -1 }), 'payload.trialId: expected an integer ≥ 0, got -1'],
    ['a metric that is text', (p) => ({ ...p, metrics: { sharpe: '1.4' } }), 'payload.metrics.sharpe: expected a finite number, got "1.4"'],
  ],
};

const factory = new MessageFactory({ clock: new ManualClock(1_656_669_600_000), random: new SeededRandom(5), producer: 'contracts-spec' });

function decodeWith(type: MessageType, payload: unknown): string | undefined {
  const envelope = factory.create(type, examplePayloads[type]);
  const result = decodeEnvelope(encodeEnvelope({ ...envelope, payload }));
  return result.ok ? undefined : result.reason;
}

describe('message schemas', () => {
  it('has an example and invalid cases for every registered type', () => {
    for (const type of MESSAGE_TYPES) {
      expect([type, examplePayloads[type] !== undefined, invalidCases[type].length > 0]).toEqual([type, true, true]);
    }
  });

  describe.each(MESSAGE_TYPES.map((type) => [type]))('%s', (type) => {
    it('accepts the example payload after a trip through JSON', () => {
      expect(decodeWith(type, examplePayloads[type])).toBeUndefined();
    });

    it.each(invalidCases[type].map(([description, change, reason]) => [description, change, reason] as const))(
      'rejects %s',
      (_description, change, reason) => {
        const payload = change({ ...(examplePayloads[type] as unknown as Payload) });
        const actual = decodeWith(type, JSON.parse(JSON.stringify(payload)));
        expect(actual?.slice(0, reason.length)).toBe(reason);
      },
    );
  });

  it('accepts each execution status when its sizes agree', () => {
    const base = examplePayloads['execution.report'];
    const notFilled = { ...base, lastFillSize: undefined, lastFillPrice: undefined };
    expect(decodeWith('execution.report', { ...notFilled, status: 'accepted', filledSize: '0', averagePrice: undefined })).toBeUndefined();
    expect(decodeWith('execution.report', { ...base, status: 'partially_filled', filledSize: '0.20', lastFillSize: '0.2' })).toBeUndefined();
    expect(decodeWith('execution.report', { ...notFilled, status: 'cancelled', filledSize: '0.2' })).toBeUndefined();
    expect(decodeWith('execution.report', { ...notFilled, status: 'expired', filledSize: '0', averagePrice: undefined })).toBeUndefined();
    expect(decodeWith('execution.report', { ...notFilled, status: 'rejected', filledSize: '0', averagePrice: undefined, brokerOrderId: null, reason: 'market closed' })).toBeUndefined();
  });

  it('accepts a rejected decision with the size the rules saw and a failed check', () => {
    const rejected = {
      ...examplePayloads['risk.decision'],
      decision: 'rejected',
      reasonCode: 'TRADING_STATE',
      reason: 'trading is HALTED by the kill switch',
      size: '0.8',
      downsizedFrom: undefined,
      clientOrderId: undefined,
      checks: [{ code: 'TRADING_STATE', verdict: 'fail', reasonCode: 'KILL_SWITCH', detail: 'trading is HALTED by the kill switch' }],
    };
    expect(decodeWith('risk.decision', rejected)).toBeUndefined();
  });

  it('accepts limit and stop orders with their price', () => {
    const base = examplePayloads['order.submit'];
    expect(decodeWith('order.submit', { ...base, orderType: 'limit', limitPrice: '1.0470', timeInForce: 'GTC' })).toBeUndefined();
    expect(decodeWith('order.submit', { ...base, orderType: 'stop', stopPrice: '1.0420' })).toBeUndefined();
  });
});

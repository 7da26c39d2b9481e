// What the risk desk tells the rest of the system besides its orders: the
// risk.decision of every signal it decided (built from the desk's own
// verdict, so the message says what the decision log says) and the
// risk.state payload with the account figures behind the trading state.
import type { RiskCheckVerdict, RiskDecisionMade, TradingStateChanged } from '@trading/contracts';
import { ExactDecimal } from '@trading/domain';
import type { RiskDesk, RuleVerdict, SignalVerdict, TradingState } from '@trading/risk-engine';

/** Message texts are sentences of at most 2,000 characters. */
export function sentence(text: string): string {
  return text.length <= 2000 ? text : `${text.slice(0, 1997)}...`;
}

export function riskDecisionPayload(verdict: SignalVerdict, state: TradingState): RiskDecisionMade {
  const aim = verdict.aim;
  const approved = aim !== null;
  return {
    signalId: verdict.signalId,
    strategy: verdict.strategy,
    symbol: verdict.symbol,
    side: verdict.side,
    decision: approved ? 'approved' : 'rejected',
    reasonCode: verdict.refusal?.code ?? null,
    reason: verdict.refusal === null ? null : sentence(verdict.refusal.reason),
    size: verdict.lots.toString(),
    ...(verdict.downsizedFrom === undefined ? {} : { downsizedFrom: verdict.downsizedFrom }),
    equity: new ExactDecimal(verdict.equity).toFixed(),
    ...(approved ? { clientOrderId: aim.id } : {}),
    checks: verdict.checks.map(checkOf),
    tradingState: state,
  };
}

function checkOf(verdict: RuleVerdict): RiskCheckVerdict {
  if (!verdict.pass) {
    return { code: verdict.code, verdict: 'fail', ...(verdict.reason === verdict.code ? {} : { reasonCode: verdict.reason }), detail: sentence(verdict.message || verdict.reason) };
  }
  const detail = sentence(verdict.detail || verdict.code);
  return 'downsizeTo' in verdict && verdict.downsizeTo !== undefined ? { code: verdict.code, verdict: 'downsized', detail, downsizeTo: verdict.downsizeTo.toString() } : { code: verdict.code, verdict: 'pass', detail };
}

/** The state as the service announces it, and why. */
export interface AnnouncedState {
  readonly state: TradingState;
  readonly reasonCode: string;
  readonly reason: string;
  readonly until: number | null;
}

export function riskStatePayload(desk: RiskDesk, announced: AnnouncedState, previous: TradingState | null, since: number): TradingStateChanged {
  const book = desk.book;
  const equity = new ExactDecimal(book.equity().toFixed(2));
  const marks = desk.policy.equityMarks?.() ?? { sessionStart: null, peak: null };
  const dailyPnl = marks.sessionStart === null ? new ExactDecimal(0) : equity.minus(marks.sessionStart);
  const peak = marks.peak === null ? null : new ExactDecimal(marks.peak);
  const drawdown = peak === null || !peak.isPositive() || equity.greaterThanOrEqualTo(peak) ? 0 : Math.min(1, peak.minus(equity).dividedBy(peak).toNumber());
  let openPositions = 0;
  for (let position = 0; position < book.ledger.positionCount; position++) if (book.ledger.sideAt(position) !== 0) openPositions++;
  return {
    state: announced.state,
    previousState: previous,
    reasonCode: announced.reasonCode,
    reason: sentence(announced.reason),
    since,
    until: announced.until,
    currency: book.cash.currency,
    balance: book.cash.amount.toFixed(),
    equity: equity.toFixed(),
    dailyPnl: dailyPnl.toFixed(),
    drawdown,
    openPositions,
  };
}

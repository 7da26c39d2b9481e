// risk.decision v1: the risk authority's verdict on one signal, on
// `risk.decision.{symbol}`: approved with a size and the client order id of
// the order it sends, or rejected with a reason code and a sentence a person
// can read, plus every rule's verdict (the shape of the risk engine's
// RuleVerdict: pass, fail, or pass after downsizing).
import { ExactDecimal } from '@trading/domain';
import { array, decimalString, enumOf, nullable, object, optional, refine, type Infer } from '../schema';
import {
  clientOrderIdField,
  reasonCodeField,
  sentenceField,
  symbolField,
  tradingStateField,
  uuidField,
  wordField,
} from './common.fields';
import { defineMessage } from './message-definition';

export const riskCheckSchema = refine(
  object({
    /** The rule's code, e.g. MAX_OPEN_RISK. */
    code: reasonCodeField,
    verdict: enumOf(['pass', 'fail', 'downsized'] as const),
    /** Why the rule failed, when its reason differs from its code. */
    reasonCode: optional(reasonCodeField),
    detail: sentenceField,
    /** Lots the rule cut the order to (downsized only). */
    downsizeTo: optional(decimalString({ positive: true })),
  }),
  (check) => {
    if (check.verdict === 'downsized' && check.downsizeTo === undefined) return { path: ['downsizeTo'], message: 'required when downsized' };
    if (check.verdict !== 'downsized' && check.downsizeTo !== undefined) {
      return { path: ['downsizeTo'], message: `only allowed when downsized (verdict is ${check.verdict})` };
    }
    return undefined;
  },
);

export type RiskCheckVerdict = Infer<typeof riskCheckSchema>;

export const riskDecisionMadeSchema = refine(
  object({
    /** Id of the signal message decided on. */
    signalId: uuidField,
    strategy: wordField,
    symbol: symbolField,
    side: enumOf(['buy', 'sell', 'flat'] as const),
    decision: enumOf(['approved', 'rejected'] as const),
    /** Why it was rejected (null when approved). */
    reasonCode: nullable(reasonCodeField),
    reason: nullable(sentenceField),
    /** Lots: approved, or what the rules saw when one rejected it ("0" when sizing failed). */
    size: decimalString({ nonNegative: true }),
    /** Lots before a rule downsized the order. */
    downsizedFrom: optional(decimalString({ positive: true })),
    /** Account equity the decision was sized on. */
    equity: decimalString(),
    /** The order this decision sends (approved only); derived from the decision (clientOrderIdFor) so retries reuse it. */
    clientOrderId: optional(clientOrderIdField),
    checks: array(riskCheckSchema),
    tradingState: tradingStateField,
  }),
  (decision) => {
    if (decision.decision === 'approved') {
      if (new ExactDecimal(decision.size).isZero()) return { path: ['size'], message: 'must be positive when approved' };
      if (decision.clientOrderId === undefined) return { path: ['clientOrderId'], message: 'required when approved' };
      const failed = decision.checks.find((check) => check.verdict === 'fail');
      if (failed !== undefined) return { path: ['checks'], message: `an approved decision cannot carry a failed check (${failed.code})` };
    } else {
      if (decision.reasonCode === null) return { path: ['reasonCode'], message: 'required when rejected' };
      if (decision.reason === null) return { path: ['reason'], message: 'required when rejected' };
      if (decision.clientOrderId !== undefined) return { path: ['clientOrderId'], message: 'must be absent when rejected' };
    }
    return undefined;
  },
);

export type RiskDecisionMade = Infer<typeof riskDecisionMadeSchema>;

export const riskDecisionMadeV1 = defineMessage({ type: 'risk.decision', version: 1, kind: 'event', schema: riskDecisionMadeSchema });

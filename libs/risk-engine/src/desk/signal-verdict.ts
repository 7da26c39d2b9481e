// What the desk decided on one signal, in one object the risk service
// publishes as risk.decision: the orders it sent, and when the signal's aim
// (the close of a flat signal, the entry of a buy or sell) was not sent, the
// code and sentence of why. Built by OrderLegs as it decides, so the message
// says exactly what the decision log says.
import type { Quantity } from '@trading/domain';
import type { RuleVerdict } from '../risk.types';
import type { DeskOrder } from './order-legs';

export interface SignalVerdict {
  readonly signalId: string;
  readonly strategy: string;
  readonly symbol: string;
  readonly side: 'buy' | 'sell' | 'flat';
  readonly time: number;
  /** Orders sent for the signal, in sending order (a reversal's close leg first). */
  readonly orders: readonly DeskOrder[];
  /** The order that carries the signal's aim, when it was sent. */
  readonly aim: DeskOrder | null;
  /** Why the aim was not sent (null when it was). */
  readonly refusal: { readonly code: string; readonly reason: string } | null;
  /** Lots the aim was judged at (zero when sizing gave none or it was never sized). */
  readonly lots: Quantity;
  /** Lots before a rule downsized the aim. */
  readonly downsizedFrom?: string;
  /** Every rule's verdict on the aim (empty without a policy with rules, or when it was never judged). */
  readonly checks: readonly RuleVerdict[];
  /** Equity the aim was judged on, exact decimal text. */
  readonly equity: string;
}

/** Codes of signals the desk does not trade before any rule sees them. */
export const ALREADY_FLAT = 'ALREADY_FLAT';
export const ALREADY_IN_POSITION = 'ALREADY_IN_POSITION';

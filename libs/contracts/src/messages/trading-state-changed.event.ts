// risk.state v1: the trading state and the account figures behind it, on
// `risk.state`, published by risk when a limit, a breaker or an operator
// changes the state (and at start-up, with previousState null).
import { decimalString, int, nullable, number, object, type Infer } from '../schema';
import { currencyField, reasonCodeField, sentenceField, timeField, tradingStateField } from './common.fields';
import { defineMessage } from './message-definition';

export const tradingStateChangedSchema = object({
  state: tradingStateField,
  previousState: nullable(tradingStateField),
  reasonCode: reasonCodeField,
  reason: sentenceField,
  /** When the current state began, UTC epoch ms. */
  since: timeField,
  /** When the state lifts by itself (a breaker's cool-down); null when it waits for a condition or a person. */
  until: nullable(timeField),
  currency: currencyField,
  balance: decimalString(),
  equity: decimalString(),
  /** Realised plus unrealised P&L of the current trading day. */
  dailyPnl: decimalString(),
  /** Fall from peak equity as a fraction (0.05 = 5 %): a statistic, so a number. */
  drawdown: number({ min: 0, max: 1 }),
  openPositions: int({ min: 0 }),
});

export type TradingStateChanged = Infer<typeof tradingStateChangedSchema>;
export type TradingState = TradingStateChanged['state'];

export const tradingStateChangedV1 = defineMessage({ type: 'risk.state', version: 1, kind: 'event', schema: tradingStateChangedSchema });

// account.financing v1: financing (swap) the venue booked on a strategy's
// position at the rollover, on `account.financing.{symbol}`. The risk service
// books it in the portfolio, as IG reports it among the account's transactions.
import { decimalString, int, object, type Infer } from '../schema';
import { currencyField, symbolField, timeField, wordField } from './common.fields';
import { defineMessage } from './message-definition';

export const financingBookedSchema = object({
  strategy: wordField,
  symbol: symbolField,
  /** Account currency, negative when paid. */
  amount: decimalString(),
  currency: currencyField,
  /** Nights charged (a Wednesday rollover counts three). */
  nights: int({ min: 1 }),
  /** Venue time of the booking, UTC epoch ms. */
  bookedAt: timeField,
});

export type FinancingBooked = Infer<typeof financingBookedSchema>;

export const financingBookedV1 = defineMessage({ type: 'account.financing', version: 1, kind: 'event', schema: financingBookedSchema });

// account.margin-call v1: the venue's margin level fell to its margin-call
// level (once per fall), on `account.margin-call`. Below the stop-out level
// the venue closes positions and reports each close as a fill whose reason
// says so.
import { number, object, type Infer } from '../schema';
import { currencyField, timeField } from './common.fields';
import { defineMessage } from './message-definition';

export const marginCallRaisedSchema = object({
  /** Equity over margin used, 1 = 100 %. */
  level: number({ min: 0 }),
  equity: number(),
  marginUsed: number({ min: 0 }),
  currency: currencyField,
  at: timeField,
});

export type MarginCallRaised = Infer<typeof marginCallRaisedSchema>;

export const marginCallRaisedV1 = defineMessage({ type: 'account.margin-call', version: 1, kind: 'event', schema: marginCallRaisedSchema });

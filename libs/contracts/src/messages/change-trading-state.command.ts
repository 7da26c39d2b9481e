// risk.command v1: an operator's order to the risk authority, on
// `risk.command`: kill (HALTED, no new exposure), reduce (REDUCING, only
// closing or shrinking orders) or resume (ACTIVE). Who and why are mandatory:
// they go to the audit trail.
import { enumOf, object, string, type Infer } from '../schema';
import { sentenceField } from './common.fields';
import { defineMessage } from './message-definition';

export const changeTradingStateSchema = object({
  action: enumOf(['kill', 'reduce', 'resume'] as const),
  /** User or system asking (user name, API key id, "telegram:1234"). */
  requestedBy: string({ minLength: 1, maxLength: 128, expected: 'a non-empty requester of at most 128 characters' }),
  reason: sentenceField,
});

export type ChangeTradingStateCommand = Infer<typeof changeTradingStateSchema>;

export const changeTradingStateV1 = defineMessage({ type: 'risk.command', version: 1, kind: 'command', schema: changeTradingStateSchema });

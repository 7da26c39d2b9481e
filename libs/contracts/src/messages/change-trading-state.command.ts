// risk.command: an operator's order to the risk authority, on
// `risk.command`: kill (HALTED, no new exposure), reduce (REDUCING, only
// closing or shrinking orders) or resume (ACTIVE). Who and why are mandatory:
// they go to the audit trail. v2 adds set-limits, which replaces the risk
// limits with the document in `limits` (JSON text, checked by the risk
// service against its limits schema: a bad document is refused with the
// field it got wrong); v1 is still read.
import { enumOf, object, optional, refine, string, type Infer } from '../schema';
import { sentenceField } from './common.fields';
import { defineMessage } from './message-definition';

const requesterFields = {
  /** User or system asking (user name, API key id, "telegram:1234"). */
  requestedBy: string({ minLength: 1, maxLength: 128, expected: 'a non-empty requester of at most 128 characters' }),
  reason: sentenceField,
};

export const changeTradingStateSchemaV1 = object({ action: enumOf(['kill', 'reduce', 'resume'] as const), ...requesterFields });

export const changeTradingStateSchema = refine(
  object({
    action: enumOf(['kill', 'reduce', 'resume', 'set-limits'] as const),
    ...requesterFields,
    /** The new risk limits as a JSON document (set-limits only). */
    limits: optional(string({ minLength: 2, maxLength: 65_536, expected: 'a JSON risk-limits document of at most 64 KiB' })),
  }),
  (command) => {
    if (command.action === 'set-limits') {
      if (command.limits === undefined) return { path: ['limits'], message: 'required when action is set-limits' };
      let parsed: unknown;
      try {
        parsed = JSON.parse(command.limits);
      } catch (error) {
        return { path: ['limits'], message: `is not JSON (${error instanceof Error ? error.message : String(error)})` };
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { path: ['limits'], message: 'must be a JSON object' };
    } else if (command.limits !== undefined) {
      return { path: ['limits'], message: `only allowed when action is set-limits (action is ${command.action})` };
    }
    return undefined;
  },
);

export type ChangeTradingStateCommandV1 = Infer<typeof changeTradingStateSchemaV1>;
export type ChangeTradingStateCommand = Infer<typeof changeTradingStateSchema>;

export const changeTradingStateV1 = defineMessage({ type: 'risk.command', version: 1, kind: 'command', schema: changeTradingStateSchemaV1 });
export const changeTradingStateV2 = defineMessage({ type: 'risk.command', version: 2, kind: 'command', schema: changeTradingStateSchema });

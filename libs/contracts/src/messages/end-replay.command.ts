// flow.end v1: the end of a replay's data, on `flow.end`, sent by a replay
// that closes out as a backtest does (`trading run --lockstep`): the paper
// venue cancels what is working and closes every position at its symbol's
// last bar, and risk books those fills and settles. Never sent in live mode.
import { object, type Infer } from '../schema';
import { sentenceField, timeField } from './common.fields';
import { defineMessage } from './message-definition';

export const endReplaySchema = object({
  /** The close time of the replay's last bar. */
  time: timeField,
  reason: sentenceField,
});

export type EndReplayCommand = Infer<typeof endReplaySchema>;

export const endReplayV1 = defineMessage({ type: 'flow.end', version: 1, kind: 'command', schema: endReplaySchema });

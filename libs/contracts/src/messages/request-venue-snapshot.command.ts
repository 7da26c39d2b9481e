// venue.snapshot-request v1: asks order-execution for a venue.snapshot now,
// on `venue.snapshot-request`; risk sends it when it starts (it may have
// missed the snapshot order-execution sent at its own start) and before a
// reconciliation.
import { object, string, type Infer } from '../schema';
import { sentenceField } from './common.fields';
import { defineMessage } from './message-definition';

export const requestVenueSnapshotSchema = object({
  requestedBy: string({ minLength: 1, maxLength: 128, expected: 'a non-empty requester of at most 128 characters' }),
  reason: sentenceField,
});

export type RequestVenueSnapshotCommand = Infer<typeof requestVenueSnapshotSchema>;

export const requestVenueSnapshotV1 = defineMessage({ type: 'venue.snapshot-request', version: 1, kind: 'command', schema: requestVenueSnapshotSchema });

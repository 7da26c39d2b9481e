// Decoding and validating envelopes: what every consumer does before a handler
// sees a message. Envelope fields are checked first, then the payload against
// the schema registered for its type and version; an unknown type or version is
// an error with a reason, never a guess (fail safe).
import type { Envelope } from './envelope';
import { messageRegistry, type MessageRegistry } from './message-registry';
import { uuidField, wordField } from './messages/common.fields';
import { epochMs, formatIssue, int, nullable, object, string, unknownValue, type Validation } from './schema';
import { topicMatchesType } from './routing/topics';

const envelopeSchema = object({
  id: uuidField,
  type: string({ pattern: /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/, expected: 'a message type such as "market.bar"' }),
  version: int({ min: 1 }),
  occurredAt: epochMs(),
  correlationId: uuidField,
  causationId: nullable(uuidField),
  producer: wordField,
  payload: unknownValue(),
});

export interface DecodeOptions {
  /** When given, the envelope's type must be the family of this routing key. */
  readonly routingKey?: string;
  readonly registry?: MessageRegistry;
}

/** Checks an envelope object (already parsed) against the envelope shape and its payload schema. */
export function validateEnvelope(value: unknown, options: DecodeOptions = {}): Validation<Envelope> {
  const problem = envelopeSchema.check(value);
  if (problem !== undefined) return { ok: false, reason: formatIssue(problem) };
  const envelope = value as Envelope;
  if (options.routingKey !== undefined && !topicMatchesType(options.routingKey, envelope.type)) {
    return { ok: false, reason: `type ${envelope.type} does not belong on routing key ${options.routingKey}` };
  }
  const found = (options.registry ?? messageRegistry).lookup(envelope.type, envelope.version);
  if (!found.ok) return found;
  const payloadProblem = found.definition.schema.check(envelope.payload);
  if (payloadProblem !== undefined) return { ok: false, reason: formatIssue(payloadProblem, 'payload') };
  return { ok: true, value: envelope };
}

/** Parses and validates a message body as it arrives from a transport. */
export function decodeEnvelope(raw: string | Buffer, options: DecodeOptions = {}): Validation<Envelope> {
  const text = typeof raw === 'string' ? raw : raw.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `invalid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  return validateEnvelope(parsed, options);
}

/** The wire form of an envelope. */
export function encodeEnvelope(envelope: Envelope): string {
  return JSON.stringify(envelope);
}

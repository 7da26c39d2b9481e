// One message schema version: the routing-key family it travels under, its
// integer version and the payload schema. The registry holds these keyed by
// type and version, so version 2 of a message can be added beside version 1.
import type { Schema } from '../schema';

export interface MessageDefinition<TType extends string = string, TPayload = unknown> {
  readonly type: TType;
  readonly version: number;
  /** "event" for facts (past tense), "command" for requests to act (imperative). */
  readonly kind: 'event' | 'command';
  readonly schema: Schema<TPayload>;
}

export function defineMessage<const TType extends string, TPayload>(definition: {
  readonly type: TType;
  readonly version: number;
  readonly kind: 'event' | 'command';
  readonly schema: Schema<TPayload>;
}): MessageDefinition<TType, TPayload> {
  if (!Number.isSafeInteger(definition.version) || definition.version < 1) {
    throw new RangeError(`message version must be an integer ≥ 1, got ${definition.version} for ${definition.type}`);
  }
  return Object.freeze({ ...definition });
}

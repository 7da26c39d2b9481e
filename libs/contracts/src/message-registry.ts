// The registry of every message schema, keyed by type and version. The current
// version of each type is what producers send; older versions stay listed
// while consumers still have to read them.
import type { Envelope } from './envelope';
import { barClosedV1 } from './messages/bar-closed.event';
import { cancelOrderV1 } from './messages/cancel-order.command';
import { changeTradingStateV1, changeTradingStateV2 } from './messages/change-trading-state.command';
import { dataQualityIssueFoundV1 } from './messages/data-quality-issue-found.event';
import { executionReportedV1, executionReportedV2, executionReportedV3 } from './messages/execution-reported.event';
import { financingBookedV1 } from './messages/financing-booked.event';
import { marginCallRaisedV1 } from './messages/margin-call-raised.event';
import type { MessageDefinition } from './messages/message-definition';
import { messageHandledV1 } from './messages/message-handled.event';
import { predictionMadeV1 } from './messages/prediction-made.event';
import { quoteUpdatedV1 } from './messages/quote-updated.event';
import { regimeDetectedV1 } from './messages/regime-detected.event';
import { riskDecisionMadeV1 } from './messages/risk-decision-made.event';
import { endReplayV1 } from './messages/end-replay.command';
import { releaseHeldMessagesV1 } from './messages/release-held-messages.command';
import { requestOptimizationV1 } from './messages/request-optimization.command';
import { requestVenueSnapshotV1 } from './messages/request-venue-snapshot.command';
import { signalGeneratedV1, signalGeneratedV2 } from './messages/signal-generated.event';
import { strategyParametersPromotedV1 } from './messages/strategy-parameters-promoted.event';
import { submitOrderV1, submitOrderV2 } from './messages/submit-order.command';
import { tradingStateChangedV1 } from './messages/trading-state-changed.event';
import { venueSnapshotTakenV1 } from './messages/venue-snapshot-taken.event';
import type { Infer } from './schema';

/** The version producers send, per type. */
export const CURRENT_MESSAGES = {
  'market.bar': barClosedV1,
  'market.quote': quoteUpdatedV1,
  'market.data-quality': dataQualityIssueFoundV1,
  signal: signalGeneratedV2,
  'ml.prediction': predictionMadeV1,
  'ml.regime': regimeDetectedV1,
  'risk.decision': riskDecisionMadeV1,
  'order.submit': submitOrderV2,
  'order.cancel': cancelOrderV1,
  'execution.report': executionReportedV3,
  'account.financing': financingBookedV1,
  'account.margin-call': marginCallRaisedV1,
  'risk.state': tradingStateChangedV1,
  'risk.command': changeTradingStateV2,
  'optimizer.params': strategyParametersPromotedV1,
  'optimizer.request': requestOptimizationV1,
  'venue.snapshot': venueSnapshotTakenV1,
  'venue.snapshot-request': requestVenueSnapshotV1,
  'flow.handled': messageHandledV1,
  'flow.release': releaseHeldMessagesV1,
  'flow.end': endReplayV1,
} as const;

/** Superseded versions consumers can still read (see upgradeEnvelope for how they become current). */
const PREVIOUS_VERSIONS: readonly MessageDefinition[] = [submitOrderV1, executionReportedV1, executionReportedV2, signalGeneratedV1, changeTradingStateV1];

export type MessageType = keyof typeof CURRENT_MESSAGES;
export type PayloadOf<T extends MessageType> = Infer<(typeof CURRENT_MESSAGES)[T]['schema']>;
/** An envelope of the current version of message type T. */
export type MessageEnvelope<T extends MessageType> = Envelope<PayloadOf<T>, T>;
/** Any current message, discriminated by `type`. */
export type AnyMessageEnvelope = { [T in MessageType]: MessageEnvelope<T> }[MessageType];

export const MESSAGE_TYPES = Object.freeze(Object.keys(CURRENT_MESSAGES) as MessageType[]);

export function isMessageType(value: unknown): value is MessageType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(CURRENT_MESSAGES, value);
}

export type LookupResult = { readonly ok: true; readonly definition: MessageDefinition } | { readonly ok: false; readonly reason: string };

export class MessageRegistry {
  private readonly byType = new Map<string, Map<number, MessageDefinition>>();

  constructor(definitions: readonly MessageDefinition[]) {
    for (const definition of definitions) {
      let versions = this.byType.get(definition.type);
      if (versions === undefined) {
        versions = new Map();
        this.byType.set(definition.type, versions);
      }
      if (versions.has(definition.version)) {
        throw new Error(`message ${definition.type} version ${definition.version} is registered twice`);
      }
      versions.set(definition.version, definition);
    }
  }

  lookup(type: string, version: number): LookupResult {
    const versions = this.byType.get(type);
    if (versions === undefined) {
      return { ok: false, reason: `unknown message type ${JSON.stringify(type)} (known: ${this.types().join(', ')})` };
    }
    const definition = versions.get(version);
    if (definition === undefined) {
      const known = [...versions.keys()].sort((a, b) => a - b).join(', ');
      return { ok: false, reason: `unknown version ${version} of ${type} (known: ${known})` };
    }
    return { ok: true, definition };
  }

  types(): string[] {
    return [...this.byType.keys()].sort();
  }

  versionsOf(type: string): number[] {
    return [...(this.byType.get(type)?.keys() ?? [])].sort((a, b) => a - b);
  }
}

export const messageRegistry = new MessageRegistry([...Object.values(CURRENT_MESSAGES), ...PREVIOUS_VERSIONS]);

/** Narrows a decoded envelope to the current version of `type`. */
export function isMessage<T extends MessageType>(envelope: Envelope, type: T): envelope is MessageEnvelope<T> {
  return envelope.type === type && envelope.version === CURRENT_MESSAGES[type].version;
}

// A validation finding as a `market.data-quality.{symbol}` message, the same
// for a replayed file and a live poll.
import { topics, type MessageFactory } from '@trading/contracts';
import type { FindingKind } from '@trading/data-sources/files';
import type { Timeframe } from '@trading/domain';
import type { OutgoingMessage } from './bar-messages';

export interface PublishableFinding {
  readonly kind: FindingKind;
  /** 1-based line of the file; absent for streamed sources. */
  readonly row?: number;
  readonly time: number | null;
  readonly value: number | null;
  readonly outcome: 'dropped' | 'rejected' | 'reported';
  readonly detail: string;
}

export function findingMessage(messages: MessageFactory, symbol: string, timeframe: Timeframe, source: string, finding: PublishableFinding): OutgoingMessage {
  const envelope = messages.create('market.data-quality', {
    kind: finding.kind,
    symbol,
    timeframe,
    source,
    ...(finding.row === undefined ? {} : { row: finding.row }),
    time: finding.time,
    // JSON has no NaN or Infinity: such a figure travels as "none".
    value: finding.value === null || Number.isFinite(finding.value) ? finding.value : null,
    outcome: finding.outcome,
    detail: finding.detail,
  });
  return { topic: topics.dataQuality(symbol), envelope };
}

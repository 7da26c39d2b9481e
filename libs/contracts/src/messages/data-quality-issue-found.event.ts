// market.data-quality v1: one finding of the market-data validator and what
// the validation policy did with the row, on `market.data-quality.{symbol}`.
// Kinds and outcomes are those of the bar validator in @trading/data-sources
// (kept in step by hand: contracts cannot import an adapter library).
import { enumOf, int, nullable, number, object, optional, type Infer } from '../schema';
import { sentenceField, symbolField, timeField, timeframeField, wordField } from './common.fields';
import { defineMessage } from './message-definition';

export const DATA_QUALITY_KINDS = ['duplicate', 'backwards', 'unordered', 'gap', 'ohlc', 'nonpositive', 'nonfinite', 'timerange', 'spike', 'stale'] as const;

/** dropped: a redundant row removed (series repaired); rejected: an invalid row removed; reported: passed on and listed. */
export const DATA_QUALITY_OUTCOMES = ['dropped', 'rejected', 'reported'] as const;

export const dataQualityIssueFoundSchema = object({
  kind: enumOf(DATA_QUALITY_KINDS),
  symbol: symbolField,
  timeframe: timeframeField,
  /** Data source that produced the row, e.g. "csv", "yahoo", "ig". */
  source: wordField,
  /** 1-based data row of the source file; absent for streamed data. */
  row: optional(int({ min: 1 })),
  /** The row's bar time, UTC epoch ms; null when it could not be read. */
  time: nullable(timeField),
  /** The figure behind the finding (gap length ms, z-score, run length …); null when none. */
  value: nullable(number()),
  outcome: enumOf(DATA_QUALITY_OUTCOMES),
  detail: sentenceField,
});

export type DataQualityIssueFound = Infer<typeof dataQualityIssueFoundSchema>;

export const dataQualityIssueFoundV1 = defineMessage({
  type: 'market.data-quality',
  version: 1,
  kind: 'event',
  schema: dataQualityIssueFoundSchema,
});

// Bar timeframes. Bars are stamped with their UTC start time; a timeframe's
// buckets are aligned to the UTC epoch (D1 starts at 00:00 UTC).
export const TIMEFRAMES = ['M1', 'M5', 'M15', 'M30', 'H1', 'H4', 'D1'] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];

const MINUTE = 60_000;
const DURATIONS: Readonly<Record<Timeframe, number>> = {
  M1: MINUTE,
  M5: 5 * MINUTE,
  M15: 15 * MINUTE,
  M30: 30 * MINUTE,
  H1: 60 * MINUTE,
  H4: 240 * MINUTE,
  D1: 1440 * MINUTE,
};

export function isTimeframe(value: unknown): value is Timeframe {
  return typeof value === 'string' && (TIMEFRAMES as readonly string[]).includes(value);
}

export function parseTimeframe(value: string): Timeframe {
  const upper = value.trim().toUpperCase();
  if (!isTimeframe(upper)) throw new RangeError(`unknown timeframe "${value}" (expected one of ${TIMEFRAMES.join(', ')})`);
  return upper;
}

export function timeframeMs(timeframe: Timeframe): number {
  return DURATIONS[timeframe];
}

/** Start of the bucket of `timeframe` that contains `timeMs`. */
export function bucketStart(timeMs: number, timeframe: Timeframe): number {
  const size = DURATIONS[timeframe];
  return Math.floor(timeMs / size) * size;
}

/** True when bars of `coarse` can be built from bars of `fine`. */
export function canResample(fine: Timeframe, coarse: Timeframe): boolean {
  return DURATIONS[coarse] >= DURATIONS[fine] && DURATIONS[coarse] % DURATIONS[fine] === 0;
}

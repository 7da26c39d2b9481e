// Window lengths such as "12mo", "3mo", "2w", "5d", "12h" or "0". Months and
// years are calendar months in UTC (a window that starts on the 31st ends on
// the last day of a shorter month), so a "3mo" test window is a quarter
// whatever its days.

export type DurationUnit = 'mo' | 'w' | 'd' | 'h';

export interface Duration {
  readonly amount: number;
  readonly unit: DurationUnit;
  /** As given, for messages and the report. */
  readonly text: string;
}

const PATTERN = /^(\d+)(mo|y|w|d|h)?$/;
const UNIT_MS: Readonly<Record<Exclude<DurationUnit, 'mo'>, number>> = { w: 7 * 86_400_000, d: 86_400_000, h: 3_600_000 };

/** Parses "12mo", "1y" (= 12mo), "2w", "5d", "12h" or "0"; throws a RangeError naming the expected form. */
export function parseDuration(text: string): Duration {
  const match = PATTERN.exec(text.trim());
  if (!match || (match[2] === undefined && match[1] !== '0')) {
    throw new RangeError(`expected a length like 12mo, 1y, 2w, 5d, 12h or 0, got "${text}"`);
  }
  const amount = Number(match[1]);
  if (match[2] === 'y') return { amount: amount * 12, unit: 'mo', text };
  return { amount, unit: (match[2] ?? 'd') as DurationUnit, text };
}

/** `time` moved back by the sum of the given durations: whole months first (calendar, UTC), then fixed lengths. */
export function moveBack(time: number, parts: ReadonlyArray<readonly [Duration, number]>): number {
  let months = 0;
  let ms = 0;
  for (const [duration, count] of parts) {
    if (duration.unit === 'mo') months += duration.amount * count;
    else ms += duration.amount * count * UNIT_MS[duration.unit];
  }
  return subtractMonths(time, months) - ms;
}

function subtractMonths(time: number, months: number): number {
  if (months === 0) return time;
  const date = new Date(time);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() - months;
  const day = date.getUTCDate();
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const timeOfDay = time - Date.UTC(year, date.getUTCMonth(), day);
  return Date.UTC(year, month, Math.min(day, lastDay)) + timeOfDay;
}

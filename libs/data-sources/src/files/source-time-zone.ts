// The zone a file's wall-clock timestamps are written in, and the conversion
// of those wall-clock times to UTC ms. Zones are an IANA name (DST aware, via
// Intl) or a fixed offset; UTC means no shift. IANA offsets are cached per local
// day, so a file costs a handful of Intl calls per day it covers, not per row.
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export interface SourceTimeZone {
  /** The zone as given, normalised ("UTC", "+02:00", "Europe/Athens"). */
  readonly name: string;
  /** The offset in ms when it never changes (UTC, "+02:00"); undefined for IANA zones. */
  readonly fixedOffsetMs: number | undefined;
  /**
   * UTC ms of a wall-clock time (written as if it were UTC ms). A wall time that
   * occurs twice (clocks going back) maps to its first occurrence; one that does
   * not exist (clocks going forward) is read with the offset in force before the
   * change, which lands it just after the change.
   */
  toUtc(wallMs: number): number;
}

const FIXED = /^([+-])(\d{1,2})(?::?(\d{2}))?$/;

export const UTC_ZONE: SourceTimeZone = { name: 'UTC', fixedOffsetMs: 0, toUtc: (wallMs) => wallMs };

/** Parses `UTC`, `Z`, `+02:00`, `-0530`, `+3` or an IANA name; throws naming the bad value. */
export function parseTimeZone(zone: string | undefined): SourceTimeZone {
  const text = (zone ?? 'UTC').trim();
  if (text === '' || /^(utc|z|gmt|etc\/utc)$/i.test(text)) return UTC_ZONE;
  const fixed = FIXED.exec(text);
  if (fixed) {
    const hours = Number(fixed[2]);
    const minutes = fixed[3] === undefined ? 0 : Number(fixed[3]);
    const magnitudeMs = hours * HOUR_MS + minutes * MINUTE_MS;
    if (minutes > 59 || magnitudeMs > 14 * HOUR_MS) throw new RangeError(`time zone "${zone}" is not a valid UTC offset (at most ±14:00)`);
    const sign = fixed[1] === '-' ? -1 : 1;
    const offsetMs = sign * magnitudeMs;
    const name = `${fixed[1]}${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
    return { name, fixedOffsetMs: offsetMs, toUtc: (wallMs) => wallMs - offsetMs };
  }
  return new IanaTimeZone(text);
}

interface DayOffsets {
  readonly before: number;
  readonly after: number;
  /** UTC instant the offset changes from `before` to `after` (NaN when it does not change). */
  readonly changeAt: number;
}

class IanaTimeZone implements SourceTimeZone {
  readonly name: string;
  readonly fixedOffsetMs = undefined;
  private readonly format: Intl.DateTimeFormat;
  private readonly days = new Map<number, DayOffsets>();
  private lastDay = Number.NaN;
  private lastOffsets: DayOffsets = { before: 0, after: 0, changeAt: Number.NaN };

  constructor(name: string) {
    try {
      this.format = new Intl.DateTimeFormat('en-US', {
        timeZone: name,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new RangeError(`unknown time zone "${name}" (expected an IANA name like Europe/Athens or an offset like +02:00)`);
    }
    this.name = this.format.resolvedOptions().timeZone;
  }

  toUtc(wallMs: number): number {
    const day = Math.floor(wallMs / DAY_MS);
    if (day !== this.lastDay) {
      this.lastOffsets = this.offsetsOfDay(day);
      this.lastDay = day;
    }
    const { before, after, changeAt } = this.lastOffsets;
    if (before === after) return wallMs - before;
    const early = wallMs - before;
    if (early < changeAt) return early;
    const late = wallMs - after;
    // A wall time skipped by a forward change has no valid reading: `early` is it.
    return late >= changeAt ? late : early;
  }

  private offsetsOfDay(day: number): DayOffsets {
    const cached = this.days.get(day);
    if (cached) return cached;
    // Every UTC instant whose wall time falls on this day lies in this window
    // (offsets range from -12 h to +14 h); zones change offset at most once in it.
    let low = day * DAY_MS - 14 * HOUR_MS;
    let high = (day + 1) * DAY_MS + 12 * HOUR_MS;
    const before = this.offsetAt(low);
    const after = this.offsetAt(high);
    let offsets: DayOffsets = { before, after, changeAt: Number.NaN };
    if (before !== after) {
      // Offsets change on whole minutes: bisect to the first minute with the new offset.
      while (high - low > MINUTE_MS) {
        const middle = low + Math.floor((high - low) / 2 / MINUTE_MS) * MINUTE_MS;
        if (this.offsetAt(middle) === before) low = middle;
        else high = middle;
      }
      offsets = { before, after, changeAt: high };
    }
    this.days.set(day, offsets);
    return offsets;
  }

  /** Offset (wall minus UTC, ms) in force at the UTC instant `utcMs`. */
  private offsetAt(utcMs: number): number {
    let year = 0;
    let month = 0;
    let dayOfMonth = 0;
    let hour = 0;
    let minute = 0;
    let second = 0;
    for (const part of this.format.formatToParts(utcMs)) {
      switch (part.type) {
        case 'year':
          year = Number(part.value);
          break;
        case 'month':
          month = Number(part.value);
          break;
        case 'day':
          dayOfMonth = Number(part.value);
          break;
        case 'hour':
          hour = Number(part.value);
          break;
        case 'minute':
          minute = Number(part.value);
          break;
        case 'second':
          second = Number(part.value);
          break;
      }
    }
    const wall = Date.UTC(year, month - 1, dayOfMonth, hour, minute, second);
    // The formatted parts stop at whole seconds; every instant asked about here is a whole minute.
    return wall - utcMs;
  }
}

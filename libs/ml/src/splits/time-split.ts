// One chronological split at a point in time, as `trading ml train
// --validation-from` makes it: validation is every usable row from that time
// on; training is every usable row before it, less the rows whose labels reach
// into validation (`purge: 'labels'`, the default) or, when a number of bars is
// given, less the rows in that many bars before the first validation bar (for
// data without label end times, or to match another library's rule).
export interface TimeSplitInput {
  /** Usable rows (known label), ascending bar indices. */
  readonly rows: Int32Array;
  /** Bar start times (UTC ms), per bar. */
  readonly time: Float64Array;
  /** Per bar: start time of the bar its label ends on (UTC ms); read only with purge 'labels'. */
  readonly labelEndTime?: Float64Array;
}

export type Purge = 'labels' | number;

export interface TimeSplit {
  readonly train: Int32Array;
  readonly validation: Int32Array;
  /** Rows before the split time left out of training by the purge. */
  readonly purged: number;
}

export function splitAtTime(input: TimeSplitInput, from: number, purge: Purge = 'labels'): TimeSplit {
  const { rows, time } = input;
  if (!Number.isFinite(from)) throw new RangeError(`the split time must be a finite UTC time, got ${from}`);
  if (purge !== 'labels' && (!Number.isInteger(purge) || purge < 0)) throw new RangeError(`purge must be 'labels' or a whole number of bars >= 0, got ${purge}`);
  const endTime = input.labelEndTime;
  if (purge === 'labels' && endTime === undefined) throw new RangeError('purging by labels needs their end times');
  // First bar at or after `from`, whether or not it is a usable row.
  let firstValidationBar = time.length;
  for (let i = 0; i < time.length; i++) {
    if (time[i] >= from) {
      firstValidationBar = i;
      break;
    }
  }
  const train: number[] = [];
  const validation: number[] = [];
  let purged = 0;
  for (const row of rows) {
    if (row >= firstValidationBar) {
      validation.push(row);
      continue;
    }
    const leaks = purge === 'labels' ? !((endTime as Float64Array)[row] < from) : row >= firstValidationBar - purge;
    if (leaks) purged++;
    else train.push(row);
  }
  return { train: Int32Array.from(train), validation: Int32Array.from(validation), purged };
}

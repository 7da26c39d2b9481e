// The real EURUSD H1 file vendored in data/history as columns, for specs only,
// through the shared reader of @trading/test-support (the importer in
// @trading/data-sources is an adapter, which a core library may not depend on):
// timestamps are taken as UTC, the volume is <TICKVOL>, as the data README says.
import { readSharedBars, sharedData } from '@trading/test-support';
import type { PriceColumns } from '../batch/series';

export interface FixtureBars extends PriceColumns {
  readonly open: Float64Array;
}

export function eurusdH1(): FixtureBars {
  return readSharedBars(sharedData.eurusdH1(), 'EURUSD', 'H1');
}

/** The first `count` bars, for the slower O(n*w) references. */
export function eurusdH1Head(count: number): FixtureBars {
  const all = eurusdH1();
  return {
    length: count,
    time: all.time.subarray(0, count),
    open: all.open.subarray(0, count),
    high: all.high.subarray(0, count),
    low: all.low.subarray(0, count),
    close: all.close.subarray(0, count),
    volume: all.volume.subarray(0, count),
  };
}

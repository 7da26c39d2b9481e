// Compact binary form of a bar window for Redis: a version, a count, then
// seven little-endian float64 per bar (time, open, high, low, close, volume,
// spread). Symbol and timeframe are in the key, so they are not repeated.
// Doubles round-trip exactly, which JSON of prices would also do, at about
// half the size and without parsing.
import type { Bar } from '@trading/domain';
import type { BarRequest } from '../sources/market-data-source.port';

const VERSION = 1;
const HEADER_BYTES = 8;
const FIELDS = 7;

export function encodeBars(bars: readonly Bar[]): Buffer {
  const buffer = Buffer.alloc(HEADER_BYTES + bars.length * FIELDS * 8);
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  view.setUint32(0, VERSION, true);
  view.setUint32(4, bars.length, true);
  let offset = HEADER_BYTES;
  for (const bar of bars) {
    view.setFloat64(offset, bar.time, true);
    view.setFloat64(offset + 8, bar.open, true);
    view.setFloat64(offset + 16, bar.high, true);
    view.setFloat64(offset + 24, bar.low, true);
    view.setFloat64(offset + 32, bar.close, true);
    view.setFloat64(offset + 40, bar.volume, true);
    view.setFloat64(offset + 48, bar.spread, true);
    offset += FIELDS * 8;
  }
  return buffer;
}

/** The bars, or undefined when the bytes are not a window this codec wrote (treated as a cache miss). */
export function decodeBars(bytes: Buffer, request: Pick<BarRequest, 'symbol' | 'timeframe'>): Bar[] | undefined {
  if (bytes.length < HEADER_BYTES) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== VERSION) return undefined;
  const count = view.getUint32(4, true);
  if (bytes.length !== HEADER_BYTES + count * FIELDS * 8) return undefined;
  const bars: Bar[] = new Array(count);
  const { symbol, timeframe } = request;
  for (let i = 0, offset = HEADER_BYTES; i < count; i++, offset += FIELDS * 8) {
    bars[i] = {
      symbol,
      timeframe,
      time: view.getFloat64(offset, true),
      open: view.getFloat64(offset + 8, true),
      high: view.getFloat64(offset + 16, true),
      low: view.getFloat64(offset + 24, true),
      close: view.getFloat64(offset + 32, true),
      volume: view.getFloat64(offset + 40, true),
      spread: view.getFloat64(offset + 48, true),
    };
  }
  return bars;
}

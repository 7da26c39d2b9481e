// Replay pacing. `max` publishes as fast as the bus accepts (backpressure from
// publisher confirms); a number N runs the market clock N times faster than
// real time (3600 = one market hour per second).
export type ReplaySpeed = { readonly kind: 'max' } | { readonly kind: 'accelerated'; readonly factor: number };

export function parseReplaySpeed(value: string): ReplaySpeed {
  const text = value.trim().toLowerCase();
  if (text === 'max') return { kind: 'max' };
  const factor = Number(text);
  if (!Number.isFinite(factor) || factor <= 0) {
    throw new RangeError(`speed must be "max" or a positive number (market seconds per real second), got "${value}"`);
  }
  return { kind: 'accelerated', factor };
}

export function describeReplaySpeed(speed: ReplaySpeed): string {
  return speed.kind === 'max' ? 'max' : `${speed.factor}x`;
}

// Providers send prices as binary floats (Yahoo's are float32 widened to
// double, IG mids carry half-points); rounding to the instrument's decimals
// gives back the quoted price.
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

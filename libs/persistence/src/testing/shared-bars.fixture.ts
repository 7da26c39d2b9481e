// Reads the first rows of the real EURUSD H1 MT5 export (comma separated,
// `YYYY.MM.DD,HH:MM:SS,open,high,low,close,tickvol,vol,spread`, server time
// taken as UTC here) for storage tests; importing properly is data-sources' job.
import type { Bar } from '@trading/domain';
import { readDataText, sharedData } from '@trading/test-support';

export function eurusdH1Bars(count: number): Bar[] {
  const lines = readDataText(sharedData.eurusdH1()).split(/\r?\n/).slice(1, count + 1);
  return lines.map((line) => {
    const [date, time, open, high, low, close, tickVolume, , spread] = line.split(',');
    const [year, month, day] = date.split('.').map(Number);
    const [hour, minute] = time.split(':').map(Number);
    return {
      symbol: 'EURUSD',
      timeframe: 'H1',
      time: Date.UTC(year, month - 1, day, hour, minute),
      open: Number(open),
      high: Number(high),
      low: Number(low),
      close: Number(close),
      volume: Number(tickVolume),
      spread: Number(spread),
    };
  });
}

// Symbol and timeframe of a bar file: given by the caller, or read from a name
// such as EURUSD_H1.csv or EURUSD_H1_2015-03_2022-07.csv(.gz).
import { type Timeframe, isTimeframe, parseTimeframe } from '@trading/domain';

const NAME = /^([A-Za-z]{6})_([A-Za-z]\d{1,2})(?=[_.-]|$)/;

export interface BarFileIdentity {
  readonly symbol: string;
  readonly timeframe: Timeframe;
}

/** Symbol and timeframe from the options, else from the file name; throws naming what is missing. */
export function identifyBarFile(path: string, symbol?: string, timeframe?: string): BarFileIdentity {
  const base = path.split(/[\\/]/).pop() ?? path;
  const match = NAME.exec(base);
  const namedTimeframe = match && isTimeframe(match[2].toUpperCase()) ? match[2] : undefined;
  const chosenSymbol = symbol ?? (namedTimeframe ? match?.[1] : undefined);
  const chosenTimeframe = timeframe ?? namedTimeframe;
  if (chosenSymbol === undefined || chosenTimeframe === undefined) {
    const missing = [chosenSymbol === undefined ? 'symbol' : '', chosenTimeframe === undefined ? 'timeframe' : ''].filter(Boolean).join(' and ');
    throw new RangeError(`${base}: cannot tell the ${missing} from the file name (expected e.g. EURUSD_H1.csv); pass them explicitly`);
  }
  if (!/^[A-Za-z]{6}$/.test(chosenSymbol)) throw new RangeError(`"${chosenSymbol}" is not an FX symbol (six letters, e.g. EURUSD)`);
  return { symbol: chosenSymbol.toUpperCase(), timeframe: parseTimeframe(chosenTimeframe) };
}

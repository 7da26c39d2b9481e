// The one reading of a numeric flag that must be a whole number, so every
// command words the error the same way and names the flag.
import { CliError } from './cli-error';

export function wholeNumberFlag(text: string, flag: string, min: number): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(value) || value < min) throw new CliError(`${flag}: expected a whole number >= ${min}, got "${text}"`);
  return value;
}

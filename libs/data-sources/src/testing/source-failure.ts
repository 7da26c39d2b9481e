// The error a source call failed with, for specs that assert on its kind and
// message: anything other than a SourceError (or no failure at all) is itself
// the test's failure.
import { SourceError } from '../sources/source.error';

export async function sourceFailure(promise: Promise<unknown>): Promise<SourceError> {
  const outcome = await promise.then(
    () => ({ failed: false as const }),
    (error: unknown) => ({ failed: true as const, error }),
  );
  if (!outcome.failed) throw new Error('expected a SourceError, but the call succeeded');
  if (!(outcome.error instanceof SourceError)) throw new Error(`expected a SourceError, got ${String(outcome.error)}`);
  return outcome.error;
}

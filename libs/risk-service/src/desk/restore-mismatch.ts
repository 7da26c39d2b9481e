// The tables and the journal tell two stories (or the journal was written
// under other settings): the service must not start rather than trade on
// either.
export class RestoreMismatch extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreMismatch';
  }
}

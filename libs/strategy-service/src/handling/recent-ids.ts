// The last ids seen, in fixed memory, each with what it left behind: enough to
// recognise a redelivery (the broker redelivers what was in flight, a few
// messages back at most) without keeping every id forever.
export class RecentIds<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a whole number ≥ 1, got ${capacity}`);
  }

  get(id: string): T | undefined {
    return this.entries.get(id);
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** Remembers `id`, forgetting the oldest once full. */
  add(id: string, value: T): void {
    this.entries.delete(id);
    this.entries.set(id, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }
}

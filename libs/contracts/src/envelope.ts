// The envelope every message travels in (ARCHITECTURE §4). `type` is the
// routing-key family (`signal`, `order.submit`, …), `version` the payload schema
// version; ids are UUIDv7 from the injected clock and random source.
export interface Envelope<TPayload = unknown, TType extends string = string> {
  readonly id: string;
  readonly type: TType;
  readonly version: number;
  /** UTC epoch milliseconds, from the producer's injected clock. */
  readonly occurredAt: number;
  /** Id of the first message of the chain (a bar's id for everything it caused). */
  readonly correlationId: string;
  /** Id of the message that directly caused this one; null for chain roots. */
  readonly causationId: string | null;
  /** Name of the producing service or tool. */
  readonly producer: string;
  readonly payload: TPayload;
}

/** A concrete routing key a publisher sends to, e.g. `market.bar.H1.EURUSD`. */
export type Topic = string & { readonly __topic: unique symbol };
/** A binding pattern a subscriber listens on, e.g. `market.bar.*.EURUSD` or `signal.#`. */
export type RoutePattern = string & { readonly __routePattern: unique symbol };

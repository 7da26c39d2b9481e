// Drives a lockstep replay: one step at a time (a bar, a scheduled command),
// the next only once the causation chain of the previous one has ended (see
// causal-barrier.ts), never after a sleep. It taps every message on the bus
// from a temporary queue bound to `#` — receipts included — and feeds the
// barrier. When consumers say they hold messages (the strategies and risk
// gather a step's messages to handle them in the kernel's canonical order),
// the coordinator releases them one at a time in `releaseOrder` (strategies
// before risk, as the kernel orders them), waiting for each release's chain
// to end, until nobody holds anything.
import { derivedId, isMessage, type MessageFactory, parseRoutePattern, topics } from '@trading/contracts';
import type { ConsumerHandle, MessageBus } from '@trading/messaging';
import { CausalBarrier, type LockstepConsumer } from './causal-barrier';

export interface LockstepCoordinatorOptions {
  readonly bus: MessageBus;
  readonly consumers: readonly LockstepConsumer[];
  /** The tap's queue (temporary; unique per run). */
  readonly queue: string;
  /** Builds the flow.release commands. */
  readonly factory: MessageFactory;
  /** A step in which nothing moved (no message seen, no receipt) for this long fails, naming what is still owed. Default two minutes. */
  readonly stepTimeoutMs?: number;
  /**
   * The order holders are released in within a round. An entry that is a list
   * is a tier released together (consumers whose handling of what they hold
   * cannot affect each other: the strategies, whose signals risk holds and
   * sorts), one release's chain ending before the next tier's. Holders not
   * listed go last, one at a time, by name.
   */
  readonly releaseOrder?: readonly (string | readonly string[])[];
  /** Release rounds in one step before the replay gives up (a consumer that always holds something). Default 1,000. */
  readonly maxReleases?: number;
}

export class LockstepCoordinator {
  private readonly barrier: CausalBarrier;
  private handle: ConsumerHandle | undefined;
  private wake: (() => void) | undefined;
  /** Ends the pending wait with an error (a stop while a step waits). */
  private abandon: ((error: Error) => void) | undefined;
  private stopped = false;
  private steps = 0;
  private releases = 0;

  private constructor(private readonly options: LockstepCoordinatorOptions) {
    this.barrier = new CausalBarrier(options.consumers);
  }

  static async start(options: LockstepCoordinatorOptions): Promise<LockstepCoordinator> {
    const coordinator = new LockstepCoordinator(options);
    coordinator.handle = await options.bus.consume({
      queue: options.queue,
      bindings: [parseRoutePattern('#')],
      prefetch: 1024,
      temporary: true,
      handler: async ({ envelope, routingKey }) => {
        if (isMessage(envelope, 'flow.handled')) coordinator.barrier.handled(envelope.payload);
        coordinator.barrier.published(envelope.id, routingKey);
        coordinator.wake?.();
      },
    });
    return coordinator;
  }

  /** Steps run and flow.release commands sent so far. */
  counts(): { steps: number; releases: number } {
    return { steps: this.steps, releases: this.releases };
  }

  /**
   * One step at market time `time`: `publish` puts its root messages on the bus
   * and returns their ids; resolves once everything they caused was handled
   * and no consumer holds anything.
   */
  async step(time: number, publish: () => Promise<readonly string[]>): Promise<void> {
    const step = ++this.steps;
    await this.settle(await publish());
    for (let round = 1; this.barrier.holding().length > 0; round++) {
      if (round > (this.options.maxReleases ?? 1_000)) {
        throw new Error(`lockstep step ${step}: ${this.barrier.holding().join(', ')} still hold messages after ${round - 1} rounds of releases`);
      }
      for (const tier of this.inReleaseOrder(this.barrier.holding())) {
        // An earlier release of this round may have made some let go already.
        const holding = this.barrier.holding();
        const consumers = tier.filter((consumer) => holding.includes(consumer));
        if (consumers.length === 0) continue;
        const ids: string[] = [];
        for (const consumer of consumers) {
          const release = this.options.factory.create('flow.release', { step, time, consumer }, { id: derivedId(`release:${step}:${round}:${consumer}`, 'lockstep/flow.release', time), occurredAt: time });
          this.releases++;
          await this.options.bus.publish(topics.flowRelease(), release);
          ids.push(release.id);
        }
        await this.settle(ids);
      }
    }
  }

  /** `holders` grouped into the tiers they are released in, in order. */
  private inReleaseOrder(holders: readonly string[]): string[][] {
    const order = this.options.releaseOrder ?? [];
    const tierOf = (queue: string): number => order.findIndex((entry) => (typeof entry === 'string' ? entry === queue : entry.includes(queue)));
    const tiers = order.map(() => [] as string[]);
    const unlisted: string[] = [];
    for (const holder of holders) {
      const tier = tierOf(holder);
      if (tier < 0) unlisted.push(holder);
      else tiers[tier].push(holder);
    }
    const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
    return [...tiers.filter((tier) => tier.length > 0).map((tier) => tier.sort(byName)), ...unlisted.sort(byName).map((holder) => [holder])];
  }

  /** Resolves once nothing is owed: every message seen so far was handled, with everything it caused (a run's end without lockstep). */
  quiesce(): Promise<void> {
    return this.settle([]);
  }

  /**
   * Resolves once every consumer `ids` were routed to has handled them — not
   * what they caused: a replay paced by its slowest consumer, as a live feed
   * is (a live bar comes minutes after the last), without lockstep's order.
   */
  handled(ids: readonly string[]): Promise<void> {
    return this.waitFor(() => ids.every((id) => this.barrier.handledByAll(id)));
  }

  async stop(): Promise<void> {
    // A step still waiting ends now: the receipts it waits for will not come (a consumer died, the run
    // failed), and its progress timer must not keep the process alive for another step timeout.
    this.stopped = true;
    this.abandon?.(this.stoppedError());
    await this.handle?.cancel();
    this.handle = undefined;
  }

  private settle(roots: readonly string[]): Promise<void> {
    return this.waitFor(() => roots.every((id) => this.barrier.hasSeen(id)) && this.barrier.settled());
  }

  private stoppedError(): Error {
    return new Error(`lockstep step ${this.steps}: the coordinator stopped before the step settled`);
  }

  private async waitFor(done: () => boolean): Promise<void> {
    if (done()) return;
    if (this.stopped) throw this.stoppedError();
    const timeoutMs = this.options.stepTimeoutMs ?? 120_000;
    await new Promise<void>((resolve, reject) => {
      // A deadline on progress, not on the step: a replay that floods the chain (no lockstep) settles
      // when the slowest consumer is through, which may take long; a chain that stopped moving fails.
      const arm = () =>
        setTimeout(() => {
          this.wake = undefined;
          this.abandon = undefined;
          reject(new Error(`lockstep step ${this.steps}: nothing moved for ${timeoutMs} ms: ${this.barrier.describe()}`));
        }, timeoutMs);
      let timer = arm();
      this.wake = () => {
        clearTimeout(timer);
        if (!done()) {
          timer = arm();
          return;
        }
        this.wake = undefined;
        this.abandon = undefined;
        resolve();
      };
      this.abandon = (error) => {
        clearTimeout(timer);
        this.wake = undefined;
        this.abandon = undefined;
        reject(error);
      };
    });
  }
}

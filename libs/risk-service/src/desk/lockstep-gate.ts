// What stands between risk.inbox and the desk. Outside a lockstep replay,
// nothing: each message goes to the desk as it comes. In a lockstep replay
// (LOCKSTEP) risk is a holding consumer, as in the one-process lockstep
// kernel: a message of a held type is journaled but not handed to the desk;
// a flow.release addressed to risk.inbox hands everything held to the desk in
// the kernel's canonical order (HeldInputs.release()), so however the queues
// interleaved a step's messages, the desk sees them as the backtest does.
// The journal records the gate's inputs (held messages and releases), and a
// restart replays them through a gate of the same kind: the same desk and the
// same held set come back.
import type { Envelope, PayloadOf } from '@trading/contracts';
import { HeldInputs, isHeldType } from '@trading/kernel-hosts';
import { RestoreMismatch } from './restore-mismatch';
import type { MessageEffects, RiskRuntime } from './risk-runtime';

/** A lockstep replay's gate: releases name the queue risk consumes (risk.inbox, or a test's own). */
export interface LockstepGateOptions {
  readonly queue: string;
}

export class InputGate {
  private readonly held = new HeldInputs();
  private readonly lockstep: boolean;

  /** `lockstep` undefined: no holding, every message straight to the desk. */
  constructor(
    readonly runtime: RiskRuntime,
    private readonly options: LockstepGateOptions | undefined,
  ) {
    this.lockstep = options !== undefined;
  }

  /** Messages held for the next release (0 outside a lockstep replay). */
  get heldCount(): number {
    return this.held.size;
  }

  /**
   * One message through the gate: its own effects first (its outcome is the
   * message's), then, for a release, those of each message it handed to the
   * desk. Only the first is journaled: the released ones were when held.
   */
  handle(envelope: Envelope): MessageEffects[] {
    if (!this.lockstep) return [this.runtime.handle(envelope)];
    if (envelope.type === 'flow.release') {
      if (!this.addressedToRisk(envelope)) return [this.runtime.untouched(envelope, 'ignored')];
      const released = this.held.release();
      return [this.runtime.untouched(envelope, 'handled'), ...released.map((message) => this.runtime.handle(message))];
    }
    if (!isHeldType(envelope.type) || !this.runtime.concerns(envelope)) return [this.runtime.handle(envelope)];
    // A message the desk would refuse whatever its state is dead-lettered now, not held.
    if (this.runtime.refusal(envelope) !== undefined) return [this.runtime.handle(envelope)];
    const effects = this.runtime.untouched(envelope, 'held');
    this.held.hold(effects.envelope);
    return [effects];
  }

  /** A journaled message again (restart, rebuild): through the same gate, producing nothing. */
  replay(envelope: Envelope): void {
    if (envelope.type === 'flow.release') {
      if (!this.lockstep) {
        throw new RestoreMismatch(`the journal holds a flow.release (${envelope.id}): it was written by a lockstep replay, and must be replayed with LOCKSTEP=true`);
      }
      for (const message of this.held.release()) this.runtime.replay(message);
      return;
    }
    if (this.lockstep && isHeldType(envelope.type)) this.held.hold(this.runtime.upgraded(envelope));
    else this.runtime.replay(envelope);
  }

  private addressedToRisk(envelope: Envelope): boolean {
    return (envelope.payload as PayloadOf<'flow.release'>).consumer === this.options?.queue;
  }
}

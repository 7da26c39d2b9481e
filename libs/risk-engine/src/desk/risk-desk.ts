// The risk desk: the one place an intent becomes an order. It reads each
// strategy's signal against that strategy's own position in the desk's book
// (flat closes it, the same side is skipped, the other side reverses), sizes
// new exposure through its sizing policy (a fixed size, a fixed fraction, or
// the full risk engine), and keeps the book of record from the venue's fills.
// It is pure and synchronous: a backtest drives it bar by bar, the risk
// service message by message, with the same results.
import { type SignalGenerated, type VenueSnapshotTaken, sha256 } from '@trading/contracts';
import type { ExactDecimal, Instrument, Money } from '@trading/domain';
import type { ClosedTrade, FillBooking } from '@trading/portfolio';
import type { DecisionRecord, DecisionSink } from '@trading/domain';
import { DeskBook, type ReportedFill } from './desk-book';
import type { RiskSummary } from './risk-summary';
import { DeskTally } from './desk-tally';
import { moreSevere, type TradingState } from '../state/trading-state';
import type { SizingPolicy } from './sizing.policy';
import { type DeskOrder, type ExposureGate, OrderLegs } from './order-legs';
import type { SignalVerdict } from './signal-verdict';
import type { RiskLimits } from '../limits.config';
import { describeDifference, reconcileWithVenue, type VenueDifference } from './venue-reconciliation';

export type { DeskOrder, ExposureGate } from './order-legs';

export interface RiskDeskOptions {
  readonly instruments: readonly Instrument[];
  readonly initialCash: Money;
  readonly conversionRates?: Readonly<Record<string, number>>;
  readonly policy: SizingPolicy;
  /** Receives the desk's decision-log records and the policy's lines. */
  readonly decisions?: DecisionSink;
}

/** A person's command to the desk: press the kill switch, or resume trading. */
export type DeskCommand =
  | { readonly kind: 'kill-switch'; readonly commandId: string; readonly reason: string }
  | { readonly kind: 'reduce'; readonly commandId: string; readonly reason: string }
  | { readonly kind: 'resume'; readonly commandId: string; readonly by: string }
  | { readonly kind: 'set-limits'; readonly commandId: string; readonly by: string; readonly reason: string; readonly limits: RiskLimits };

/** A working order the desk wants the venue to cancel. */
export interface DeskCancel {
  readonly orderId: string;
  readonly reason: string;
}

/** One closed bar of a symbol, with the spread the venue charges on it (price units). */
export interface DeskBarInput {
  readonly symbol: string;
  /** Bar start, UTC ms. */
  readonly barTime: number;
  /** Bar close, UTC ms: the time of everything the bar causes. */
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly spread: number;
  /** Slippage the venue would charge a market fill now, price units (0 when it charges none). */
  readonly slippage: number;
}

const NO_CANCELS: readonly DeskCancel[] = Object.freeze([]);

export class RiskDesk {
  readonly book: DeskBook;
  readonly policy: SizingPolicy;
  readonly tally = new DeskTally();
  private readonly legs: OrderLegs;
  private readonly sink: DecisionSink | undefined;
  private readonly closedTrades: ClosedTrade[] = [];
  private reported = 0;
  private state: TradingState = 'ACTIVE';
  private readonly cancels: DeskCancel[] = [];
  private readonly cancelling = new Set<string>();

  constructor(options: RiskDeskOptions) {
    this.book = new DeskBook(options);
    this.policy = options.policy;
    this.sink = options.decisions;
    this.legs = new OrderLegs(this.book, this.policy, this.tally, this.sink);
  }

  /**
   * The decision log's first line: what a risk officer needs to read the rest
   * (the settings in force and their hash, the starting cash, the seed, the
   * code version, what runs), at `time`, the run's start.
   */
  writeHeader(header: { readonly time: number; readonly seed: number; readonly codeVersion: string; readonly run: Readonly<Record<string, unknown>> }): void {
    const settings = this.policy.settings?.() ?? null;
    const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    this.record({
      event: 'run',
      time: header.time,
      codeVersion: header.codeVersion,
      seed: header.seed,
      cash: this.book.cash.toString(),
      currency: this.book.cash.currency,
      sizing: this.policy.describe(),
      limits: settings,
      limitsHash: settings === null ? null : hex(sha256(JSON.stringify(settings))),
      ...header.run,
    });
  }

  /** Trades closed so far, in the order they closed. */
  get trades(): readonly ClosedTrade[] {
    return this.book.ledger.trades;
  }

  /** A bar closed: quote the symbol, mark its positions, and let the policy follow the market. */
  observeBar(bar: DeskBarInput): void {
    const slot = this.book.slotOf(bar.symbol);
    this.book.quote(slot, bar.close, bar.spread, bar.barTime);
    this.policy.observeBar?.({ symbol: bar.symbol, slot, barTime: bar.barTime, time: bar.time, open: bar.open, high: bar.high, low: bar.low, close: bar.close, slippage: bar.slippage, book: this.book });
    this.followState(bar.time);
  }

  /** The venue filled (part of) an order. */
  onFill(fill: ReportedFill): FillBooking {
    const stopLoss = this.book.workingStop(fill.orderId);
    const booking = this.book.fill(fill);
    this.tally.of(fill.strategy).fills++;
    if (booking.added && stopLoss !== undefined) {
      const { orderId, strategy, symbol, side, price, time } = fill;
      this.policy.onEntryFilled?.({ strategy, symbol, orderId, side, lots: fill.quantity.toNumber(), price, stopLoss, time, book: this.book });
    }
    if (booking.trade !== undefined) this.closedTrades.push(booking.trade);
    return booking;
  }

  /** The venue booked financing on a position (negative when paid). */
  onSwap(strategy: string, symbol: string, amount: ExactDecimal): void {
    this.book.ledger.chargeSwap(this.book.position(strategy, symbol), amount);
  }

  /** The venue cancelled an order. */
  onCancel(orderId: string): void {
    this.book.removed(orderId);
    this.cancelling.delete(orderId);
  }

  /** Hands trades closed since the last call to the policy (its losing-streak breaker), at `time`. */
  settle(time: number): void {
    const hook = this.policy.onTradeClosed;
    if (hook === undefined) {
      this.reported = this.closedTrades.length;
      return;
    }
    while (this.reported < this.closedTrades.length) hook.call(this.policy, this.closedTrades[this.reported++], time);
    this.followState(time);
  }

  /**
   * The venue refused an order the desk sent. Without a policy that follows
   * refusals, a refused order is a bug in the desk and is thrown.
   */
  onOrderRejected(order: DeskOrder, message: string, time: number): void {
    this.book.removed(order.id);
    if (this.policy.onOrderRejected === undefined) throw new RangeError(message);
    this.tally.reject(order.strategy, 'VENUE_REJECTED');
    this.sink?.record({ event: 'reject', time, symbol: order.symbol, side: order.side, lots: order.quantity.toString(), reason: message });
    this.policy.onOrderRejected(message, time);
    this.followState(time);
  }

  /**
   * A person's command at `time`. The kill switch halts trading, cancels every
   * working order and sends orders that flatten each strategy's position;
   * resume lifts the latched breakers. Both need a policy with a trading
   * state (the risk engine).
   */
  command(command: DeskCommand, time: number): DeskOrder[] {
    const { killSwitch, resume, reduce } = this.policy;
    if (killSwitch === undefined || resume === undefined || reduce === undefined) {
      throw new RangeError(`${command.kind} needs the risk engine (a sizing policy with a trading state), not ${this.policy.name}`);
    }
    const book = this.book;
    if (command.kind === 'set-limits') {
      const setLimits = this.policy.setLimits;
      if (setLimits === undefined) throw new RangeError(`set-limits needs a policy with limits (the risk engine), not ${this.policy.name}`);
      const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
      this.record({ event: 'command', time, command: 'set-limits', commandId: command.commandId, by: command.by, reason: command.reason, limitsHash: hex(sha256(JSON.stringify(command.limits))) });
      setLimits.call(this.policy, { limits: command.limits, time, by: command.by });
      return [];
    }
    if (command.kind === 'reduce') {
      this.record({ event: 'command', time, command: 'reduce', commandId: command.commandId, reason: command.reason });
      reduce.call(this.policy, { time, reason: command.reason });
      this.followState(time);
      return [];
    }
    if (command.kind === 'resume') {
      this.record({ event: 'command', time, command: 'resume', commandId: command.commandId, by: command.by });
      resume.call(this.policy, { book, time, by: command.by });
      this.followState(time);
      return [];
    }
    this.record({ event: 'command', time, command: 'kill-switch', commandId: command.commandId, reason: command.reason });
    const flatten = killSwitch.call(this.policy, { book, time, reason: command.reason, commandId: command.commandId });
    for (let slot = 0; slot < book.instruments.length; slot++) for (const order of book.workingOrders(slot)) this.cancel(order.id, `kill switch: ${command.reason}`);
    this.state = this.policy.tradingState?.() ?? 'HALTED';
    return flatten.map((proposal) =>
      this.legs.send({ id: proposal.clientOrderId, strategy: proposal.strategy, symbol: proposal.symbol, side: proposal.side === 'BUY' ? 'buy' : 'sell', quantity: proposal.size, reason: `kill switch: ${command.reason}`, reduceOnly: true }),
    );
  }

  /** The desk's verdict on the last signal it decided (null before the first). */
  get lastVerdict(): SignalVerdict | null {
    return this.legs.lastVerdict;
  }

  /** Why new exposure is refused now, before any sizing (null when it is not). */
  get exposureGate(): ExposureGate | null {
    return this.legs.gate;
  }

  /** Refuses every entry leg with `gate`'s code from now on; closing legs still pass. */
  closeToNewExposure(gate: ExposureGate, time: number): void {
    this.legs.gate = gate;
    this.record({ event: 'exposure-gate', time, open: false, code: gate.code, reason: gate.reason });
  }

  /**
   * Compares the book with the venue's snapshot. When they agree the gate (if
   * any) opens; when they differ it closes with every difference named.
   */
  reconcileWithVenue(snapshot: Pick<VenueSnapshotTaken, 'currency' | 'cash' | 'positions' | 'orders'>, time: number, code: string): readonly VenueDifference[] {
    const differences = reconcileWithVenue(this.book, snapshot);
    const described = differences.map(describeDifference);
    this.record({ event: 'reconcile', time, agreed: differences.length === 0, differences: described });
    if (differences.length === 0) {
      if (this.legs.gate !== null) {
        this.legs.gate = null;
        this.record({ event: 'exposure-gate', time, open: true, code: 'VENUE_RECONCILED', reason: 'the book agrees with the venue' });
      }
    } else {
      this.closeToNewExposure({ code, reason: `the book disagrees with the venue: ${described.join('; ')}` }, time);
    }
    return differences;
  }

  /** Cancels the desk wants sent since the last call. */
  drainCancels(): readonly DeskCancel[] {
    // Asked after every bar: no allocation when there is nothing to cancel.
    return this.cancels.length === 0 ? NO_CANCELS : this.cancels.splice(0, this.cancels.length);
  }

  /**
   * A strategy's signal (the payload of message `signalId`) at `time` (the
   * bar's close, `lastClose` its price): the orders it leads to, already
   * entered in the book as working. Each leg is its own decision with its own
   * id, derived from the signal's: a flat signal closes the strategy's
   * position; the other side first closes it (the close leg), then opens the
   * new position (the order leg), sized as if the close had filled.
   */
  onSignal(signal: SignalGenerated, signalId: string, time: number, lastClose: number): DeskOrder[] {
    const orders = this.legs.decide(signal, signalId, time, lastClose);
    this.followState(time);
    return orders;
  }

  /**
   * When the trading state becomes more severe, working orders it no longer
   * allows are cancelled: REDUCING keeps only those that close or shrink their
   * strategy's position, HALTED only those that flatten it.
   */
  private followState(time: number): void {
    const state = this.policy.tradingState?.() ?? 'ACTIVE';
    if (state === this.state) return;
    const escalated = moreSevere(this.state, state) === state;
    this.state = state;
    if (!escalated || state === 'ACTIVE') return;
    const book = this.book;
    for (let slot = 0; slot < book.instruments.length; slot++) {
      for (const order of book.workingOrders(slot)) {
        const position = book.position(order.strategy, order.symbol);
        const held = book.ledger.sideAt(position);
        const heldLots = book.ledger.quantityAt(position);
        const against = held !== 0 && (order.side === 'buy' ? -1 : 1) === held;
        const shrinks = against && order.quantity.compare(heldLots) <= 0;
        const flattens = against && order.quantity.compare(heldLots) === 0;
        if (state === 'REDUCING' ? shrinks : flattens) continue;
        this.cancel(order.id, `trading is ${state} at ${new Date(time).toISOString()}: the order would ${state === 'REDUCING' ? 'add exposure' : 'not flatten its position'}`);
      }
    }
  }

  private cancel(orderId: string, reason: string): void {
    if (this.cancelling.has(orderId)) return;
    this.cancelling.add(orderId);
    this.cancels.push({ orderId, reason });
  }

  riskSummary(): RiskSummary | undefined {
    return this.policy.riskSummary?.();
  }

  private record(record: DecisionRecord): void {
    this.sink?.record(record);
  }
}

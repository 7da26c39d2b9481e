// Exact decimal money and quantities for accounting. Floating point is for
// indicators and statistics only; balances, P&L, margin and costs use these.
import Decimal from 'decimal.js';

// A private Decimal constructor so the global decimal.js settings of other code
// cannot change how this project rounds money.
export const ExactDecimal = Decimal.clone({ precision: 34, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -30, toExpPos: 40 });
export type ExactDecimal = InstanceType<typeof ExactDecimal>;
export type DecimalInput = string | number | ExactDecimal;

const CURRENCY = /^[A-Z]{3}$/;
/** Codes already checked against CURRENCY. */
const KNOWN_CURRENCIES = new Set<string>();

export class Money {
  private constructor(
    readonly amount: ExactDecimal,
    readonly currency: string,
  ) {}

  static of(amount: DecimalInput, currency: string): Money {
    if (!KNOWN_CURRENCIES.has(currency)) {
      if (!CURRENCY.test(currency)) throw new RangeError(`"${currency}" is not an ISO currency code`);
      KNOWN_CURRENCIES.add(currency);
    }
    // Decimals are immutable: one already exact needs no copy (fills book several a trade).
    const value = amount instanceof ExactDecimal ? amount : new ExactDecimal(amount);
    if (!value.isFinite()) throw new RangeError(`money amount must be finite, got ${String(amount)}`);
    return new Money(value, currency);
  }

  static zero(currency: string): Money {
    return Money.of(0, currency);
  }

  plus(other: Money): Money {
    this.assertSameCurrency(other);
    return new Money(this.amount.plus(other.amount), this.currency);
  }

  minus(other: Money): Money {
    this.assertSameCurrency(other);
    return new Money(this.amount.minus(other.amount), this.currency);
  }

  times(factor: DecimalInput): Money {
    return new Money(this.amount.times(factor), this.currency);
  }

  dividedBy(divisor: DecimalInput): Money {
    return new Money(this.amount.dividedBy(divisor), this.currency);
  }

  negated(): Money {
    return new Money(this.amount.negated(), this.currency);
  }

  /** Converts at `rate` units of `currency` per unit of this money's currency. */
  convert(currency: string, rate: DecimalInput): Money {
    return Money.of(this.amount.times(rate), currency);
  }

  /** Rounded to `decimals` places (banker's rounding), e.g. 2 for cents. */
  rounded(decimals = 2): Money {
    return new Money(this.amount.toDecimalPlaces(decimals, ExactDecimal.ROUND_HALF_EVEN), this.currency);
  }

  isNegative(): boolean {
    return this.amount.isNegative() && !this.amount.isZero();
  }

  isZero(): boolean {
    return this.amount.isZero();
  }

  compare(other: Money): -1 | 0 | 1 {
    this.assertSameCurrency(other);
    return this.amount.comparedTo(other.amount) as -1 | 0 | 1;
  }

  equals(other: Money): boolean {
    return this.currency === other.currency && this.amount.equals(other.amount);
  }

  toNumber(): number {
    return this.amount.toNumber();
  }

  /** Exact decimal text, e.g. "1234.5"; what storage and messages carry. */
  toString(): string {
    return this.amount.toFixed();
  }

  toJSON(): { amount: string; currency: string } {
    return { amount: this.toString(), currency: this.currency };
  }

  private assertSameCurrency(other: Money): void {
    if (other.currency !== this.currency) throw new RangeError(`cannot combine ${this.currency} with ${other.currency}`);
  }
}

/** A size in lots (or units), exact, never negative; direction lives on the order or position. */
export class Quantity {
  private constructor(readonly value: ExactDecimal) {}

  static of(value: DecimalInput): Quantity {
    const decimal = new ExactDecimal(value);
    if (!decimal.isFinite() || decimal.isNegative()) throw new RangeError(`quantity must be finite and >= 0, got ${String(value)}`);
    return new Quantity(decimal);
  }

  /** Rounded down to a multiple of `step` (sizes are never rounded up into more risk). */
  static floorToStep(value: DecimalInput, step: DecimalInput): Quantity {
    const decimal = new ExactDecimal(value);
    const stepDecimal = new ExactDecimal(step);
    if (!stepDecimal.isPositive() || stepDecimal.isZero()) throw new RangeError(`step must be > 0, got ${String(step)}`);
    const steps = decimal.dividedBy(stepDecimal).floor();
    return Quantity.of(ExactDecimal.max(steps, 0).times(stepDecimal));
  }

  plus(other: Quantity): Quantity {
    return new Quantity(this.value.plus(other.value));
  }

  minus(other: Quantity): Quantity {
    return Quantity.of(this.value.minus(other.value));
  }

  isZero(): boolean {
    return this.value.isZero();
  }

  compare(other: Quantity): -1 | 0 | 1 {
    return this.value.comparedTo(other.value) as -1 | 0 | 1;
  }

  toNumber(): number {
    return this.value.toNumber();
  }

  toString(): string {
    return this.value.toFixed();
  }

  toJSON(): string {
    return this.toString();
  }
}

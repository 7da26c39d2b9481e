// Post-trade exposure sums shared by the exposure rules: signed account-currency
// notionals per symbol, with the order's units added to its own symbol's book.
import type { RuleContext } from './risk-rule';

export interface ExposureTotals {
  gross: number;
  net: number;
}

/** Gross and net notional before (`withOrder` false) or after the order. NaN if a rate is missing. */
export function exposureTotals(context: RuleContext, withOrder: boolean): ExposureTotals {
  const orderUnits = withOrder ? context.signedUnits : 0;
  let gross = 0;
  let net = 0;
  // The engine creates the order's book before the rules run, so it is among the books.
  for (const book of context.view.books.values()) {
    const units = book === context.book ? book.netUnits + orderUnits : book.netUnits;
    if (units === 0) continue;
    const notional = context.view.notional(book, units);
    gross += Math.abs(notional);
    net += notional;
  }
  return { gross, net };
}

/** Net account-currency exposure to `currency` (long base legs +, quote legs −), optionally after the order. */
export function currencyExposure(context: RuleContext, currency: string, withOrder: boolean): number {
  const orderUnits = withOrder ? context.signedUnits : 0;
  let exposure = 0;
  for (const book of context.view.books.values()) {
    const units = book === context.book ? book.netUnits + orderUnits : book.netUnits;
    if (units === 0) continue;
    if (book.instrument.base === currency) exposure += context.view.notional(book, units);
    else if (book.instrument.quote === currency) exposure -= context.view.notional(book, units);
  }
  return exposure;
}

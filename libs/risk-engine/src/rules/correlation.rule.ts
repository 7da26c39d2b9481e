// No stacking of highly correlated positions: a position already held counts as
// stacked with the new order when the correlation of their returns, signed by
// both directions (long EURUSD vs short USDCHF is positive), reaches the threshold.
import { pass, deny, ratio, REDUCES_EXPOSURE, type RiskRule, measured } from './risk-rule';

export const correlationRule: RiskRule = {
  code: 'CORRELATION',
  sizeDependent: false,
  check(context) {
    const { order, view, history, limits, book } = context;
    if (order.reduceOnly) return pass(this.code, REDUCES_EXPOSURE);
    const direction = order.side === 'BUY' ? 1 : -1;
    const stacked: string[] = [];
    let highest = 0;
    for (const other of view.books.values()) {
      if (other === book || other.netUnits === 0) continue;
      if (!history || history.length < limits.correlation.minObservations || history.indexOf(order.symbol) < 0 || history.indexOf(other.symbol) < 0) {
        return deny(
          this.code,
          'INSUFFICIENT_HISTORY',
          `need ${limits.correlation.minObservations} aligned returns of ${order.symbol} and ${other.symbol} to measure their correlation`,
        );
      }
      const directional = history.correlationOf(order.symbol, other.symbol) * direction * Math.sign(other.netUnits);
      if (directional > highest) highest = directional;
      if (directional >= limits.correlation.threshold) stacked.push(`${other.symbol} (${ratio(directional)})`);
    }
    if (stacked.length > limits.correlation.maxCorrelatedPositions) {
      return deny(
        this.code,
        'CORRELATION_LIMIT',
        `${order.side} ${order.symbol} stacks on ${stacked.join(', ')}: correlation >= ${limits.correlation.threshold}, at most ${limits.correlation.maxCorrelatedPositions} allowed`,
        measured(stacked.length, limits.correlation.maxCorrelatedPositions, 'correlated positions'),
      );
    }
    return pass(this.code, `highest directional correlation ${ratio(highest)}`, measured(highest, limits.correlation.threshold, 'correlation'));
  },
};

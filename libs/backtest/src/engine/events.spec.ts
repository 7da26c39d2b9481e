import { Money, MemoryDecisionSink } from '@trading/domain';
import { DEFAULT_RISK_LIMITS, RiskEnginePolicy } from '@trading/risk-engine';
import { intradayStrategy, resolveParameters } from '@trading/strategies';
import { sharedBars } from '@trading/strategies/testing';
import type { ScheduledCommand } from './backtest.config';
import { runBacktest } from './backtest.engine';

interface Line {
  event: string;
  time: number;
  orderId?: string;
  reason?: string;
  from?: string;
  to?: string;
  command?: string;
  commandId?: string;
}

const h1 = sharedBars('eurusdH1');
// Intraday's entry at the close of 2016-01-06 17:00 (a 0.16-lot short) is still working when the switch is pressed.
const PRESSED = Date.UTC(2016, 0, 6, 18);
const RESUMED = Date.UTC(2016, 0, 11, 8);

function run(events: readonly ScheduledCommand[], seed = 1) {
  const sink = new MemoryDecisionSink();
  const result = runBacktest({
    feeds: [h1],
    strategy: intradayStrategy,
    parameters: resolveParameters('intraday', intradayStrategy.parameters, {}),
    sizing: new RiskEnginePolicy({ limits: DEFAULT_RISK_LIMITS, decisions: sink }),
    initialCash: Money.of(10_000, 'USD'),
    decisions: sink,
    events,
    seed,
  });
  return { result, lines: sink.lines.map((line) => JSON.parse(line) as Line), text: sink.text() };
}

describe('a kill switch and a resume scheduled in a backtest (intraday, real EURUSD H1)', () => {
  const events: ScheduledCommand[] = [
    { time: PRESSED, kind: 'kill-switch', reason: 'operator drill' },
    { time: RESUMED, kind: 'resume', by: 'desk head' },
  ];
  const { result, lines, text } = run(events);

  it('halts at once, cancels the entry still working, and resumes when told', () => {
    const at = (time: number) => lines.filter((l) => l.time === time).map((l) => l.event);
    expect(at(PRESSED)).toEqual(['signal', 'risk-decision', 'sizing', 'order', 'command', 'breaker-trip', 'state-change', 'cancel']);
    const order = lines.find((l) => l.time === PRESSED && l.event === 'order');
    const cancel = lines.find((l) => l.time === PRESSED && l.event === 'cancel');
    expect(cancel).toMatchObject({ orderId: order?.orderId, reason: 'kill switch: operator drill' });
    expect(lines.find((l) => l.event === 'state-change' && l.time === RESUMED)).toMatchObject({ from: 'HALTED', to: 'ACTIVE' });
    // Between the two commands nothing fills: the only position was never opened.
    expect(lines.filter((l) => l.event === 'fill' && l.time > PRESSED && l.time < RESUMED)).toEqual([]);
    expect(result.risk?.breakerTrips.some((trip) => trip.breaker === 'KILL_SWITCH' && trip.time === PRESSED)).toBe(true);
  });

  it('is reproducible: the command ids come from the seed, everything else from the bars', () => {
    const again = run(events);
    expect(again.text).toBe(text);
    const otherSeed = run(events, 2);
    const ids = (l: Line[]) => l.filter((x) => x.event === 'command').map((x) => x.commandId);
    expect(ids(otherSeed.lines)).not.toEqual(ids(lines));
    // The header names the seed; every other line differs only in the command ids.
    const strip = (t: string) => t.replace(/"commandId":"[^"]+"/g, '"commandId":""').replace(/"seed":\d+/, '"seed":0');
    expect(strip(otherSeed.text)).toBe(strip(text));
  });

  it('refuses events out of time order, naming them', () => {
    expect(() => run([...events].reverse())).toThrow('events must be in time order: event 2 (2016-01-06T18:00:00.000Z) comes before event 1');
  });
});

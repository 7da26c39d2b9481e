// A restart: the desk is rebuilt by handling the journal again, in order,
// from an empty kernel, through the same input gate (a lockstep replay's
// holding included), with the limits and cash it first started with; then
// the rebuilt book is checked against the positions table. A mismatch means
// the tables and the journal tell two stories: the service refuses to start
// rather than trade on either.
import { ExactDecimal, Money } from '@trading/domain';
import type { Journal } from '@trading/persistence';
import { parseRiskLimits } from '@trading/risk-engine';
import type { DataSource } from 'typeorm';
import { InputGate, type LockstepGateOptions } from './lockstep-gate';
import { RestoreMismatch } from './restore-mismatch';
import { RiskRuntime, type RiskDeskSettings } from './risk-runtime';
import type { RiskTablesReader } from '../store/risk-tables.reader';

export { RestoreMismatch };

export const RISK_CONSUMER = 'risk';

export interface RestoredDesk {
  /** The desk behind its gate (which holds, in a lockstep replay, what the journal says was held). */
  readonly gate: InputGate;
  /** Journal entries handled again. */
  readonly replayed: number;
  /** Whether the service had run before (its first limits version is stored). */
  readonly resumed: boolean;
}

/** Settings as first stored (limits version 1, the account's starting cash) win over the configuration's. */
export async function restoreDesk(dataSource: DataSource, journal: Journal, reader: RiskTablesReader, settings: RiskDeskSettings, lockstep?: LockstepGateOptions): Promise<RestoredDesk> {
  const first = await reader.firstLimits();
  const account = await reader.account();
  const effective: RiskDeskSettings = {
    ...settings,
    ...(first === null ? {} : { limits: parseRiskLimits(JSON.parse(first)) }),
    ...(account === null ? {} : { initialCash: Money.of(account.initialCash, account.currency) }),
  };
  const gate = new InputGate(new RiskRuntime(effective), lockstep);
  let replayed = 0;
  for await (const entry of journal.read(dataSource, RISK_CONSUMER)) {
    gate.replay(entry.envelope);
    replayed++;
  }
  await checkPositions(gate.runtime, reader);
  return { gate, replayed, resumed: first !== null };
}

async function checkPositions(runtime: RiskRuntime, reader: RiskTablesReader): Promise<void> {
  const ledger = runtime.host.desk.book.ledger;
  const book = new Map<string, string>();
  for (let position = 0; position < ledger.positionCount; position++) {
    const side = ledger.sideAt(position);
    if (side === 0) continue;
    const view = ledger.view(position);
    book.set(`${view.strategy}/${view.symbol}`, `${side < 0 ? '-' : ''}${view.quantity.toString()}`);
  }
  const table = await reader.openPositionLots();
  const differences: string[] = [];
  for (const key of [...new Set([...book.keys(), ...table.keys()])].sort()) {
    const fromJournal = book.get(key) ?? '0';
    const fromTable = table.get(key) ?? '0';
    if (!new ExactDecimal(fromJournal).equals(new ExactDecimal(fromTable))) differences.push(`${key}: ${fromTable} lots in risk_positions, ${fromJournal} from the journal`);
  }
  if (differences.length > 0) throw new RestoreMismatch(`the positions table disagrees with the journal (${differences.join('; ')}); refusing to start`);
}

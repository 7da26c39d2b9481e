// Reading older versions: a consumer decodes whatever version the registry
// still lists, then takes the payload in the current shape through these
// upgrades, so handlers only ever see one shape per type. Each upgrade says
// what the older producer could not know.
import type { Envelope } from './envelope';
import { CURRENT_MESSAGES, type MessageType, type PayloadOf } from './message-registry';
import type { ExecutionReportedV1 } from './messages/execution-reported.event';
import type { SubmitOrderCommandV1 } from './messages/submit-order.command';

/** The strategy named on orders and reports from producers that did not name one. */
export const UNASSIGNED_STRATEGY = 'unassigned';

type Upgrade = (payload: unknown) => unknown;

const UPGRADES: Readonly<Record<string, Readonly<Record<number, Upgrade>>>> = {
  // v1 orders named no strategy: the venue books them on the unassigned position of their symbol.
  'order.submit': { 1: (payload) => ({ ...(payload as SubmitOrderCommandV1), strategy: UNASSIGNED_STRATEGY }) },
  // v1 reports named no strategy and gave only the cumulative fill: a v1 fill report is read as one fill of all of it.
  // v1 signals carried no parameters version, and v2 may omit it: nothing to add.
  signal: { 1: (payload) => payload },
  // v1 commands had no set-limits: every v1 command is a valid v2 command.
  'risk.command': { 1: (payload) => payload },
  'execution.report': {
    1: (payload) => {
      const report = payload as ExecutionReportedV1;
      const fills = report.status === 'filled' || report.status === 'partially_filled';
      return { ...report, strategy: UNASSIGNED_STRATEGY, ...(fills ? { lastFillSize: report.filledSize, lastFillPrice: report.averagePrice } : {}) };
    },
    // v3 only added optional fields: a v2 report is a v3 report of a client order that says nothing more.
    2: (payload) => payload,
  },
};

/** The payload of a decoded envelope of `type`, in the current version's shape. */
export function currentPayload<T extends MessageType>(envelope: Envelope, type: T): PayloadOf<T> {
  if (envelope.type !== type) throw new TypeError(`expected a message of type ${type}, got ${envelope.type}`);
  let version = envelope.version;
  let payload: unknown = envelope.payload;
  const current = CURRENT_MESSAGES[type].version;
  while (version < current) {
    const upgrade = UPGRADES[type]?.[version];
    if (upgrade === undefined) throw new RangeError(`no upgrade of ${type} from version ${version} to ${version + 1}`);
    payload = upgrade(payload);
    version++;
  }
  if (version !== current) throw new RangeError(`${type} version ${envelope.version} is newer than this consumer's ${current}`);
  return payload as PayloadOf<T>;
}

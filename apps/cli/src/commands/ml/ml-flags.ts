// Flags the `trading ml` commands share: the tree parameters (named like
// XGBoost's, so a run can be repeated there), the labelling, and times. Each
// bad value is one line naming the flag.
import { DEFAULT_TRIPLE_BARRIER, type GbdtParams, type TripleBarrierOptions, gbdtParams, validateTripleBarrierOptions } from '@trading/ml';
import { CliError } from '../../cli-error';

export interface GbdtFlags {
  readonly depth: string;
  readonly rounds: string;
  readonly eta: string;
  readonly subsample: string;
  readonly colsample: string;
  readonly lambda: string;
  readonly minChildWeight: string;
  readonly maxLeaves: string;
  readonly growPolicy: string;
  readonly maxBins: string;
  readonly earlyStopping?: string;
  readonly seed: string;
}

export interface LabelFlags {
  readonly tp: string;
  readonly sl: string;
  readonly horizon: string;
}

function numberFlag(text: string, flag: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new CliError(`${flag}: expected a number, got "${text}"`);
  return value;
}

/** The tree parameters from the flags; `earlyStoppingDefault` applies when --early-stopping is absent. */
export function gbdtParamsFromFlags(flags: GbdtFlags, earlyStoppingDefault: number): GbdtParams {
  const overrides: Partial<GbdtParams> = {
    maxDepth: numberFlag(flags.depth, '--depth'),
    rounds: numberFlag(flags.rounds, '--rounds'),
    eta: numberFlag(flags.eta, '--eta'),
    subsample: numberFlag(flags.subsample, '--subsample'),
    colsampleByTree: numberFlag(flags.colsample, '--colsample'),
    lambda: numberFlag(flags.lambda, '--lambda'),
    minChildWeight: numberFlag(flags.minChildWeight, '--min-child-weight'),
    maxLeaves: numberFlag(flags.maxLeaves, '--max-leaves'),
    growPolicy: flags.growPolicy as GbdtParams['growPolicy'],
    maxBins: numberFlag(flags.maxBins, '--max-bins'),
    earlyStoppingRounds: flags.earlyStopping === undefined ? earlyStoppingDefault : numberFlag(flags.earlyStopping, '--early-stopping'),
    seed: numberFlag(flags.seed, '--seed'),
  };
  try {
    return gbdtParams({ ...overrides, objective: 'multi:softprob', numClasses: 3 });
  } catch (error) {
    throw new CliError(flagNames((error as Error).message));
  }
}

/** Rewrites parameter names in a validation message to the flags that set them. */
function flagNames(message: string): string {
  const names: Record<string, string> = {
    maxDepth: '--depth',
    rounds: '--rounds',
    eta: '--eta',
    subsample: '--subsample',
    colsampleByTree: '--colsample',
    lambda: '--lambda',
    minChildWeight: '--min-child-weight',
    maxLeaves: '--max-leaves',
    growPolicy: '--grow-policy',
    maxBins: '--max-bins',
    earlyStoppingRounds: '--early-stopping',
    seed: '--seed',
  };
  return message.replace(/^gbdt: /, '').replace(/\b(maxDepth|rounds|eta|subsample|colsampleByTree|lambda|minChildWeight|maxLeaves|growPolicy|maxBins|earlyStoppingRounds|seed)\b/g, (name) => names[name]);
}

export function labellingFromFlags(flags: LabelFlags): TripleBarrierOptions {
  const options = { takeProfit: numberFlag(flags.tp, '--tp'), stopLoss: numberFlag(flags.sl, '--sl'), horizon: numberFlag(flags.horizon, '--horizon'), atrPeriod: DEFAULT_TRIPLE_BARRIER.atrPeriod };
  try {
    validateTripleBarrierOptions(options);
  } catch (error) {
    throw new CliError((error as Error).message.replace('triple barrier: ', '').replace('takeProfit', '--tp').replace('stopLoss', '--sl').replace('horizon', '--horizon'));
  }
  return options;
}

/** An ISO date or time, read as UTC when it has no zone. */
export function timeFlag(text: string, flag: string): number {
  const iso = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;
  if (!iso.test(text)) throw new CliError(`${flag}: expected an ISO date or time such as 2021-01-01 or 2021-01-01T00:00Z, got "${text}"`);
  const withZone = /T.*(Z|[+-]\d{2}:\d{2})$/.test(text) ? text : text.includes('T') ? `${text}Z` : `${text}T00:00:00Z`;
  const value = Date.parse(withZone);
  if (!Number.isFinite(value)) throw new CliError(`${flag}: not a valid date or time: "${text}"`);
  return value;
}

export const GBDT_DEFAULTS = { depth: '6', rounds: '200', eta: '0.1', subsample: '1', colsample: '1', lambda: '1', minChildWeight: '1', maxLeaves: '0', growPolicy: 'depthwise', maxBins: '256', seed: '0' } as const;
export const LABEL_DEFAULTS = { tp: String(DEFAULT_TRIPLE_BARRIER.takeProfit), sl: String(DEFAULT_TRIPLE_BARRIER.stopLoss), horizon: String(DEFAULT_TRIPLE_BARRIER.horizon) } as const;

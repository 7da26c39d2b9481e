// The action of `trading data check` (see ./data-check.command).
import { type BarFileImport, FINDING_KINDS, type Finding, importBarFile } from '@trading/data-sources/files';
import { checkBarFileFlags } from '../bar-file-flags';
import { CliError } from '../cli-error';
import { printJson, printText } from '../output';
import { wholeNumberFlag } from '../whole-number-flag';

export interface DataCheckFlags {
  readonly symbol?: string;
  readonly tf?: string;
  readonly tz?: string;
  readonly json?: boolean;
  readonly show: string;
  readonly allowFindings?: boolean;
}

export async function dataCheckCommand(file: string, flags: DataCheckFlags): Promise<void> {
  const show = checkFlags(flags);
  let result: BarFileImport;
  try {
    result = await importBarFile(file, { symbol: flags.symbol, timeframe: flags.tf, tz: flags.tz });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new CliError(message.replace('pass them explicitly', 'pass --symbol and --tf'));
  }
  const { report } = result;
  if (flags.json) {
    printJson({
      bars: report.bars,
      counts: report.counts,
      policy: report.policy,
      findings: report.findings,
      kept: report.kept,
      dropped: report.dropped,
      rejected: report.rejected,
      rules: report.rules,
      file,
      format: result.format,
      compressed: result.compressed,
      symbol: result.columns.symbol,
      timeframe: result.columns.timeframe,
      zone: result.zone,
    });
  } else {
    printText(textReport(file, result, show));
  }
  failOnFindings(file, result, flags.allowFindings === true);
}

/** After the report: exit 1 when the file lost rows (unless allowed) or has no bar left. */
function failOnFindings(file: string, { report, columns }: BarFileImport, allowFindings: boolean): void {
  if (columns.length === 0) throw new CliError(`${file}: no bar passed validation (${report.bars} rows read)`, 1);
  if (allowFindings || report.dropped + report.rejected === 0) return;
  throw new CliError(`${file}: ${report.dropped} rows dropped and ${report.rejected} rejected by validation (--allow-findings to accept them)`, 1);
}

function checkFlags(flags: DataCheckFlags): number {
  checkBarFileFlags(flags);
  return wholeNumberFlag(flags.show, '--show', 0);
}

function textReport(file: string, result: BarFileImport, show: number): string {
  const { report, columns } = result;
  const lines = [
    `${file}`,
    `  format ${result.format}${result.compressed ? ' (gzip)' : ''}, ${columns.symbol} ${columns.timeframe}, timestamps read in ${result.zone}`,
    `  rows read ${report.bars}, passed on ${report.kept}, dropped ${report.dropped}, rejected ${report.rejected}`,
  ];
  if (columns.length > 0) lines.push(`  bars passed on span ${iso(columns.time[0])} .. ${iso(columns.time[columns.length - 1])}`);
  lines.push('', '  kind         count  policy');
  for (const kind of FINDING_KINDS) lines.push(`  ${kind.padEnd(12)} ${String(report.counts[kind]).padStart(5)}  ${report.policy[kind]}`);
  lines.push(
    '',
    `  rules: spike |robust z| > ${report.rules.spikeThreshold}; stale = ${report.rules.staleBars}+ identical bars; gap = ${report.rules.gapMinMissingBars}+ missing bars unless ${report.rules.weekend}`,
  );
  for (const kind of FINDING_KINDS) {
    const ofKind = report.findings.filter((finding) => finding.kind === kind);
    if (ofKind.length === 0 || show === 0) continue;
    lines.push('', `  ${kind} (${ofKind.length}):`);
    for (const finding of ofKind.slice(0, show)) lines.push(`    ${describe(finding)}`);
    if (ofKind.length > show) lines.push(`    ... ${ofKind.length - show} more (--show or --json for all)`);
  }
  return lines.join('\n');
}

function describe(finding: Finding): string {
  const time = finding.time !== null ? iso(finding.time) : finding.kind === 'timerange' ? 'time out of range' : 'unreadable time';
  return `row ${finding.row} ${time} ${finding.outcome}: ${finding.detail}`;
}

function iso(timeMs: number): string {
  return new Date(timeMs).toISOString().replace(':00.000Z', 'Z');
}

// `trading bench import`: import + validate throughput of the bar file reader.
// It builds a file of at least a million bars from the real EURUSD H1 export
// (the file repeated, each copy shifted by whole weeks so weekends stay
// weekends), reads it once to warm the page cache, then times complete
// imports (read, parse, validate) and reports the median run.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gunzipSync } from 'node:zlib';
import type { Command } from 'commander';
import { type BarFileImport, importBarFileSync, parseBarFile, validateBars } from '@trading/data-sources';
import { CliError } from '../../cli-error';
import { logLine, printJson, printText } from '../../output';
import { wholeNumberFlag } from '../../whole-number-flag';
import { vendoredData } from '../../vendored-data';
import { roundTo } from './bench-stats';

const WEEK_MS = 7 * 86_400_000;

interface ImportBenchFlags {
  readonly source: string;
  readonly bars: string;
  readonly runs: string;
  readonly json?: boolean;
}

export function registerImportBench(bench: Command): void {
  bench
    .command('import')
    .option('--source <file>', 'MT5 comma export to repeat (plain or .gz)', vendoredData.eurusdH1)
    .option('--bars <count>', 'minimum bars in the generated file', '1000000')
    .option('--runs <count>', 'timed imports (the median is reported)', '5')
    .option('--json', 'print the result as JSON on stdout')
    .action((flags: ImportBenchFlags) => {
      const minBars = wholeNumberFlag(flags.bars, '--bars', 1);
      const runs = wholeNumberFlag(flags.runs, '--runs', 1);
      const dir = mkdtempSync(join(tmpdir(), 'trading-bench-import-'));
      try {
        const file = join(dir, 'EURUSD_H1_bench.csv');
        const bytes = buildRepeatedFile(flags.source, minBars, file);
        readFileSync(file); // into the page cache
        logLine(`bench import: ${file} (${(bytes / 1e6).toFixed(1)} MB), ${runs} timed runs`);
        const timings: number[] = [];
        const cpuTimings: number[] = [];
        let bars = 0;
        let kept = 0;
        for (let run = 0; run <= runs; run++) {
          const cpuStart = process.cpuUsage();
          const start = performance.now();
          const result = importBarFileSync(file);
          const elapsed = performance.now() - start;
          const cpu = process.cpuUsage(cpuStart);
          bars = result.report.bars;
          kept = result.report.kept;
          // Run 0 warms the JIT. CPU time (all threads, GC included) is the figure
          // that holds when other processes compete for the cores.
          if (run > 0) {
            timings.push(elapsed);
            cpuTimings.push((cpu.user + cpu.system) / 1000);
          }
        }
        // One more run split in its stages, to show where the time goes.
        const readStart = performance.now();
        const raw = readFileSync(file);
        const parseStart = performance.now();
        const parsed = parseBarFile(raw, file);
        const validateStart = performance.now();
        validateBars(parsed.columns, { rows: parsed.rows });
        const end = performance.now();
        timings.sort((a, b) => a - b);
        cpuTimings.sort((a, b) => a - b);
        const medianMs = timings[Math.floor((timings.length - 1) / 2)];
        const medianCpuMs = cpuTimings[Math.floor((cpuTimings.length - 1) / 2)];
        const result = {
          bars,
          barsPerSecond: Math.round(bars / (medianMs / 1000)),
          bestBarsPerSecond: Math.round(bars / (timings[0] / 1000)),
          medianMs: round(medianMs),
          cpuBarsPerSecond: Math.round(bars / (medianCpuMs / 1000)),
          medianCpuMs: round(medianCpuMs),
          runs,
          keptBars: kept,
          fileBytes: bytes,
          megabytesPerSecond: round(bytes / 1e6 / (medianMs / 1000)),
          stagesMs: { read: round(parseStart - readStart), parse: round(validateStart - parseStart), validate: round(end - validateStart) },
          source: basename(flags.source),
          node: process.version,
        };
        if (flags.json) printJson(result);
        else
          printText(
            `import + validate: ${bars} bars in ${result.medianMs} ms (median of ${runs}) = ${result.barsPerSecond.toLocaleString('en-US')} bars/s, ` +
              `${result.megabytesPerSecond} MB/s; read ${result.stagesMs.read} ms, parse ${result.stagesMs.parse} ms, validate ${result.stagesMs.validate} ms`,
          );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
}

/** Writes `source` repeated until it holds at least `minBars` rows, each copy later by whole weeks; returns the size in bytes. */
function buildRepeatedFile(source: string, minBars: number, target: string): number {
  let original: BarFileImport;
  let header: string;
  try {
    original = importBarFileSync(source, { symbol: 'EURUSD', timeframe: 'H1' });
    const raw = readFileSync(source);
    header = (source.endsWith('.gz') ? gunzipSync(raw) : raw).toString('latin1').split('\n', 1)[0].replace(/\r$/, '');
  } catch (error) {
    throw new CliError(`--source: ${(error as Error).message}`);
  }
  if (!header.startsWith('<DATE>,<TIME>')) throw new CliError(`--source: ${source} is not an MT5 comma export (header "${header.slice(0, 60)}")`);
  const bars = original.columns;
  if (bars.length === 0) throw new CliError(`--source: ${source} has no bars`);
  const span = bars.time[bars.length - 1] - bars.time[0];
  const shift = Math.ceil((span + WEEK_MS) / WEEK_MS) * WEEK_MS;
  const copies = Math.ceil(minBars / bars.length);
  const chunks: string[] = [header + '\n'];
  for (let copy = 0; copy < copies; copy++) {
    const lines: string[] = [];
    for (let i = 0; i < bars.length; i++) {
      const iso = new Date(bars.time[i] + copy * shift).toISOString();
      lines.push(
        `${iso.slice(0, 4)}.${iso.slice(5, 7)}.${iso.slice(8, 10)},${iso.slice(11, 19)},${bars.open[i]},${bars.high[i]},${bars.low[i]},${bars.close[i]},${bars.volume[i]},0,${bars.spread[i]}`,
      );
    }
    chunks.push(lines.join('\n') + '\n');
  }
  const text = chunks.join('');
  writeFileSync(target, text, 'latin1');
  return Buffer.byteLength(text, 'latin1');
}

const round = (value: number): number => roundTo(value, 1);

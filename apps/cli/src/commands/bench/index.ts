// Every `trading bench <name>` subcommand, loaded only when it is the one run
// (or for `trading bench --help`). Each file exports a registration taking the
// `bench` command; add yours to this table.
import type { Command } from 'commander';

export type BenchRegistration = (bench: Command) => void;

const BENCHMARKS: Readonly<Record<string, () => Promise<BenchRegistration>>> = {
  tpe: async () => (await import('./tpe.bench')).registerTpeBench,
  import: async () => (await import('./import.bench')).registerImportBench,
  replay: async () => (await import('./replay.bench')).registerReplayBench,
  risk: async () => (await import('./risk.bench')).registerRiskBench,
  'ohlcv-store': async () => (await import('./ohlcv-store.bench')).registerOhlcvStoreBench,
  outbox: async () => (await import('./outbox.bench')).registerOutboxBench,
  bus: async () => (await import('./bus.bench')).registerBusBench,
  'rabbitmq-publish': async () => (await import('./rabbitmq-publish.bench')).registerRabbitMqPublishBench,
  indicators: async () => (await import('./indicators.bench')).registerIndicatorsBench,
  'bar-cache': async () => (await import('./bar-cache.bench')).registerBarCacheBench,
  backtest: async () => (await import('./backtest.bench')).registerBacktestBench,
  ml: async () => (await import('./ml.bench')).registerMlBench,
  'ml-xgboost': async () => (await import('./ml-xgboost.bench')).registerMlXgboostBench,
};

/** The registrations needed for the arguments after `bench`: the named benchmark, or all of them. */
export async function benchRegistrationsFor(args: readonly string[]): Promise<BenchRegistration[]> {
  const name = args.find((arg) => !arg.startsWith('-'));
  const load = name === undefined ? undefined : BENCHMARKS[name];
  if (load) return [await load()];
  return Promise.all(Object.values(BENCHMARKS).map((loadOne) => loadOne()));
}

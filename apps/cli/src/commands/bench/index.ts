// Every `trading bench <name>` subcommand. A benchmark's file is loaded only
// when it is the one run; `trading bench --help` lists them from this table.
// Add yours here: its summary is its description.
import type { Command } from 'commander';

export type BenchRegistration = (bench: Command) => void;

interface BenchEntry {
  readonly summary: string;
  readonly load: () => Promise<BenchRegistration>;
}

const BENCHMARKS: Readonly<Record<string, BenchEntry>> = {
  tpe: {
    summary: 'tsparzen TPE vs random search (and Optuna when installed): best value found and sampler time per trial',
    load: async () => (await import('./tpe.bench')).registerTpeBench,
  },
  import: {
    summary: 'bars per second of import + validation over a >= 1M-bar MT5 file built from the real H1 export',
    load: async () => (await import('./import.bench')).registerImportBench,
  },
  replay: {
    summary: 'replay through RabbitMQ with confirms vs a bare amqplib publisher of the same envelopes (needs AMQP_URL)',
    load: async () => (await import('./replay.bench')).registerReplayBench,
  },
  'risk-service': {
    summary: 'decisions per second of the risk service (inbox, desk, tables, journal, outbox in one transaction) with batches of 1 and 64, real signals',
    load: async () => (await import('./risk-service.bench')).registerRiskServiceBench,
  },
  'order-execution': {
    summary: 'bars per second through the order-execution handler (inbox, paper venue, tables, outbox, journal in one transaction) with batches of 1 and 64, real EURUSD H1 bars',
    load: async () => (await import('./order-execution.bench')).registerOrderExecutionBench,
  },
  risk: {
    summary: 'microseconds per risk decision (all rules, historical VaR, 6 instruments, real H1 returns)',
    load: async () => (await import('./risk.bench')).registerRiskBench,
  },
  'ohlcv-store': {
    summary: 'rows per second of OHLCV batched upserts and range reads on embedded PGlite or Postgres (real EURUSD H1 bars)',
    load: async () => (await import('./ohlcv-store.bench')).registerOhlcvStoreBench,
  },
  outbox: {
    summary: 'messages per second through the transactional outbox: concurrent enqueue transactions, then relay drain',
    load: async () => (await import('./outbox.bench')).registerOutboxBench,
  },
  bus: {
    summary: 'messages per second through envelope decode+validate and the in-process bus (real EURUSD H1 bars)',
    load: async () => (await import('./bus.bench')).registerBusBench,
  },
  'bus-batch': {
    summary: 'messages per second of a batch consumer committing one Postgres transaction (inbox rows) per batch: batches of 1 vs --max-batch',
    load: async () => (await import('./bus-batch.bench')).registerBusBatchBench,
  },
  'rabbitmq-publish': {
    summary: 'publish throughput to RabbitMQ: bare amqplib confirm loop vs the RabbitMqBus adapter (real EURUSD M1 bars)',
    load: async () => (await import('./rabbitmq-publish.bench')).registerRabbitMqPublishBench,
  },
  indicators: {
    summary: 'streaming updates per second of each indicator over the real EURUSD H1 bars',
    load: async () => (await import('./indicators.bench')).registerIndicatorsBench,
  },
  'bar-cache': {
    summary: 'bar cache speed on the real EURUSD H1 export: binary codec, in-memory hits, optional Redis round trip',
    load: async () => (await import('./bar-cache.bench')).registerBarCacheBench,
  },
  backtest: {
    summary: 'scalping backtest (orders, fills, accounting) over >= 1M real M5 bars repeated with shifted times',
    load: async () => (await import('./backtest.bench')).registerBacktestBench,
  },
  optimize: {
    summary: 'trials per second of a walk-forward study with 1 worker and with N (speedup); results identical',
    load: async () => (await import('./optimize.bench')).registerOptimizeBench,
  },
  ml: {
    summary: 'ONNX inference rows per second (batch), one row (features + ONNX) p50/p99, features per bar, training time',
    load: async () => (await import('./ml.bench')).registerMlBench,
  },
  'ml-xgboost': {
    summary: 'our gradient-boosted trees against XGBoost 1.7 (Debian python3-xgboost) on the same rows: log-loss, correlation, curves, time',
    load: async () => (await import('./ml-xgboost.bench')).registerMlXgboostBench,
  },
  startup: {
    summary: 'whole-process time of `trading --help` and of an H1 backtest, against bare `node -e 0`',
    load: async () => (await import('./startup.bench')).registerStartupBench,
  },
};

/** The registrations needed for the arguments after `bench`: the named benchmark, or a line per benchmark. */
export async function benchRegistrationsFor(args: readonly string[]): Promise<BenchRegistration[]> {
  const operands = args.filter((arg) => !arg.startsWith('-'));
  const name = operands[0] === 'help' ? operands[1] : operands[0];
  const entry = name === undefined ? undefined : BENCHMARKS[name];
  if (entry) {
    const register = await entry.load();
    return [
      (bench) => {
        register(bench);
        bench.commands.find((command) => command.name() === name)?.description(entry.summary);
      },
    ];
  }
  return [
    (bench) => {
      for (const [benchName, { summary }] of Object.entries(BENCHMARKS)) bench.command(benchName).description(summary);
    },
  ];
}

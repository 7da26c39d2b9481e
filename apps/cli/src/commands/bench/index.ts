// Every `trading bench <name>` subcommand. Each file exports a registration
// taking the `bench` command; add yours to this list.
import type { Command } from 'commander';
import { registerBacktestBench } from './backtest.bench';
import { registerBarCacheBench } from './bar-cache.bench';
import { registerBusBench } from './bus.bench';
import { registerImportBench } from './import.bench';
import { registerIndicatorsBench } from './indicators.bench';
import { registerOhlcvStoreBench } from './ohlcv-store.bench';
import { registerOutboxBench } from './outbox.bench';
import { registerRabbitMqPublishBench } from './rabbitmq-publish.bench';
import { registerReplayBench } from './replay.bench';
import { registerRiskBench } from './risk.bench';
import { registerTpeBench } from './tpe.bench';

export type BenchRegistration = (bench: Command) => void;

export const benchRegistrations: readonly BenchRegistration[] = [registerTpeBench, registerImportBench, registerReplayBench, registerRiskBench, registerOhlcvStoreBench, registerOutboxBench, registerBusBench, registerRabbitMqPublishBench, registerIndicatorsBench, registerBarCacheBench, registerBacktestBench];

// The service's own tables: the OHLCV store and its migrations. Its own entry,
// `@trading/market-data-service/store`, so `trading import` and the benchmarks
// reach the store without loading NestJS and the bus.
export { OhlcvBarRepository, type OhlcvBarRepositoryOptions, type Queryable } from './ohlcv-bar.repository';
export { marketDataMigrations } from './migrations';

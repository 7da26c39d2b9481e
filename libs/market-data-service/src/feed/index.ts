// What a replay reads, without the service: its bar files (loaded and
// validated) and its speed. Its own entry, `@trading/market-data-service/feeds`,
// so a host can check its input before it loads NestJS, TypeORM and the bus.
export * from './feed-files';
export * from '../replay/replay-speed';

// The market-data service's own tables, handed to openDatabase({ migrations })
// by every host of the service (after the persistence library's inbox and outbox).
import { CreateOhlcvBars1764000000003 } from './1764000000003-create-ohlcv-bars.migration';
import { CreateLiveBarCursors1796586756333 } from './1796586756333-create-live-bar-cursors.migration';

/** Oldest first. */
export const marketDataMigrations = [CreateOhlcvBars1764000000003, CreateLiveBarCursors1796586756333] as const;

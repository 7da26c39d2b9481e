import { CreateInbox1764000000001 } from './1764000000001-create-inbox.migration';
import { CreateOutbox1764000000002 } from './1764000000002-create-outbox.migration';
import { CreateOhlcvBars1764000000003 } from './1764000000003-create-ohlcv-bars.migration';
import { CreateJournal1764000000004 } from './1764000000004-create-journal.migration';

export { migrationSchema } from './migration-schema';

/** This library's migrations, oldest first. */
export const persistenceMigrations = [CreateInbox1764000000001, CreateOutbox1764000000002, CreateOhlcvBars1764000000003, CreateJournal1764000000004] as const;

import { CreateInbox1764000000001 } from './1764000000001-create-inbox.migration';
import { CreateOutbox1764000000002 } from './1764000000002-create-outbox.migration';
import { CreateJournal1764000000004 } from './1764000000004-create-journal.migration';

export { migrationSchema } from './migration-schema';

/**
 * This library's migrations, oldest first: the inbox and outbox every service
 * uses, and the journal of the deterministic ones (risk, order-execution). A
 * service's own tables come with its own migrations (DatabaseOptions.migrations).
 */
export const persistenceMigrations = [CreateInbox1764000000001, CreateOutbox1764000000002, CreateJournal1764000000004] as const;

import { CreateInbox1764000000001 } from './1764000000001-create-inbox.migration';
import { CreateOutbox1764000000002 } from './1764000000002-create-outbox.migration';

export { migrationSchema } from './migration-schema';

/**
 * This library's migrations, oldest first: the inbox and outbox every service
 * uses. A service's own tables come with its own migrations (DatabaseOptions.migrations).
 */
export const persistenceMigrations = [CreateInbox1764000000001, CreateOutbox1764000000002] as const;

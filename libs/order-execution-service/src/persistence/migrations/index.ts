import { CreateExecutionTables1765000000001 } from './1765000000001-create-execution-tables.migration';

/** The service's migrations, oldest first (run after the persistence library's own). */
export const orderExecutionMigrations = [CreateExecutionTables1765000000001] as const;

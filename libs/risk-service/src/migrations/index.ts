import { CreateRiskTables1765100000001 } from './1765100000001-create-risk-tables.migration';

/** The risk service's migrations, oldest first (run after the persistence library's own). */
export const riskServiceMigrations = [CreateRiskTables1765100000001] as const;

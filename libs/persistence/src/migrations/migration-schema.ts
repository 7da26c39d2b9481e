// Migrations create their tables in the schema the DataSource was opened with,
// so one set of classes serves `public` in production and a throw-away schema per test run.
import type { QueryRunner } from 'typeorm';
import { assertIdentifier } from '../sql-identifier';

export function migrationSchema(queryRunner: QueryRunner): string {
  const schema = (queryRunner.connection.driver.options as { schema?: string }).schema ?? 'public';
  return `"${assertIdentifier(schema)}"`;
}

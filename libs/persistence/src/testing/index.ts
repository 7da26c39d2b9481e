// Test helpers of the persistence library for this and other projects' specs:
// a database in a schema of its own per test, the contract suite every
// database passes, a bus that records what the outbox relay sent, and real bars.
export { openTestDatabase, uniqueSchemaName, type TestDatabaseOptions } from './test-database';

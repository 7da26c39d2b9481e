// Schema names reach SQL text (identifiers cannot be bound as parameters), so
// they are validated to a safe shape and always quoted.
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertIdentifier(name: string, what = 'schema name'): string {
  if (!IDENTIFIER.test(name)) throw new Error(`${what} "${name}" must be lower-case letters, digits and underscores, starting with a letter or underscore, at most 63 characters`);
  return name;
}

/** `"schema"."table"` for a validated schema and a table name of this library. */
export function qualifiedTable(schema: string, table: string): string {
  return `"${assertIdentifier(schema)}"."${assertIdentifier(table, 'table name')}"`;
}

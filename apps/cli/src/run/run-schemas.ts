// On a real Postgres, `trading run` keeps each service's tables in a schema of
// the run's own, `r<8 hex>_<service>`, and drops them when it ends: a replay
// always starts from empty books. A run that is killed (SIGKILL, a lost
// machine) cannot drop them, so each run holds a session advisory lock on its
// tag for as long as it lives, on a connection of its own, and every run
// starts by dropping the schemas of tags whose lock nobody holds: runs that
// are gone. A live run's lock cannot be taken, so its schemas stay.
import { randomBytes } from 'node:crypto';
import type { Logger } from '@trading/observability';
import type { Database } from '@trading/persistence';
import type { QueryRunner } from 'typeorm';

/** The schemas a run creates, by tag and service (the only ones a sweep may drop). */
export const RUN_SCHEMA_PATTERN = '^(r[0-9a-f]{8})_(order_execution|risk)$';
/** First key of the two-key advisory locks: `trading run`'s own namespace. */
export const RUN_LOCK_NAMESPACE = 0x7472;

export interface RunSchemas {
  /** `r<8 hex>`: the prefix of this run's schemas. */
  readonly tag: string;
  /** Schemas of ended runs dropped at the claim. */
  readonly swept: readonly string[];
  /** Gives up the run's lock (after its schemas are dropped). */
  release(): Promise<void>;
}

/**
 * A fresh tag for this run, locked for as long as the run lives, after
 * dropping the schemas of runs that are gone. On anything but a real Postgres
 * the run keeps no schemas: a tag with nothing to lock or sweep.
 */
export async function claimRunSchemas(database: Database, logger: Logger, newTag: () => string = randomTag): Promise<RunSchemas> {
  if (database.kind !== 'postgres') return { tag: newTag(), swept: [], release: async () => undefined };
  const runner = database.dataSource.createQueryRunner();
  await runner.connect();
  try {
    const tag = await lockNewTag(runner, newTag);
    const swept = await sweep(runner, tag, logger);
    let released: Promise<void> | undefined;
    return {
      tag,
      swept,
      release: () =>
        (released ??= (async () => {
          try {
            await runner.query('SELECT pg_advisory_unlock($1, hashtext($2))', [RUN_LOCK_NAMESPACE, tag]);
          } finally {
            await runner.release();
          }
        })()),
    };
  } catch (error) {
    await runner.release();
    throw error;
  }
}

function randomTag(): string {
  return `r${randomBytes(4).toString('hex')}`;
}

/** Tries tags until one's lock is free (two tags share a lock key once in 2^32: that tag is skipped). */
async function lockNewTag(runner: QueryRunner, newTag: () => string): Promise<string> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const tag = newTag();
    const [{ locked }] = await runner.query('SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked', [RUN_LOCK_NAMESPACE, tag]);
    if (locked === true) return tag;
  }
  throw new Error('trading run: no free run tag after 8 tries (is something holding every advisory lock?)');
}

/** Drops the schemas of every other tag whose lock can be taken now, each tag's under its lock. */
async function sweep(runner: QueryRunner, own: string, logger: Logger): Promise<string[]> {
  const rows: Array<{ schema: string; tag: string }> = await runner.query(
    `SELECT nspname AS schema, substring(nspname from $1) AS tag FROM pg_namespace WHERE nspname ~ $1 ORDER BY nspname`,
    [RUN_SCHEMA_PATTERN],
  );
  const byTag = new Map<string, string[]>();
  for (const { schema, tag } of rows) if (tag !== own) byTag.set(tag, [...(byTag.get(tag) ?? []), schema]);
  const dropped: string[] = [];
  for (const [tag, schemas] of byTag) {
    const [{ free }] = await runner.query('SELECT pg_try_advisory_lock($1, hashtext($2)) AS free', [RUN_LOCK_NAMESPACE, tag]);
    if (free !== true) continue;
    try {
      for (const schema of schemas) await runner.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      dropped.push(...schemas);
      logger.warn('dropped the schemas of a run that ended without dropping them', { tag, schemas });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1, hashtext($2))', [RUN_LOCK_NAMESPACE, tag]);
    }
  }
  return dropped;
}

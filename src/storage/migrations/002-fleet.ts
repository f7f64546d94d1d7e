import type { Kysely } from 'kysely';

// What several instances on one database must agree on (docs/decisions.md, "a fleet on one database"):
// the check value of the secret that seals credentials, and the shared rate-limit and budget counters.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('fleet_secret')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('check_value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  // One fixed 60 s window per key, anchored at its first request; `granted` is what the last lease got.
  await db.schema
    .createTable('rate_windows')
    .addColumn('key_id', 'text', (c) => c.primaryKey())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('used', 'integer', (c) => c.notNull())
    .addColumn('granted', 'integer', (c) => c.notNull())
    .execute();

  // Spend per key and period ('d' = UTC day, 'm' = UTC month) starting at period_start.
  await db.schema
    .createTable('spend_counters')
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('period_start', 'bigint', (c) => c.notNull())
    .addColumn('spent_usd', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('spend_counters_pk', ['key_id', 'period', 'period_start'])
    .execute();
}

import { sql, type Kysely } from 'kysely';

// Prompt caching (issue #15 item 5): cache writes are counted and priced apart from cache reads
// (`cached_input_tokens`, there since 001), and the hourly rollups keep both so summaries can show them.
// Rows written before this migration had no write count: 0. Their reads are summed into the rollups here,
// in the migration's transaction, so a summary from the rollups agrees with one from the raw rows.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('usage').addColumn('cache_write_tokens', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('usage_hourly').addColumn('cached_input_tokens', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('usage_hourly').addColumn('cache_write_tokens', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await sql`
    update usage_hourly set cached_input_tokens = coalesce((
      select sum(u.cached_input_tokens) from usage u
      where (u.ts / 3600000) * 3600000 = usage_hourly.hour and coalesce(u.key_id, '') = usage_hourly.key_id
        and coalesce(u.provider, '') = usage_hourly.provider and coalesce(u.model, '') = usage_hourly.model), 0)`.execute(db);
}

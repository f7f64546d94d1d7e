import { sql, type Kysely } from 'kysely';

// Usage at scale (issue #18 item 5): per hour, key, provider and model, kept on write in the transaction that
// inserts the raw rows, so summaries over 30 days read a few thousand rollup rows instead of millions of raw ones.
// Absent key, provider or model are stored as '' (a primary key column cannot be NULL on PostgreSQL).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('usage_hourly')
    .addColumn('hour', 'bigint', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('requests', 'bigint', (c) => c.notNull())
    .addColumn('errors', 'bigint', (c) => c.notNull())
    .addColumn('input_tokens', 'bigint', (c) => c.notNull())
    .addColumn('output_tokens', 'bigint', (c) => c.notNull())
    .addColumn('cost_usd', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('usage_hourly_pk', ['hour', 'key_id', 'provider', 'model'])
    .execute();
  // Rows written before this migration: one pass, in the migration's transaction.
  await sql`
    insert into usage_hourly (hour, key_id, provider, model, requests, errors, input_tokens, output_tokens, cost_usd)
    select (ts / 3600000) * 3600000, coalesce(key_id, ''), coalesce(provider, ''), coalesce(model, ''),
           count(*), sum(case when status >= 400 then 1 else 0 end), sum(input_tokens), sum(output_tokens), sum(cost_usd)
    from usage group by 1, 2, 3, 4`.execute(db);
}

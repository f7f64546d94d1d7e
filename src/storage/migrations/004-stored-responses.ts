import type { Kysely } from 'kysely';

// Stored Responses API responses (issue #15 item 4): what `previous_response_id` and GET /v1/responses/{id} read.
// The body (input items, output, the rendered response) is one sealed blob: nothing in it is queried, and a
// database dump shows no conversation. Shared by a fleet on PostgreSQL, so a follow-up may land on any instance.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('stored_responses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .execute();
  // The purge deletes by expiry.
  await db.schema.createIndex('stored_responses_expires').on('stored_responses').column('expires_at').execute();
}

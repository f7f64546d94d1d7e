// The storage conformance suite on PostgreSQL. The run gets a fresh database with
// a random name on the server SWITCHYARD_TEST_PG_URL points at (dropped after),
// and every store in it a fresh schema.
// Unset: skipped locally, a failure when CI=true (see test/helpers/postgres.ts).
import { randomBytes } from 'node:crypto';
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import pg from 'pg';
import { freshDatabase, freshSchema, postgresForTests, type FreshDatabase, type PgAvailability } from '../../test/helpers/postgres.js';
import { runStorageConformance } from './conformance.case.js';
import { createRepos, createSecretBox, openDatabase } from './index.js';

let available: PgAvailability | undefined;
try {
  available = postgresForTests();
} catch (err) {
  test('PostgreSQL is available in CI', () => {
    throw err;
  });
}

let database: Promise<FreshDatabase> | undefined;
after(async () => {
  if (database) await (await database).drop();
});

if (available) {
  const adminUrl = available.url;
  runStorageConformance(
    'postgres',
    async () => {
      if (!adminUrl) throw new Error('unreachable: skipped without a URL');
      database ??= freshDatabase(adminUrl);
      const schema = await freshSchema((await database).url);
      try {
        const db = await openDatabase({ sqliteFile: '(unused)', databaseUrl: schema.url });
        const box = createSecretBox(randomBytes(32));
        return {
          db,
          box,
          repos: createRepos(db, box),
          async cleanup() {
            await db.close();
            await schema.drop();
          },
        };
      } catch (err) {
        await schema.drop();
        throw err;
      }
    },
    { skip: available.skip },
  );
}

if (available?.url) {
  const adminUrl = available.url;
  test('a dropped idle connection does not crash the process; the next query reconnects', async () => {
    database ??= freshDatabase(adminUrl);
    const schema = await freshSchema((await database).url);
    const db = await openDatabase({ sqliteFile: '(unused)', databaseUrl: schema.url });
    try {
      const repos = createRepos(db, createSecretBox(randomBytes(32)));
      await repos.settings.set('before', 1);
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        const { rows } = await admin.query<{ n: number }>(
          'SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
          [(await database).name],
        );
        assert.ok((rows[0]?.n ?? 0) >= 1, 'an idle pool connection was terminated');
      } finally {
        await admin.end();
      }
      await new Promise((r) => setTimeout(r, 200));
      await repos.settings.set('after', 2);
      assert.deepEqual(await repos.settings.all(), { before: 1, after: 2 });
    } finally {
      await db.close();
      await schema.drop();
    }
  });
}

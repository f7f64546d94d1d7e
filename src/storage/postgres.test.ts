// The storage conformance suite on PostgreSQL. The run gets a fresh database with
// a random name on the server SWITCHYARD_TEST_PG_URL points at (dropped after),
// and every store in it a fresh schema.
// Unset: skipped locally, a failure when CI=true (see test/helpers/postgres.ts).
import { randomBytes } from 'node:crypto';
import { after, test } from 'node:test';
import { freshDatabase, freshSchema, postgresForTests, type FreshDatabase, type PgAvailability } from '../../test/helpers/postgres.js';
import { runStorageConformance } from './conformance.case.js';
import { createRepos, createSecretBox, openDatabase } from './index.js';

let pg: PgAvailability | undefined;
try {
  pg = postgresForTests();
} catch (err) {
  test('PostgreSQL is available in CI', () => {
    throw err;
  });
}

let database: Promise<FreshDatabase> | undefined;
after(async () => {
  if (database) await (await database).drop();
});

if (pg) {
  const adminUrl = pg.url;
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
    { skip: pg.skip },
  );
}

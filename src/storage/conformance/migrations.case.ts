/** Migrations: applied at open, idempotent, forward-only, and a newer database is refused. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { MIGRATIONS, migrate } from '../db.js';
import { newProvider, withStore, type OpenStore, type StorageFixture } from './fixture.case.js';

async function appliedNames(s: StorageFixture): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(s.db.kysely);
  return rows.map((r) => r.name);
}

export function migrationCases(open: OpenStore): void {
  describe('migrations', () => {
    test('every migration is applied once; running them again changes nothing', async () => {
      await withStore(open, async (s) => {
        assert.deepEqual(await appliedNames(s), Object.keys(MIGRATIONS).sort());
        const p = await s.repos.providers.create(newProvider());
        await migrate(s.db);
        await migrate(s.db);
        assert.deepEqual(await appliedNames(s), Object.keys(MIGRATIONS).sort());
        assert.deepEqual(await s.repos.providers.get(p.id), p);
      });
    });

    test('migrations are forward-only: none defines down()', () => {
      for (const [name, m] of Object.entries(MIGRATIONS)) assert.equal(m.down, undefined, name);
    });

    test('a database already migrated by a newer version is refused, not modified', async () => {
      await withStore(open, async (s) => {
        await sql`insert into kysely_migration (name, timestamp) values (${'999-from-the-future'}, ${new Date().toISOString()})`.execute(
          s.db.kysely,
        );
        await assert.rejects(migrate(s.db), /database migration failed/);
        assert.deepEqual(await appliedNames(s), [...Object.keys(MIGRATIONS), '999-from-the-future'].sort());
      });
    });
  });
}

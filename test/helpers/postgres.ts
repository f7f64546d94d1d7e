/**
 * PostgreSQL for tests. `SWITCHYARD_TEST_PG_URL` is an admin URL (`.ci/run`
 * starts a throwaway cluster and sets it); every caller gets its own fresh
 * database with a random name, dropped afterwards.
 *
 * Unset: tests skip with a clear message locally, but fail when `CI=true`, so a
 * CI run can never pass without having exercised PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const PG_URL_ENV = 'SWITCHYARD_TEST_PG_URL';

export type PgAvailability = { url: string; skip: false } | { url: undefined; skip: string };

export function postgresForTests(env: NodeJS.ProcessEnv = process.env): PgAvailability {
  const url = env[PG_URL_ENV];
  if (url) return { url, skip: false };
  if (env.CI === 'true') {
    throw new Error(`${PG_URL_ENV} is not set but CI=true: the PostgreSQL tests must run in CI (see .ci/run)`);
  }
  return {
    url: undefined,
    skip: `${PG_URL_ENV} is not set; PostgreSQL tests skipped (run .ci/run, or point it at a server you may create databases on)`,
  };
}

export interface FreshDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

async function admin<T>(adminUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** CREATE DATABASE with a random name; `drop()` forces it away even if a pool is still open. */
export async function freshDatabase(adminUrl: string): Promise<FreshDatabase> {
  const name = `switchyard_test_${randomBytes(6).toString('hex')}`;
  await admin(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  let dropped = false;
  return {
    url: u.toString(),
    name,
    async drop() {
      if (dropped) return;
      dropped = true;
      // pg's Pool.end() resolves before its sockets have closed; wait for them
      // rather than FORCE-killing connections a closing pool still listens on.
      await admin(adminUrl, async (c) => {
        for (let i = 0; i < 50; i++) {
          const { rows } = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
          if (rows[0]?.n === 0) break;
          await new Promise((r) => setTimeout(r, 50));
        }
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
    },
  };
}

/**
 * A fresh schema inside `dbUrl`, with a URL whose connections use it as their
 * search_path: isolation per test for the price of a CREATE SCHEMA, where a
 * CREATE DATABASE costs most of a second.
 */
export async function freshSchema(dbUrl: string): Promise<FreshDatabase> {
  const name = `s_${randomBytes(6).toString('hex')}`;
  await admin(dbUrl, (c) => c.query(`CREATE SCHEMA ${name}`));
  const u = new URL(dbUrl);
  u.searchParams.set('options', `-c search_path=${name}`);
  let dropped = false;
  return {
    url: u.toString(),
    name,
    async drop() {
      if (dropped) return;
      dropped = true;
      await admin(dbUrl, (c) => c.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`));
    },
  };
}

import type BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Migration, type MigrationProvider } from 'kysely';
import * as m001 from './migrations/001-initial.js';
import * as m002 from './migrations/002-fleet.js';
import * as m003 from './migrations/003-usage-hourly.js';
import * as m004 from './migrations/004-stored-responses.js';
import * as m005 from './migrations/005-cache-tokens.js';
import type { Database } from './schema.js';
import { SwitchyardError } from '../core/index.js';

export type Engine = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  engine: Engine;
  /** The better-sqlite3 handle behind `kysely` (SQLite only), for the usage hot path's prepared statement. */
  sqlite?: BetterSqlite3.Database;
  close(): Promise<void>;
}

/** Every migration, in order. Forward-only: none has a `down`. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '001-initial': m001,
  '002-fleet': m002,
  '003-usage-hourly': m003,
  '004-stored-responses': m004,
  '005-cache-tokens': m005,
};

class StaticMigrations implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return MIGRATIONS;
  }
}

export async function openSqlite(file: string): Promise<Db> {
  const { default: SQLite } = await import('better-sqlite3');
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  database.pragma('synchronous = NORMAL');
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return { kysely, engine: 'sqlite', sqlite: database, close: () => kysely.destroy() };
}

export async function openPostgres(url: string): Promise<Db> {
  const pg = await import('pg');
  const { Pool, types } = pg.default;
  // bigint (epoch ms) and numeric aggregates come back as strings by default.
  types.setTypeParser(20, (v: string) => Number(v));
  types.setTypeParser(1700, (v: string) => Number(v));
  // A connection attempt that gets no answer (database host unreachable) fails after 3 s instead of never:
  // the caches and queues that carry an outage (docs/decisions.md) need the failure to act on it.
  const pool = new Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 3_000 });
  // An idle connection the server drops (restart, idle timeout, failover) is
  // emitted as 'error' on the pool; unhandled, that would crash the process. The
  // pool has already discarded the client, and the next query connects afresh.
  pool.on('error', () => {});
  // A checked-out connection has no pool listener: the server ending it between two statements (a stop, a
  // failover; seen in the outage e2e test) emitted an unhandled 'error' and crashed the process. The statement
  // in flight still gets its error, and the pool discards a connection that is no longer usable on release.
  pool.on('connect', (client) => void client.on('error', () => {}));
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { kysely, engine: 'postgres', close: () => kysely.destroy() };
}

/** Applies every pending migration; forward-only, fails loudly. */
export async function migrate(db: Db): Promise<void> {
  const migrator = new Migrator({
    db: db.kysely,
    provider: new StaticMigrations(),
    // Plain code-point order: names are ASCII, and localeCompare would load ICU data (memory) for nothing.
    nameComparator: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error ?? failed?.migrationName);
    // A message for the operator (the CLI prints it without a stack trace); never the URL, which may hold a password.
    throw new SwitchyardError('INTERNAL', `database migration failed: ${reason}`, { expose: true, cause: error });
  }
}

export async function openDatabase(opts: { sqliteFile: string; databaseUrl?: string | undefined }): Promise<Db> {
  let db: Db;
  try {
    db = opts.databaseUrl ? await openPostgres(opts.databaseUrl) : await openSqlite(opts.sqliteFile);
  } catch (err) {
    const where = opts.databaseUrl ? 'the PostgreSQL database' : opts.sqliteFile;
    throw new SwitchyardError('INTERNAL', `cannot open ${where}: ${err instanceof Error ? err.message : String(err)}`, { expose: true, cause: err });
  }
  try {
    await migrate(db);
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
  return db;
}

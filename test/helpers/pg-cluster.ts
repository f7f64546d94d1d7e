// A PostgreSQL cluster of one test's own, which the test may stop and start
// (a database outage). The server in SWITCHYARD_TEST_PG_URL is shared by every
// test and must never be stopped. Found and run as .ci/postgres.sh does:
// initdb/pg_ctl under /usr/lib/postgresql/*/bin, as the `postgres` user when root.
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { closedPort } from './cli.js';

const run = promisify(execFile);
const ROOT_DIR = '/usr/lib/postgresql';

/** The newest version's bin directory with initdb and pg_ctl, or null. */
export function pgBinDir(): string | null {
  if (!existsSync(ROOT_DIR)) return null;
  const versions = readdirSync(ROOT_DIR)
    .filter((v) => existsSync(join(ROOT_DIR, v, 'bin', 'initdb')) && existsSync(join(ROOT_DIR, v, 'bin', 'pg_ctl')))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const v = versions.at(-1);
  return v ? join(ROOT_DIR, v, 'bin') : null;
}

/** false when a cluster can be made here; else why not (a failure in CI). */
export function pgClusterUnavailable(): string | false {
  if (pgBinDir()) return false;
  if (process.env.CI === 'true') throw new Error(`PostgreSQL server binaries are missing under ${ROOT_DIR} but CI=true`);
  return `no PostgreSQL server binaries under ${ROOT_DIR}; outage test skipped`;
}

export interface PgCluster {
  /** Admin URL of the `postgres` database. */
  url: string;
  /** pg_ctl stop -m fast: connections are closed, new ones refused. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it (if running) and removes its directory. */
  destroy(): Promise<void>;
}

const asRoot = process.getuid?.() === 0;

/** Runs as the cluster's owner (initdb refuses root), from / so the owner may enter the working directory. */
async function asOwner(cmd: string, args: string[]): Promise<void> {
  const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  await run(file, argv, { cwd: '/', timeout: 120_000 });
}

export async function startPgCluster(): Promise<PgCluster> {
  const bin = pgBinDir();
  if (!bin) throw new Error('no PostgreSQL server binaries');
  const dir = mkdtempSync(join(tmpdir(), 'sy-pg-outage-'));
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const data = join(dir, 'data');
  await asOwner(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C']);
  const port = await closedPort();
  const opts = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c max_connections=100`;
  const pgCtl = (...args: string[]) => asOwner(join(bin, 'pg_ctl'), ['-D', data, ...args]);
  let running = false;
  const start = async () => {
    await pgCtl('-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', opts, 'start');
    running = true;
  };
  const stop = async () => {
    await pgCtl('-m', 'fast', '-w', 'stop');
    running = false;
  };
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    async destroy() {
      if (running) await stop().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

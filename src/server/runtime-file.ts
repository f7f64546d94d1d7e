import { renameSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export interface RuntimeInfo {
  instanceId: string;
  url: string;
  pid: number;
  startedAt: string;
  version: string;
  auditLog: string;
  cacheDir: string;
  database: string;
}

/** Operator metadata; written atomically, 0600. The CLI never discovers servers from it. */
export function writeRuntimeFile(dir: string, info: RuntimeInfo): string {
  const file = join(dir, 'runtime.json');
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(info, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, file);
  return file;
}

export function removeRuntimeFile(dir: string): void {
  rmSync(join(dir, 'runtime.json'), { force: true });
}

/** `postgres://user:pass@host/db` → `postgres://host/db`: never write credentials. */
export function describeDatabase(databaseUrl: string | undefined, sqliteFile: string): string {
  if (!databaseUrl) return `sqlite:${sqliteFile}`;
  try {
    const u = new URL(databaseUrl);
    u.username = '';
    u.password = '';
    // Query parameters may carry a password or TLS key paths (`?password=…`, `sslkey=…`).
    u.search = '';
    u.hash = '';
    return u.toString();
  } catch {
    return 'postgres:(unparseable url)';
  }
}

import { SwitchyardError } from '../core/index.js';

/** A unique or primary-key violation, as better-sqlite3 and pg report it. */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown }).code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

/**
 * Runs a write and turns a uniqueness violation into a CONFLICT the caller can
 * render (409), so no engine-specific error leaks past the repositories.
 */
export async function conflictOnDuplicate<T>(message: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err)) throw new SwitchyardError('CONFLICT', message, { cause: err });
    throw err;
  }
}

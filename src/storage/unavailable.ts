import { SwitchyardError } from '../core/index.js';

/** Socket errors of a database connection that went away or never came. */
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** SQLite: locked past busy_timeout, disk or file trouble. */
const SQLITE = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_READONLY', 'SQLITE_CANTOPEN']);
/** What pg throws without a code when its connection ends or a connect times out. */
const PG_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

/**
 * Whether an error means "the database cannot be reached or written right
 * now" (issue #18 item 4) rather than a fault in the request or our code:
 * PostgreSQL class 08 (connection exception), 57P01–57P03 (shutting down,
 * cannot connect now), 53xxx (out of resources), socket errors, and SQLite
 * busy/disk-full/IO errors.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; typeof e === 'object' && e !== null && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (NETWORK.has(code) || code.startsWith('08') || code.startsWith('53') || code === '57P01' || code === '57P02' || code === '57P03') return true;
      if ([...SQLITE].some((c) => code === c || code.startsWith(`${c}_`))) return true;
    }
    if (e instanceof Error && PG_MESSAGES.test(e.message)) return true;
  }
  return false;
}

/** The error a management write gets while the database is away: 503, nothing was changed. */
export function databaseUnavailable(cause: unknown): SwitchyardError {
  return new SwitchyardError(
    'DATABASE_UNAVAILABLE',
    'the database cannot be reached right now, so nothing was changed; inference keeps working from memory. Try again when /api/ready answers 200',
    { expose: true, retryAfterSec: 5, cause },
  );
}

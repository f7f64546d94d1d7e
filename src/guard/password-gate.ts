/**
 * The one door the management password goes through (login and connect):
 * lockout first — a correct password during a lockout is refused too — then
 * the scrypt check, counting failures per socket peer (tunnel traffic in a bucket
 * of its own) and auditing each step.
 */
import type { Context } from 'hono';
import { SwitchyardError } from '../core/index.js';
import type { SettingsRepo } from '../storage/index.js';
import type { AuditLog } from './audit.js';
import { verifyPassword } from './credentials/password.js';
import type { Lockout } from './lockout.js';
import type { GuardVariables } from './principal.js';
import { PASSWORD_SETTING } from '../storage/index.js';

/** Written by the server at first start (scrypt hash). */

export interface PasswordGateDeps {
  lockout: Lockout;
  settings: SettingsRepo;
  audit: AuditLog;
}

const lockedError = (retryAfterSec: number): SwitchyardError =>
  new SwitchyardError('LOCKED_OUT', `too many failed password attempts from this address; try again in ${retryAfterSec} s`, {
    retryAfterSec,
  });

/**
 * Resolves when the password is right; throws LOCKED_OUT (429, Retry-After) or
 * INVALID_PASSWORD (401). `event` names the audit event (`auth.login`, `cli.connect`).
 */
export async function checkPassword(
  deps: PasswordGateDeps,
  c: Context<{ Variables: GuardVariables }>,
  password: string,
  event: string,
): Promise<void> {
  const stored = await deps.settings.get(PASSWORD_SETTING);
  if (typeof stored !== 'string') {
    throw new SwitchyardError('CREDENTIAL_STORE_UNAVAILABLE', 'no management password is set', { expose: true });
  }
  const r = await deps.lockout.attempt(c.get('lockoutKey'), () => verifyPassword(password, stored));
  if (r.ok) return;
  if (!r.locked) {
    await deps.audit.record(c, event, 'failure', { reason: 'wrong password', failures: r.failures });
    throw new SwitchyardError('INVALID_PASSWORD', 'wrong password');
  }
  if (r.lockedNow) {
    await deps.audit.record(c, event, 'failure', { reason: 'wrong password', failures: r.failures });
    await deps.audit.record(c, 'auth.lockout', 'failure', { failures: r.failures, retryAfterSec: r.retryAfterSec });
  } else {
    await deps.audit.record(c, 'auth.lockout', 'denied', { during: event, retryAfterSec: r.retryAfterSec });
  }
  throw lockedError(r.retryAfterSec);
}

/**
 * The one door the management password goes through (login and connect):
 * lockout first — a correct password during a lockout is refused too — then
 * the scrypt check, counting failures per socket peer and auditing each step.
 */
import type { Context } from 'hono';
import { SwitchyardError } from '../core/index.js';
import type { SettingsRepo } from '../storage/index.js';
import type { AuditLog } from './audit.js';
import { verifyPassword } from './credentials/password.js';
import type { Lockout } from './lockout.js';
import type { GuardVariables } from './principal.js';

/** Written by the server at first start (scrypt hash). */
export const SETTING_PASSWORD_HASH = 'auth.passwordHash';

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
  const peer = c.get('peer');
  const lock = await deps.lockout.check(peer);
  if (lock.locked) {
    await deps.audit.record(c, 'auth.lockout', 'denied', { during: event, retryAfterSec: lock.retryAfterSec });
    throw lockedError(lock.retryAfterSec);
  }
  const stored = await deps.settings.get(SETTING_PASSWORD_HASH);
  if (typeof stored !== 'string') {
    throw new SwitchyardError('CREDENTIAL_STORE_UNAVAILABLE', 'no management password is set', { expose: true });
  }
  if (await verifyPassword(password, stored)) {
    await deps.lockout.succeed(peer);
    return;
  }
  const { lockedNow, state } = await deps.lockout.fail(peer);
  await deps.audit.record(c, event, 'failure', { reason: 'wrong password', failures: state.failures });
  if (lockedNow && state.lockedUntil !== null) {
    const retryAfterSec = Math.ceil((state.lockedUntil - Date.now()) / 1000);
    await deps.audit.record(c, 'auth.lockout', 'failure', { lockedUntil: new Date(state.lockedUntil).toISOString(), failures: state.failures });
    throw lockedError(retryAfterSec);
  }
  throw new SwitchyardError('INVALID_PASSWORD', 'wrong password');
}

/**
 * POST /api/auth/password {currentPassword, newPassword}: change the management
 * password (admin). The current password goes through the same door as a login
 * (lockout, audit), so a stolen admin token cannot take the password over or
 * guess it faster than a login could. Every other dashboard session is logged
 * out; access tokens stay valid (they are revoked on their own).
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import { SwitchyardError } from '../core/index.js';
import { checkPassword, hashPassword, readCookie, SESSION_COOKIE, type Guard } from '../guard/index.js';
import { PASSWORD_SETTING } from '../storage/index.js';
import type { ApiEnv, ManagementDeps } from './types.js';
import { readBody } from './validate.js';

/** Shorter than the generated password (20 chars), long enough that the lockout makes guessing hopeless. */
export const MIN_PASSWORD_LENGTH = 12;

const schema = z
  .object({
    currentPassword: z.string().min(1).max(1024),
    newPassword: z.string().min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`).max(1024),
  })
  .strict();

export function registerPasswordChange(app: Hono<ApiEnv>, deps: ManagementDeps, guard: Guard): void {
  app.post('/api/auth/password', async (c) => {
    const body = await readBody(c, schema);
    if (body.newPassword === body.currentPassword) throw new SwitchyardError('VALIDATION_FAILED', 'newPassword: must differ from the current password');
    if (body.newPassword.trim() !== body.newPassword) throw new SwitchyardError('VALIDATION_FAILED', 'newPassword: no leading or trailing spaces');
    await checkPassword({ lockout: guard.lockout, settings: deps.repos.settings, audit: deps.audit }, c, body.currentPassword, 'auth.password_change');
    await deps.repos.settings.set(PASSWORD_SETTING, await hashPassword(body.newPassword));
    const own = c.get('principal').kind === 'session' ? readCookie(c.req.header('cookie'), SESSION_COOKIE) : undefined;
    await guard.sessions.destroyOthers(own);
    await deps.audit.record(c, 'auth.password_change', 'success');
    return c.json({ changed: true, otherSessionsLoggedOut: true });
  });
}

/**
 * Dashboard password login and logout (SPEC §2/§3). Login answers the CSRF
 * token the dashboard must send in `x-csrf-token` on every mutation; the
 * session itself travels only in an httpOnly, SameSite=Strict cookie.
 */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { checkPassword, CSRF_HEADER, readCookie, SESSION_COOKIE, sessionCookie, type Guard } from '../guard/index.js';
import type { ApiEnv, ManagementDeps } from './types.js';
import { readBody } from './validate.js';

const loginSchema = z.object({ password: z.string().min(1).max(1024) }).strict();

/** Secure when the browser reached us over https (directly, or through a TLS-terminating tunnel). */
function overHttps(c: Context, publicUrl: string | undefined): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  if (c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https') return true;
  if (!publicUrl?.startsWith('https:')) return false;
  const host = c.req.header('host')?.toLowerCase();
  return host !== undefined && host === new URL(publicUrl).host.toLowerCase();
}

export function registerAuth(app: Hono<ApiEnv>, deps: ManagementDeps, guard: Guard): void {
  app.post('/api/auth/login', async (c) => {
    const body = await readBody(c, loginSchema);
    await checkPassword({ lockout: guard.lockout, settings: deps.repos.settings, audit: deps.audit }, c, body.password, 'auth.login');
    const s = await guard.sessions.create();
    const maxAgeSec = Math.floor((s.expiresAt - Date.now()) / 1000);
    c.header('Set-Cookie', sessionCookie(s.cookieValue, { maxAgeSec, secure: overHttps(c, deps.config.publicUrl) }));
    c.header('Cache-Control', 'no-store');
    await deps.audit.record(c, 'auth.login', 'success');
    return c.json({ csrfToken: s.csrfToken, csrfHeader: CSRF_HEADER, expiresAt: new Date(s.expiresAt).toISOString() });
  });

  app.post('/api/auth/logout', async (c) => {
    const cookie = readCookie(c.req.header('cookie'), SESSION_COOKIE);
    // SameSite=Strict keeps other sites' requests from carrying the cookie, so no CSRF check here.
    const session = cookie === undefined ? undefined : await guard.sessions.get(cookie);
    if (cookie !== undefined) await guard.sessions.destroy(cookie);
    c.header('Set-Cookie', sessionCookie('', { maxAgeSec: 0, secure: overHttps(c, deps.config.publicUrl) }));
    if (session) await deps.audit.record(c, 'auth.logout', 'success', { session: session.id8 });
    return c.json({ loggedOut: true });
  });

  /** The dashboard after a reload: is the cookie still good, and what is its CSRF token? */
  app.get('/api/auth/session', async (c) => {
    const principal = c.get('principal');
    const cookie = readCookie(c.req.header('cookie'), SESSION_COOKIE);
    const session = principal.kind === 'session' && cookie !== undefined ? await guard.sessions.get(cookie) : undefined;
    c.header('Cache-Control', 'no-store');
    if (!session) return c.json({ session: false, kind: principal.kind, scope: principal.scope });
    return c.json({ session: true, kind: 'session', scope: principal.scope, csrfToken: session.csrfToken, expiresAt: new Date(session.expiresAt).toISOString() });
  });
}

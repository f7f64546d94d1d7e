/**
 * Dashboard sessions: an opaque 256-bit random cookie value, stored only as its
 * SHA-256, with a CSRF token the dashboard sends back in a header on every
 * mutation. The CSRF token is derived from the cookie value (SHA-256 with its
 * own label), so neither secret is kept in the database: the row holds hashes. The cookie is httpOnly, SameSite=Strict, expiring, and Secure
 * when the request came over https.
 */
import { createHash, randomBytes } from 'node:crypto';
import { safeEqual, sha256Hex } from '../../core/index.js';
import type { SessionRepo } from '../../storage/index.js';

export const SESSION_COOKIE = 'switchyard_session';
export const CSRF_HEADER = 'x-csrf-token';
export const SESSION_TTL_MS = 12 * 60 * 60_000;

export interface SessionInfo {
  /** First 8 chars of the id hash: what audit shows as `session:<id8>`. */
  id8: string;
  idHash: string;
  csrfToken: string;
  expiresAt: number;
}

export interface Sessions {
  create(): Promise<{ cookieValue: string; csrfToken: string; expiresAt: number }>;
  /** undefined for an unknown or expired session. Throws when the store cannot be read. */
  get(cookieValue: string): Promise<SessionInfo | undefined>;
  destroy(cookieValue: string): Promise<void>;
  /** Every session but the one this cookie names (or all of them). */
  destroyOthers(cookieValue: string | undefined): Promise<void>;
  csrfMatches(session: SessionInfo, presented: string | undefined): boolean;
}

/** Only the holder of the cookie can compute it; knowing it does not reveal the cookie. */
function csrfFor(cookieValue: string): string {
  return createHash('sha256').update(`switchyard-csrf-v1:${cookieValue}`).digest('base64url');
}

export function createSessions(repo: SessionRepo, now: () => number = Date.now): Sessions {
  return {
    async create() {
      const cookieValue = randomBytes(32).toString('base64url');
      const csrfToken = csrfFor(cookieValue);
      const expiresAt = now() + SESSION_TTL_MS;
      await repo.removeExpired(now());
      await repo.create({ idHash: sha256Hex(cookieValue), csrfToken: sha256Hex(csrfToken), expiresAt });
      return { cookieValue, csrfToken, expiresAt };
    },
    async get(cookieValue) {
      if (!/^[A-Za-z0-9_-]{43}$/.test(cookieValue)) return undefined;
      const idHash = sha256Hex(cookieValue);
      const s = await repo.get(idHash);
      if (!s || s.expiresAt <= now()) return undefined;
      return { id8: idHash.slice(0, 8), idHash, csrfToken: csrfFor(cookieValue), expiresAt: s.expiresAt };
    },
    async destroy(cookieValue) {
      await repo.remove(sha256Hex(cookieValue));
    },
    async destroyOthers(cookieValue) {
      await repo.removeAllExcept(cookieValue === undefined ? null : sha256Hex(cookieValue));
    },
    csrfMatches(session, presented) {
      return presented !== undefined && safeEqual(presented, session.csrfToken);
    },
  };
}

/** The value of one cookie from a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function sessionCookie(value: string, opts: { maxAgeSec: number; secure: boolean }): string {
  const attrs = [`${SESSION_COOKIE}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${opts.maxAgeSec}`];
  if (opts.secure) attrs.push('Secure');
  return attrs.join('; ');
}

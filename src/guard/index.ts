/**
 * The route guard. FIRST CUT: only the CLI machine token from loopback is
 * accepted; the full tier table, bearer tokens, sessions, lockout and audit
 * replace this (issue 3).
 */
import type { MiddlewareHandler } from 'hono';
import { CLI_TOKEN_HEADER, deriveCliToken, safeEqual } from '../core/index.js';
import type { GuardVariables, Principal } from './principal.js';

export type { GuardVariables, Principal } from './principal.js';
export { hashPassword, verifyPassword, generatePassword } from './credentials/password.js';
export { createAuditLog, type AuditLog } from './audit.js';

export interface GuardDeps {
  env?: NodeJS.ProcessEnv;
}

const PUBLIC = new Set(['/api/health']);

function peerOf(c: Parameters<MiddlewareHandler>[0]): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? '';
}

function isLoopbackAddress(a: string): boolean {
  return a.startsWith('127.') || a === '::1' || a.startsWith('::ffff:127.');
}

export function createGuard(deps: GuardDeps = {}): MiddlewareHandler<{ Variables: GuardVariables }> {
  const env = deps.env ?? process.env;
  const cliToken = env.SWITCHYARD_DISABLE_CLI_TOKEN === 'true' ? null : deriveCliToken();
  return async (c, next) => {
    const peer = peerOf(c);
    const loopback = isLoopbackAddress(peer);
    c.set('peer', peer);
    c.set('loopback', loopback);
    if (PUBLIC.has(c.req.path)) return next();
    const presented = c.req.header(CLI_TOKEN_HEADER);
    if (cliToken && loopback && presented && safeEqual(presented, cliToken)) {
      const principal: Principal = { kind: 'cli', id: null, scope: 'admin', actor: 'cli', expiresAt: null };
      c.set('principal', principal);
      return next();
    }
    return c.json({ error: { code: 'AUTH_REQUIRED', message: 'Authentication required' } }, 401);
  };
}

/**
 * Access tokens for the CLI and scripts (SPEC §2/§3): `connect` trades the
 * password for a token, `whoami` says who a credential is, and the tokens
 * routes list, mint, delegate and revoke. A token's plaintext leaves the
 * server exactly once, in the answer that creates it; only its SHA-256 is kept.
 */
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import {
  ACCESS_TOKEN_PREFIX,
  generateAccessToken,
  hashAccessToken,
  isScope,
  scopeCovers,
  SCOPES,
  SwitchyardError,
  VERSION,
  type AccessToken,
  type Scope,
} from '../core/index.js';
import { checkPassword, type Guard } from '../guard/index.js';
import type { ApiEnv, ManagementDeps } from './types.js';
import { readBody } from './validate.js';

const DAY_MS = 86_400_000;
export const DEFAULT_TOKEN_DAYS = 90;
/** Stored and shown: `sya_live_` plus four characters. */
const PREFIX_LENGTH = ACCESS_TOKEN_PREFIX.length + 4;

const name = z.string().trim().min(1).max(100);
const scope = z.enum(SCOPES);
const days = z.number().positive().max(3650);

const connectSchema = z
  .object({ password: z.string().min(1).max(1024), scope: scope.optional(), name: name.optional(), expiresInDays: days.optional() })
  .strict();
const createSchema = z.object({ name, scope, expiresInDays: days.nullable().optional() }).strict();
const delegateSchema = z.object({ name, scope, expiresInMinutes: z.number().int().positive().max(3650 * 1440) }).strict();

export type TokenView = Omit<AccessToken, 'tokenHash'> & { status: 'active' | 'revoked' | 'expired' };

/** What every listing shows: never the hash, the prefix masked. */
export function tokenView(t: AccessToken, now = Date.now()): TokenView {
  const { tokenHash: _hash, ...rest } = t;
  const status = t.revokedAt !== null ? 'revoked' : t.expiresAt !== null && t.expiresAt <= now ? 'expired' : 'active';
  return { ...rest, prefix: `${t.prefix}…`, status };
}

async function mint(
  deps: ManagementDeps,
  input: { name: string; scope: Scope; expiresAt: number | null; parentId: string | null },
): Promise<{ secret: string; token: AccessToken }> {
  const secret = generateAccessToken();
  const token = await deps.repos.tokens.create({ ...input, prefix: secret.slice(0, PREFIX_LENGTH), tokenHash: hashAccessToken(secret) });
  deps.events.emit('tokens');
  return { secret, token };
}

/** The answer that carries the secret: the only time it leaves the server. */
function created(c: Context, secret: string, token: AccessToken): Response {
  c.header('Cache-Control', 'no-store');
  return c.json({ ...tokenView(token), token: secret }, 201);
}

/** `tok_…` id, or the prefix shown in listings (with or without the ellipsis). */
async function findToken(deps: ManagementDeps, ref: string): Promise<AccessToken> {
  const byId = await deps.repos.tokens.get(ref);
  if (byId) return byId;
  const wanted = ref.replace(/\u2026$/, '');
  if (wanted.length >= PREFIX_LENGTH && wanted.startsWith(ACCESS_TOKEN_PREFIX)) {
    const matches = (await deps.repos.tokens.list()).filter((t) => wanted.startsWith(t.prefix));
    const active = matches.filter((t) => t.revokedAt === null);
    if (active.length > 1) throw new SwitchyardError('CONFLICT', `'${ref}' matches ${active.length} tokens; use the id`);
    const found = active[0] ?? matches[0];
    if (found) return found;
  }
  throw new SwitchyardError('NOT_FOUND', `no token '${ref}'`);
}

export function registerCliAuth(app: Hono<ApiEnv>, deps: ManagementDeps, guard: Guard): void {
  app.post('/api/cli/connect', async (c) => {
    const body = await readBody(c, connectSchema);
    await checkPassword({ lockout: guard.lockout, settings: deps.repos.settings, audit: deps.audit }, c, body.password, 'cli.connect');
    const tokenScope = body.scope ?? 'admin';
    const { secret, token } = await mint(deps, {
      name: body.name ?? `connect from ${c.get('peer') || 'unknown'}`,
      scope: tokenScope,
      expiresAt: Date.now() + Math.round((body.expiresInDays ?? DEFAULT_TOKEN_DAYS) * DAY_MS),
      parentId: null,
    });
    await deps.audit.record(c, 'cli.connect', 'success', { tokenId: token.id, prefix: `${token.prefix}…`, scope: tokenScope });
    return created(c, secret, token);
  });

  app.get('/api/cli/whoami', async (c) => {
    const p = c.get('principal');
    const token = p.kind === 'token' && p.id ? await deps.repos.tokens.get(p.id) : undefined;
    return c.json({
      kind: p.kind,
      actor: p.actor,
      scope: p.scope,
      expiresAt: p.expiresAt,
      ...(token ? { token: tokenView(token) } : {}),
      loopback: c.get('loopback'),
      server: { version: VERSION },
    });
  });

  app.get('/api/cli/tokens', async (c) => {
    const now = Date.now();
    return c.json({ tokens: (await deps.repos.tokens.list()).map((t) => tokenView(t, now)) });
  });

  app.post('/api/cli/tokens', async (c) => {
    const body = await readBody(c, createSchema);
    // Omitted → the default lifetime; an explicit null → a token that never expires.
    const expiresAt = body.expiresInDays === null ? null : Date.now() + Math.round((body.expiresInDays ?? DEFAULT_TOKEN_DAYS) * DAY_MS);
    const { secret, token } = await mint(deps, { name: body.name, scope: body.scope, expiresAt, parentId: null });
    await deps.audit.record(c, 'token.create', 'success', { tokenId: token.id, prefix: `${token.prefix}…`, scope: token.scope, name: token.name });
    return created(c, secret, token);
  });

  app.post('/api/cli/tokens/delegate', async (c) => {
    const body = await readBody(c, delegateSchema);
    const p = c.get('principal');
    if (p.kind === 'anonymous') throw new SwitchyardError('AUTH_REQUIRED', 'delegation needs a credential to delegate from');
    if (!isScope(body.scope) || !scopeCovers(p.scope, body.scope)) {
      await deps.audit.record(c, 'token.delegate', 'denied', { held: p.scope, wanted: body.scope });
      throw new SwitchyardError('INSUFFICIENT_SCOPE', `this token has scope '${p.scope}'; a child token cannot have '${body.scope}'`);
    }
    const expiresAt = Date.now() + body.expiresInMinutes * 60_000;
    if (p.expiresAt !== null && expiresAt > p.expiresAt) {
      throw new SwitchyardError('VALIDATION_FAILED', `expiresInMinutes: a child token cannot outlive its parent (expires ${new Date(p.expiresAt).toISOString()})`);
    }
    const parentId = p.kind === 'token' ? p.id : null;
    const { secret, token } = await mint(deps, { name: body.name, scope: body.scope, expiresAt, parentId });
    await deps.audit.record(c, 'token.create', 'success', { tokenId: token.id, prefix: `${token.prefix}…`, scope: token.scope, parentId, delegated: true });
    return created(c, secret, token);
  });

  app.delete('/api/cli/tokens/:id', async (c) => {
    const token = await findToken(deps, c.req.param('id'));
    // Revoking a token revokes every token delegated from it, transitively.
    const revoked = await deps.repos.tokens.revoke(token.id, Date.now());
    deps.events.emit('tokens');
    await deps.audit.record(c, 'token.revoke', 'success', { tokenId: token.id, prefix: `${token.prefix}…`, revoked, alreadyRevoked: token.revokedAt !== null });
    return c.json({ revoked, id: token.id, name: token.name, alreadyRevoked: token.revokedAt !== null });
  });
}

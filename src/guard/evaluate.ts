/**
 * The ordered pipeline of SPEC §3, free of HTTP framework types so each step
 * can be read against the spec:
 *   0. loopback request with a foreign Host → 403 HOST_NOT_ALLOWED (DNS rebinding), before anything else
 *   1. LOCAL_ONLY: loopback continues; remote admin bearer on a bypass prefix is allowed; else 403
 *   2. bearer (access token / OIDC JWT): scope covers → allow, else 403; invalid → 401 (one body)
 *   3. CLI machine token, loopback only → allow (admin)
 *   4. dashboard session (+ CSRF on mutations) → allow
 *   4b. a loopbackOpen route (`/metrics`) from loopback → anonymous read
 *   5. ALWAYS_PROTECTED or requireLogin → 401 AUTH_REQUIRED
 *   6. requireLogin = false → anonymous, loopback only
 * Any failure to read the credential store → 503, never allow.
 */
import { CLI_TOKEN_HEADER, INFERENCE_KEY_PREFIX, maskAccessToken, safeEqual, scopeCovers, type Scope } from '../core/index.js';
import type { TokenVerifier } from './credentials/access-tokens.js';
import type { OidcVerifier } from './credentials/oidc.js';
import { CSRF_HEADER, readCookie, SESSION_COOKIE, type Sessions } from './credentials/session.js';
import type { GuardSettings } from './guard-settings.js';
import type { Principal } from './principal.js';
import { classifyRoute } from './tiers.js';

export interface GuardRequest {
  method: string;
  path: string;
  /** Socket peer address (never a header). */
  peer: string;
  /** Already combines peer, forwarding headers and tunnel ingress. */
  loopback: boolean;
  hostAllowed: boolean;
  header(name: string): string | undefined;
}

export interface GuardContext {
  settings(): Promise<GuardSettings>;
  tokens: TokenVerifier;
  sessions: Sessions;
  /** null when SWITCHYARD_DISABLE_CLI_TOKEN=true. */
  cliToken: string | null;
  oidc?: OidcVerifier;
}

export interface AuditNote {
  event: string;
  outcome: 'success' | 'failure' | 'denied';
  details?: Record<string, unknown>;
}

export type Decision =
  | { allow: true; principal: Principal; audit?: AuditNote }
  | {
      allow: false;
      status: 401 | 403 | 503;
      body: { error: { code: string; message: string } };
      headers?: Record<string, string>;
      /** Who was refused, when known (a token refused for scope). */
      principal?: Principal;
      audit?: AuditNote;
    };

type Refusal = Extract<Decision, { allow: false }>;

const refuse = (status: Refusal['status'], code: string, message: string, extra: Partial<Refusal> = {}): Refusal => ({
  allow: false,
  status,
  body: { error: { code, message } },
  ...extra,
});

/** One body for every bad bearer — malformed, unknown, expired, revoked — so none can be told apart. */
export const INVALID_TOKEN_BODY = { error: { code: 'INVALID_TOKEN', message: 'Invalid or expired access token' } };
const invalidBearer = (audit?: AuditNote): Refusal => ({
  allow: false,
  status: 401,
  body: INVALID_TOKEN_BODY,
  headers: { 'WWW-Authenticate': 'Bearer' },
  ...(audit ? { audit } : {}),
});
export const AUTH_REQUIRED_BODY = { error: { code: 'AUTH_REQUIRED', message: 'Authentication required' } };
const storeUnavailable = (): Refusal =>
  refuse(503, 'CREDENTIAL_STORE_UNAVAILABLE', 'the credential store cannot be read; try again shortly', { headers: { 'Retry-After': '5' } });

function bearerOf(req: GuardRequest): string | undefined {
  const auth = req.header('authorization');
  const m = auth ? /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(auth) : null;
  return m?.[1];
}

const insufficient = (req: GuardRequest, principal: Principal, needed: Scope): Refusal =>
  refuse(403, 'INSUFFICIENT_SCOPE', `this token has scope '${principal.scope}'; ${req.method} ${req.path} needs '${needed}'`, {
    principal,
    audit: { event: 'guard.scope_denied', outcome: 'denied', details: { held: principal.scope, needed } },
  });

/** Step 2: an explicit bearer decides alone; `undefined` when there is none. */
async function evaluateBearer(req: GuardRequest, ctx: GuardContext, settings: GuardSettings): Promise<Principal | Refusal | undefined> {
  const bearer = bearerOf(req);
  if (bearer === undefined) return undefined;
  // Inference keys never authorize /api; the answer is the same as for any bad token.
  if (bearer.startsWith(INFERENCE_KEY_PREFIX)) return invalidBearer();
  if (ctx.oidc && settings.validationProfile === 'oidc_jwks' && bearer.split('.').length === 3) {
    const r = await ctx.oidc.verify(bearer, settings.oidc);
    if (r.ok) return { kind: 'oidc', id: r.subject, scope: r.scope, actor: `oidc:${r.subject}`, expiresAt: r.expiresAt };
    if (r.reason === 'unavailable') return storeUnavailable();
    return invalidBearer();
  }
  const check = await ctx.tokens.verify(bearer);
  if (!check.ok) {
    const audit: AuditNote | undefined =
      check.reason === 'revoked'
        ? { event: 'token.revoked_use', outcome: 'denied', details: { tokenId: check.token?.id, prefix: maskAccessToken(bearer) } }
        : undefined;
    return invalidBearer(audit);
  }
  const t = check.token;
  return { kind: 'token', id: t.id, scope: t.scope, actor: `token:${t.id}`, expiresAt: t.expiresAt };
}

async function evaluateUnsafe(req: GuardRequest, ctx: GuardContext): Promise<Decision> {
  if (req.loopback && !req.hostAllowed) {
    return refuse(403, 'HOST_NOT_ALLOWED', 'this Host is not allowed for local requests (DNS-rebinding protection)', {
      audit: { event: 'guard.host_denied', outcome: 'denied', details: { host: req.header('host')?.slice(0, 100) } },
    });
  }
  const route = classifyRoute(req.method, req.path);
  const anonymous: Principal = { kind: 'anonymous', id: null, scope: 'read', actor: 'anonymous', expiresAt: null };
  if (route.tier === 'PUBLIC') return { allow: true, principal: anonymous };
  const settings = await ctx.settings();

  // 1. LOCAL_ONLY
  if (route.tier === 'LOCAL_ONLY' && !req.loopback) {
    if (route.adminBypass && bearerOf(req) !== undefined) {
      const b = await evaluateBearer(req, ctx, settings);
      if (b && !('allow' in b) && scopeCovers(b.scope, 'admin')) return { allow: true, principal: b };
      if (b && 'allow' in b && b.status === 503) return b;
    }
    return refuse(403, 'LOCAL_ONLY', `${req.path} is available from this machine only`, {
      audit: { event: 'guard.local_only_denied', outcome: 'denied' },
    });
  }

  // 2. Bearer, before the CLI token.
  const b = await evaluateBearer(req, ctx, settings);
  if (b && 'allow' in b) return b;
  if (b) return scopeCovers(b.scope, route.scope) ? { allow: true, principal: b } : insufficient(req, b, route.scope);

  // 3. CLI machine token: loopback only, unless turned off. A wrong or remote
  // one is no credential at all: the request goes on to the session check.
  let cliNote: AuditNote | undefined;
  const cli = req.header(CLI_TOKEN_HEADER);
  if (cli !== undefined && ctx.cliToken && settings.cliTokenEnabled) {
    if (!req.loopback) {
      cliNote = { event: 'cli_token_auth', outcome: 'denied', details: { reason: 'not loopback' } };
    } else if (safeEqual(cli, ctx.cliToken)) {
      const principal: Principal = { kind: 'cli', id: null, scope: 'admin', actor: 'cli', expiresAt: null };
      // Reads are not audited (they would drown the log); every CLI-token mutation is.
      const mutating = route.scope !== 'read';
      return { allow: true, principal, ...(mutating ? { audit: { event: 'cli_token_auth', outcome: 'success' } } : {}) };
    } else {
      cliNote = { event: 'cli_token_auth', outcome: 'failure', details: { reason: 'wrong machine token' } };
    }
  }

  // 4. Dashboard session; mutations need the CSRF token in a header.
  const cookie = readCookie(req.header('cookie'), SESSION_COOKIE);
  if (cookie !== undefined) {
    const session = await ctx.sessions.get(cookie);
    if (session) {
      const principal: Principal = { kind: 'session', id: session.id8, scope: 'admin', actor: `session:${session.id8}`, expiresAt: session.expiresAt };
      const safe = req.method === 'GET' || req.method === 'HEAD';
      if (!safe && !ctx.sessions.csrfMatches(session, req.header(CSRF_HEADER))) {
        return refuse(403, 'CSRF_FAILED', `this request needs the session's CSRF token in the ${CSRF_HEADER} header`, {
          principal,
          audit: { event: 'guard.csrf_denied', outcome: 'denied' },
        });
      }
      return { allow: true, principal };
    }
  }

  // 4b. A route open to this machine (a local Prometheus has no credential); never beyond read.
  if (route.loopbackOpen && req.loopback && route.tier === 'MANAGEMENT' && route.scope === 'read') return { allow: true, principal: anonymous };

  // 5. / 6.
  if (route.tier === 'ALWAYS_PROTECTED' || settings.requireLogin || !req.loopback) {
    return refuse(401, 'AUTH_REQUIRED', AUTH_REQUIRED_BODY.error.message, cliNote ? { audit: cliNote } : {});
  }
  return { allow: true, principal: { ...anonymous, scope: 'admin' } };
}

export async function evaluate(req: GuardRequest, ctx: GuardContext): Promise<Decision> {
  try {
    return await evaluateUnsafe(req, ctx);
  } catch {
    // The store could not answer: refusing is the only safe outcome.
    return storeUnavailable();
  }
}

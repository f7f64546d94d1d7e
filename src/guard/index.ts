/**
 * The route guard: Hono middleware on `/api/*` that classifies the route,
 * decides loopback from the socket, and runs the ordered pipeline of
 * evaluate.ts. The services it builds (sessions, lockout, token verifier) are
 * shared with the credential routes so both see one state.
 */
import type { Socket } from 'node:net';
import type { Context, MiddlewareHandler } from 'hono';
import { deriveCliToken, type Config } from '../core/index.js';
import type { ChangeBus, Repos } from '../storage/index.js';
import type { AuditLog } from './audit.js';
import { createTokenVerifier, type TokenVerifier } from './credentials/access-tokens.js';
import { createOidcVerifier, type OidcVerifier } from './credentials/oidc.js';
import { createSessions, type Sessions } from './credentials/session.js';
import { evaluate, type GuardContext } from './evaluate.js';
import { createGuardSettings, type GuardSettingsSource } from './guard-settings.js';
import { createLockout, type Lockout } from './lockout.js';
import { configuredHosts, isAllowedLoopbackHost, isLoopbackRequest, isTunnelIngress } from './loopback.js';
import type { GuardVariables, Principal } from './principal.js';

export type { GuardVariables, Principal } from './principal.js';
export { hashPassword, verifyPassword, generatePassword } from './credentials/password.js';
export { createAuditLog, maskSecrets, type AuditLog } from './audit.js';
export { classifyRoute, inferScope, ROUTE_TABLE, type RouteClass, type RouteRule, type Tier } from './tiers.js';
export { markTunnelIngress, isLoopbackAddress, isForeignHostOnLoopback, configuredHosts } from './loopback.js';
export { CSRF_HEADER, SESSION_COOKIE, SESSION_TTL_MS, sessionCookie, readCookie, type Sessions } from './credentials/session.js';
export { TOKEN_CACHE_TTL_MS, type TokenVerifier } from './credentials/access-tokens.js';
export { LOCKOUT_DURATION_MS, LOCKOUT_MAX_FAILURES, LOCKOUT_WINDOW_MS, type Lockout } from './lockout.js';
export { SETTING_CLI_TOKEN_ENABLED, SETTING_OIDC, SETTING_REQUIRE_LOGIN, SETTING_VALIDATION_PROFILE } from './guard-settings.js';
export { AUTH_REQUIRED_BODY, INVALID_TOKEN_BODY } from './evaluate.js';
export { createOidcVerifier, oidcConfigSchema, scopeFromClaims, type OidcConfig, type OidcVerifier } from './credentials/oidc.js';

export interface GuardDeps {
  repos: Repos;
  config: Pick<Config, 'host' | 'publicUrl'>;
  events?: ChangeBus;
  audit?: AuditLog;
  env?: NodeJS.ProcessEnv;
  oidc?: OidcVerifier;
  onError?: (err: unknown) => void;
  /** Hosts allowed besides the configured ones, read per request (a running tunnel's hostname). */
  extraHosts?: () => ReadonlySet<string>;
  /** Each refusal of the guard, by its stable code (metrics); must not throw. */
  onDenied?: (code: string) => void;
  /** Each lockout an address earns (metrics); must not throw. */
  onLockout?: () => void;
}

export interface Guard {
  middleware: MiddlewareHandler<{ Variables: GuardVariables }>;
  sessions: Sessions;
  lockout: Lockout;
  tokens: TokenVerifier;
  settings: GuardSettingsSource;
}

type AnyContext = Context<{ Variables: GuardVariables }>;

function socketOf(c: AnyContext): Socket | undefined {
  return (c.env as { incoming?: { socket?: Socket } } | undefined)?.incoming?.socket;
}

/** The socket peer; a request without a socket (in-process `app.request`) is never loopback. */
export function peerOf(c: AnyContext): string {
  return socketOf(c)?.remoteAddress ?? '';
}

function headerNames(c: AnyContext): string[] {
  const incoming = (c.env as { incoming?: { headers?: Record<string, unknown> } } | undefined)?.incoming;
  if (incoming?.headers) return Object.keys(incoming.headers);
  return [...c.req.raw.headers.keys()];
}

export function createGuard(deps: GuardDeps): Guard {
  const env = deps.env ?? process.env;
  const cliToken = env.SWITCHYARD_DISABLE_CLI_TOKEN === 'true' ? null : deriveCliToken();
  const tokens = createTokenVerifier({ repo: deps.repos.tokens, events: deps.events, onError: deps.onError });
  const sessions = createSessions(deps.repos.sessions);
  const lockout = observeLockouts(createLockout(deps.repos.lockouts), deps.onLockout);
  const settings = createGuardSettings(deps.repos.settings, deps.events);
  const hosts = configuredHosts(deps.config);
  const oidc = deps.oidc ?? createOidcVerifier({ onError: deps.onError });
  const ctx: GuardContext = { settings: () => settings.get(), tokens, sessions, cliToken, oidc };

  const middleware: MiddlewareHandler<{ Variables: GuardVariables }> = async (c, next) => {
    const socket = socketOf(c);
    const peer = socket?.remoteAddress ?? '';
    const loopback = isLoopbackRequest(socket, headerNames(c));
    c.set('peer', peer);
    c.set('lockoutKey', isTunnelIngress(socket) ? `tunnel:${peer}` : peer);
    c.set('loopback', loopback);
    const decision = await evaluate(
      {
        method: c.req.method,
        path: c.req.path,
        peer,
        loopback,
        hostAllowed: isAllowedLoopbackHost(c.req.header('host'), hosts) || isAllowedLoopbackHost(c.req.header('host'), deps.extraHosts?.() ?? hosts),
        header: (name) => c.req.header(name),
      },
      ctx,
    );
    const principal: Principal | undefined = decision.principal;
    if (principal) c.set('principal', principal);
    if (decision.audit) await deps.audit?.record(c, decision.audit.event, decision.audit.outcome, decision.audit.details);
    if (decision.allow) return next();
    deps.onDenied?.(decision.body.error.code);
    for (const [k, v] of Object.entries(decision.headers ?? {})) c.header(k, v);
    return c.json(decision.body, decision.status);
  };
  return { middleware, sessions, lockout, tokens, settings };
}
export { checkPassword } from './password-gate.js';

/** Counts the attempts that start a lockout (one per lockout, whichever door the password came through). */
function observeLockouts(lockout: Lockout, onLockout: (() => void) | undefined): Lockout {
  if (!onLockout) return lockout;
  return {
    check: (address) => lockout.check(address),
    async attempt(address, verify) {
      const r = await lockout.attempt(address, verify);
      if (!r.ok && r.locked && r.lockedNow) onLockout();
      return r;
    },
  };
}

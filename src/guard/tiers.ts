/**
 * The static route table of SPEC §2/§3: every management route's tier and the
 * scope it needs. One table, evaluated before any other branch of the guard.
 *
 * A path that matches no row is still guarded (MANAGEMENT, scope from the
 * method), but the route-enumeration test fails for any *registered* route
 * without a row here: a new route cannot ship unclassified.
 */
import type { Scope } from '../core/index.js';

export type Tier = 'PUBLIC' | 'LOCAL_ONLY' | 'ALWAYS_PROTECTED' | 'MANAGEMENT';

export interface RouteRule {
  /** `/api/keys/:id` (one segment), `/api/mcp/*` (the prefix itself and anything under it). */
  pattern: string;
  /** Methods this row covers; absent → all. */
  methods?: readonly string[];
  tier?: Tier;
  /** Absent → inferred: GET/HEAD → read, anything else → write. */
  scope?: Scope;
  /** LOCAL_ONLY prefixes a remote admin bearer may still reach (SPEC §3: today only /api/mcp/). */
  adminBypass?: boolean;
  /** A loopback caller needs no credential even with requireLogin (SPEC §8: `/metrics` is "read scope, or loopback"). */
  loopbackOpen?: boolean;
}

const MUTATE = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** First match wins, so specific rows come before general ones. */
export const ROUTE_TABLE: readonly RouteRule[] = [
  // Public: no credential; what each does is gated by its handler (password, lockout).
  { pattern: '/api/health', methods: ['GET', 'HEAD'], tier: 'PUBLIC' },
  { pattern: '/api/ready', methods: ['GET', 'HEAD'], tier: 'PUBLIC' },
  { pattern: '/api/auth/login', methods: ['POST'], tier: 'PUBLIC' },
  // Logout only destroys the session its own cookie names; with no session it is a no-op.
  { pattern: '/api/auth/logout', methods: ['POST'], tier: 'PUBLIC' },
  { pattern: '/api/cli/connect', methods: ['POST'], tier: 'PUBLIC' },

  // LOCAL_ONLY: routes that spawn processes or run code.
  // Entering needs only read: each tool's inner API call is guarded by its own route's scope.
  // A remote caller still needs an admin bearer (the bypass checks admin itself).
  { pattern: '/api/mcp/*', tier: 'LOCAL_ONLY', scope: 'read', adminBypass: true },
  { pattern: '/api/tunnels/tailscale/install', tier: 'LOCAL_ONLY', scope: 'admin' },
  { pattern: '/api/tunnels/tailscale/start-daemon', tier: 'LOCAL_ONLY', scope: 'admin' },

  // ALWAYS_PROTECTED: a credential even when requireLogin is false.
  { pattern: '/api/shutdown', tier: 'ALWAYS_PROTECTED', scope: 'admin' },
  { pattern: '/api/settings/database', tier: 'ALWAYS_PROTECTED', scope: 'admin' },

  // Credentials.
  { pattern: '/api/auth/session', methods: ['GET', 'HEAD'] },
  // Also asks for the current password (through the lockout), so a stolen admin token cannot take the password over.
  { pattern: '/api/auth/password', methods: ['POST'], scope: 'admin' },
  { pattern: '/api/cli/whoami', methods: ['GET', 'HEAD'] },
  // Any valid credential may delegate; the handler bounds the child by the caller.
  { pattern: '/api/cli/tokens/delegate', methods: ['POST'], scope: 'read' },
  { pattern: '/api/cli/tokens', scope: 'admin' },
  { pattern: '/api/cli/tokens/:id', scope: 'admin' },

  // Providers: reading is read, testing is write, every other mutation admin.
  { pattern: '/api/providers/status', methods: ['GET', 'HEAD'] },
  { pattern: '/api/providers/:id/test', methods: ['POST'] },
  { pattern: '/api/providers/:id/sync', methods: ['POST'], scope: 'admin' },
  { pattern: '/api/providers', methods: ['GET', 'HEAD'] },
  { pattern: '/api/providers', methods: MUTATE, scope: 'admin' },
  { pattern: '/api/providers/:id', methods: ['GET', 'HEAD'] },
  { pattern: '/api/providers/:id', methods: MUTATE, scope: 'admin' },
  { pattern: '/api/presets/*', methods: ['GET', 'HEAD'] },

  { pattern: '/api/models/*', methods: ['GET', 'HEAD'] },
  { pattern: '/api/keys' },
  { pattern: '/api/keys/:id' },
  { pattern: '/api/combos' },
  { pattern: '/api/combos/:name' },
  // PATCH is write; the handler asks for admin when a security setting changes.
  { pattern: '/api/settings' },
  { pattern: '/api/settings/security', scope: 'admin' },
  { pattern: '/api/usage', methods: ['GET', 'HEAD'] },
  { pattern: '/api/cost', methods: ['GET', 'HEAD'] },
  { pattern: '/api/logs/*', methods: ['GET', 'HEAD'] },
  { pattern: '/api/audit/*', scope: 'admin' },
  { pattern: '/api/tunnels/*', scope: 'admin' },

  // Outside /api, guarded all the same: a local Prometheus scrapes without a token; from elsewhere, read scope.
  { pattern: '/metrics', methods: ['GET', 'HEAD'], scope: 'read', loopbackOpen: true },
  { pattern: '/metrics', scope: 'read' },
];

export interface RouteClass {
  tier: Tier;
  scope: Scope;
  adminBypass: boolean;
  loopbackOpen: boolean;
  /** The row that matched; null → the default for unlisted paths. */
  rule: RouteRule | null;
}

export function inferScope(method: string): Scope {
  return method === 'GET' || method === 'HEAD' ? 'read' : 'write';
}

function compile(pattern: string): RegExp {
  const wildcard = pattern.endsWith('/*');
  const base = wildcard ? pattern.slice(0, -2) : pattern;
  const body = base
    .split('/')
    .map((seg) => (seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${body}${wildcard ? '(?:/.*)?' : ''}$`);
}

const COMPILED = ROUTE_TABLE.map((rule) => ({ rule, re: compile(rule.pattern) }));

function classifyExact(method: string, path: string): RouteClass {
  for (const { rule, re } of COMPILED) {
    if (rule.methods && !rule.methods.includes(method)) continue;
    if (!re.test(path)) continue;
    return { tier: rule.tier ?? 'MANAGEMENT', scope: rule.scope ?? inferScope(method), adminBypass: rule.adminBypass === true, loopbackOpen: rule.loopbackOpen === true, rule };
  }
  return { tier: 'MANAGEMENT', scope: inferScope(method), adminBypass: false, loopbackOpen: false, rule: null };
}

/**
 * The path as a lenient router might see it: percent-decoded, duplicate and
 * trailing slashes removed, lower case. Used only to make classification stricter.
 */
export function canonicalPath(path: string): string {
  let p = path;
  try {
    p = decodeURIComponent(p);
  } catch {
    // Malformed escapes: classify the raw form.
  }
  p = p.replace(/\/{2,}/g, '/').toLowerCase();
  return p.length > 1 ? p.replace(/\/+$/, '') : p;
}

const TIER_RANK: Record<Tier, number> = { PUBLIC: 0, MANAGEMENT: 1, ALWAYS_PROTECTED: 2, LOCAL_ONLY: 3 };
const SCOPE_RANK: Record<Scope, number> = { read: 0, write: 1, admin: 2 };

/**
 * Tier and scope of a request. The path is classified as given and in its
 * canonical form, and the stricter answer wins, so `/api//shutdown/` or
 * `/api/%73hutdown` can never be weaker than `/api/shutdown`.
 */
export function classifyRoute(method: string, path: string): RouteClass {
  const m = method.toUpperCase();
  const a = classifyExact(m, path);
  const canon = canonicalPath(path);
  if (canon === path) return a;
  const b = classifyExact(m, canon);
  const tierWinner = TIER_RANK[b.tier] > TIER_RANK[a.tier] ? b : a;
  const scope = SCOPE_RANK[b.scope] > SCOPE_RANK[a.scope] ? b.scope : a.scope;
  // A bypass (or an open door for loopback) holds only when both readings agree on it.
  return { ...tierWinner, scope, adminBypass: a.adminBypass && b.adminBypass, loopbackOpen: a.loopbackOpen && b.loopbackOpen };
}

import type { Scope } from '../core/index.js';

/** Who a management request acts as, once the guard has let it through. */
export interface Principal {
  kind: 'token' | 'oidc' | 'cli' | 'session' | 'anonymous';
  /** token id, OIDC subject, session id prefix; null for cli/anonymous */
  id: string | null;
  scope: Scope;
  /** For audit: `token:<id>`, `session:<id8>`, `cli`, `oidc:<sub>`, `anonymous`. */
  actor: string;
  /** Token expiry, for delegation (child expiry ≤ parent's). */
  expiresAt: number | null;
}

/** Hono context variables the guard sets. */
export interface GuardVariables {
  principal: Principal;
  /** Socket peer address (never a header). */
  peer: string;
  /**
   * Whose failed passwords count together: the peer, or `tunnel:<peer>` for tunnel
   * ingress traffic, which all arrives from 127.0.0.1 and must not lock out this machine.
   */
  lockoutKey: string;
  loopback: boolean;
}

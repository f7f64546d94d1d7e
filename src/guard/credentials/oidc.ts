/** OIDC bearer JWTs (auth.validationProfile = "oidc_jwks"). */
import type { Scope } from '../../core/index.js';

export type OidcCheck =
  | { ok: true; subject: string; scope: Scope; expiresAt: number | null }
  | { ok: false; reason: 'invalid' | 'unavailable' };

export interface OidcVerifier {
  verify(jwt: string, config: unknown): Promise<OidcCheck>;
}

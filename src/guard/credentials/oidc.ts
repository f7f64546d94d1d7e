/**
 * OIDC bearer JWTs (setting `auth.validationProfile = "oidc_jwks"`, config in
 * `auth.oidc`): verified with jose against the issuer's JWKS — issuer,
 * audience, an algorithm allow-list and a required `exp` (jose accepts a token
 * without one by default). The key set is cached with a cooldown so a flood of
 * unknown `kid`s cannot hammer the IdP. A JWKS outage answers 503, never allow.
 * jose is imported on first use so start-up does not pay for it.
 */
import { z } from 'zod';
import { SCOPES, scopeCovers, type Scope } from '../../core/index.js';

export type OidcCheck =
  | { ok: true; subject: string; scope: Scope; expiresAt: number | null }
  | { ok: false; reason: 'invalid' | 'unavailable' };

export interface OidcVerifier {
  verify(jwt: string, config: unknown): Promise<OidcCheck>;
}

export const oidcConfigSchema = z
  .object({
    issuer: z.string().min(1),
    audience: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
    jwksUri: z.url(),
    /** Never `none`, never HMAC: the IdP's public keys are all we hold. */
    algorithms: z.array(z.enum(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'])).min(1).default(['RS256', 'ES256']),
  })
  .strict();

export type OidcConfig = z.infer<typeof oidcConfigSchema>;

/** `scope: "openid switchyard:write"` or `scp: ["read"]` → the highest Switchyard scope named. */
export function scopeFromClaims(claims: Record<string, unknown>): Scope | undefined {
  const raw = [claims.scope, claims.scp].flatMap((v) => (typeof v === 'string' ? v.split(/\s+/) : Array.isArray(v) ? v : []));
  let best: Scope | undefined;
  for (const item of raw) {
    if (typeof item !== 'string') continue;
    const name = item.replace(/^switchyard[:.]/, '');
    const s = SCOPES.find((x) => x === name);
    if (s && (!best || scopeCovers(s, best))) best = s;
  }
  return best;
}

/** Thrown around any failure to obtain keys other than "no such key": the IdP is unreachable or broken. */
class JwksUnavailable extends Error {}

type KeyGetter = (header: unknown, token: unknown) => Promise<unknown>;

export function createOidcVerifier(opts: { onError?: (err: unknown) => void } = {}): OidcVerifier {
  const sets = new Map<string, KeyGetter>();

  async function keysFor(uri: string): Promise<KeyGetter> {
    const known = sets.get(uri);
    if (known) return known;
    const { createRemoteJWKSet } = await import('jose');
    const remote = createRemoteJWKSet(new URL(uri), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000, timeoutDuration: 5000 });
    const getter: KeyGetter = async (header, token) => {
      try {
        return await (remote as unknown as KeyGetter)(header, token);
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        if (code === 'ERR_JWKS_NO_MATCHING_KEY' || code === 'ERR_JWKS_MULTIPLE_MATCHING_KEYS') throw err;
        throw new JwksUnavailable('JWKS unavailable', { cause: err });
      }
    };
    sets.set(uri, getter);
    return getter;
  }

  return {
    async verify(jwt, rawConfig) {
      const parsed = oidcConfigSchema.safeParse(rawConfig);
      if (!parsed.success) {
        // Misconfigured: refuse with 503 rather than guess.
        opts.onError?.(new Error('auth.oidc is missing or invalid while auth.validationProfile is oidc_jwks'));
        return { ok: false, reason: 'unavailable' };
      }
      const cfg = parsed.data;
      try {
        const { jwtVerify } = await import('jose');
        const keys = await keysFor(cfg.jwksUri);
        const { payload } = await jwtVerify(jwt, keys as Parameters<typeof jwtVerify>[1], {
          issuer: cfg.issuer,
          audience: cfg.audience,
          algorithms: cfg.algorithms,
          requiredClaims: ['exp'],
        });
        const scope = scopeFromClaims(payload as Record<string, unknown>);
        if (!scope || typeof payload.sub !== 'string' || payload.sub === '') return { ok: false, reason: 'invalid' };
        return { ok: true, subject: payload.sub, scope, expiresAt: typeof payload.exp === 'number' ? payload.exp * 1000 : null };
      } catch (err) {
        if (err instanceof JwksUnavailable || (err as { cause?: unknown }).cause instanceof JwksUnavailable) {
          opts.onError?.(err);
          return { ok: false, reason: 'unavailable' };
        }
        return { ok: false, reason: 'invalid' };
      }
    },
  };
}

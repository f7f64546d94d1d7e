import type { Hono } from 'hono';
import { z } from 'zod';
import { SwitchyardError, scopeCovers } from '../core/index.js';
import { oidcConfigSchema } from '../guard/credentials/oidc.js';
import { SETTING_CLI_TOKEN_ENABLED, SETTING_OIDC, SETTING_REQUIRE_LOGIN, SETTING_VALIDATION_PROFILE } from '../guard/index.js';
import type { ApiEnv, ManagementDeps } from './types.js';
import { readBody } from './validate.js';

/**
 * The settings a caller may read and change, each with its default. Security
 * settings need admin scope even though PATCH /api/settings needs only write.
 * Anything else in the settings table (the password hash, …) is never shown.
 */
export const SETTINGS = {
  /** false: anonymous requests from loopback are allowed (never ALWAYS_PROTECTED routes). */
  [SETTING_REQUIRE_LOGIN]: { schema: z.boolean(), default: true, security: true },
  /** false: the CLI machine token is refused even from loopback. */
  [SETTING_CLI_TOKEN_ENABLED]: { schema: z.boolean(), default: true, security: true },
  /** `tokens` (access tokens) or `oidc_jwks` (bearer JWTs verified against the issuer's JWKS; see auth.oidc). */
  [SETTING_VALIDATION_PROFILE]: { schema: z.enum(['tokens', 'oidc_jwks']), default: 'tokens', security: true },
  /** The IdP for oidc_jwks: issuer, audience, jwksUri, algorithms; null clears it. */
  [SETTING_OIDC]: { schema: oidcConfigSchema.nullable(), default: null, security: true },
  /** A label for this instance, shown by the dashboard. */
  instanceName: { schema: z.string().trim().max(64), default: '', security: false },
} as const;

type SettingKey = keyof typeof SETTINGS;
const KEYS = Object.keys(SETTINGS) as SettingKey[];

const patchSchema = z
  .object(Object.fromEntries(KEYS.map((k) => [k, SETTINGS[k].schema.optional()])) as { [K in SettingKey]: z.ZodOptional<(typeof SETTINGS)[K]['schema']> })
  .strict();

export async function readSettings(deps: ManagementDeps): Promise<Record<SettingKey, unknown>> {
  const stored = await deps.repos.settings.all();
  return Object.fromEntries(KEYS.map((k) => [k, stored[k] ?? SETTINGS[k].default])) as Record<SettingKey, unknown>;
}

export function registerSettings(app: Hono<ApiEnv>, deps: ManagementDeps): void {
  app.get('/api/settings', async (c) => c.json({ settings: await readSettings(deps) }));

  app.patch('/api/settings', async (c) => {
    const body = await readBody(c, patchSchema);
    const changed = KEYS.filter((k) => body[k] !== undefined);
    if (changed.length === 0) throw new SwitchyardError('VALIDATION_FAILED', `body: no setting given (known: ${KEYS.join(', ')})`);
    const security = changed.filter((k) => SETTINGS[k].security);
    const principal = c.get('principal');
    if (security.length && !scopeCovers(principal.scope, 'admin')) {
      await deps.audit.record(c, 'settings.update', 'denied', { keys: changed });
      throw new SwitchyardError(
        'INSUFFICIENT_SCOPE',
        `this token has scope '${principal.scope}'; changing ${security.join(', ')} needs 'admin'`,
      );
    }
    for (const k of changed) await deps.repos.settings.set(k, body[k]);
    deps.events.emit('settings');
    await deps.audit.record(c, 'settings.update', 'success', { keys: changed, ...Object.fromEntries(changed.map((k) => [k, body[k]])) });
    return c.json({ settings: await readSettings(deps) });
  });
}

/**
 * The settings the guard reads on every request, cached until a settings
 * change (events 'settings') or a short TTL (another instance may change them).
 */
import type { ChangeBus, SettingsRepo } from '../storage/index.js';

/** Keys in the settings table (the management settings route owns the writes). */
export const SETTING_REQUIRE_LOGIN = 'requireLogin';
export const SETTING_CLI_TOKEN_ENABLED = 'cliTokenEnabled';
export const SETTING_VALIDATION_PROFILE = 'auth.validationProfile';
export const SETTING_OIDC = 'auth.oidc';

export interface GuardSettings {
  requireLogin: boolean;
  cliTokenEnabled: boolean;
  validationProfile: 'tokens' | 'oidc_jwks';
  oidc: unknown;
}

const TTL_MS = 1000;

export function createGuardSettings(repo: SettingsRepo, events?: ChangeBus, now: () => number = Date.now) {
  let cached: { value: GuardSettings; at: number } | undefined;
  events?.on('settings', () => (cached = undefined));
  return {
    /** Throws when the store cannot be read: the guard answers 503 then. */
    async get(): Promise<GuardSettings> {
      if (cached && now() - cached.at < TTL_MS) return cached.value;
      const all = await repo.all();
      const value: GuardSettings = {
        // Anything but an explicit false keeps login required.
        requireLogin: all[SETTING_REQUIRE_LOGIN] !== false,
        cliTokenEnabled: all[SETTING_CLI_TOKEN_ENABLED] !== false,
        validationProfile: all[SETTING_VALIDATION_PROFILE] === 'oidc_jwks' ? 'oidc_jwks' : 'tokens',
        oidc: all[SETTING_OIDC],
      };
      cached = { value, at: now() };
      return value;
    },
  };
}

export type GuardSettingsSource = ReturnType<typeof createGuardSettings>;

import { generatePassword, hashPassword } from '../guard/credentials/password.js';
import { PASSWORD_SETTING, type SettingsRepo } from '../storage/index.js';

export { PASSWORD_SETTING };

/**
 * First start: store a scrypt hash of SWITCHYARD_PASSWORD, or of a generated
 * password that is returned so the caller can print it once.
 */
export async function bootstrapPassword(
  settings: SettingsRepo,
  envPassword: string | undefined,
): Promise<{ generated: string | null }> {
  if (await settings.get(PASSWORD_SETTING)) return { generated: null };
  const password = envPassword || generatePassword();
  await settings.set(PASSWORD_SETTING, await hashPassword(password));
  return { generated: envPassword ? null : password };
}

/**
 * What `configure codex` writes into $CODEX_HOME, as pure text transforms:
 * the `[model_providers.switchyard]` table of config.toml and the profile file
 * `<name>.config.toml` that `codex --profile <name>` layers on top of it.
 */
import { CliError, EXIT } from '../../exit-codes.js';
import { parseTomlOrFail, setTopLevelKeys, tomlString, upsertTable } from './toml-text.js';

/** The model-provider key in Codex's config; SPEC §4 names it. */
export const CODEX_PROVIDER_KEY = 'switchyard';
/** Codex reads the inference key from this variable; the key itself is never written. */
export const CODEX_ENV_KEY = 'SWITCHYARD_API_KEY';

const MANAGED = '# Written by `switchyard configure codex`; rewritten on each run. The key comes from $' + CODEX_ENV_KEY + '.';

export function providerTable(baseUrl: string): string {
  return [
    `[model_providers.${CODEX_PROVIDER_KEY}]`,
    MANAGED,
    'name = "Switchyard"',
    `base_url = ${tomlString(baseUrl)}`,
    `env_key = ${tomlString(CODEX_ENV_KEY)}`,
    'wire_api = "responses"',
    '',
  ].join('\n');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function ourTable(doc: Record<string, unknown>): Record<string, unknown> | undefined {
  const providers = doc.model_providers;
  return isRecord(providers) && isRecord(providers[CODEX_PROVIDER_KEY]) ? providers[CODEX_PROVIDER_KEY] : undefined;
}

/** config.toml with our table replaced or appended; every other line of the user's file kept. */
export function mergeCodexConfig(existing: string, file: string, baseUrl: string): string {
  parseTomlOrFail(existing, file);
  const merged = upsertTable(existing, ['model_providers', CODEX_PROVIDER_KEY], providerTable(baseUrl));
  let doc: Record<string, unknown>;
  try {
    doc = parseTomlOrFail(merged, file);
  } catch {
    // The user's file defines our provider in a form a line edit cannot replace
    // (an inline table or dotted keys): say so instead of guessing.
    throw new CliError(
      `${file} defines model_providers.${CODEX_PROVIDER_KEY} in a form this command cannot edit (inline table or dotted keys). ` +
        `Remove that definition and run this again; nothing was changed.`,
      EXIT.error,
    );
  }
  const table = ourTable(doc);
  if (table?.base_url !== baseUrl || table.env_key !== CODEX_ENV_KEY || table.wire_api !== 'responses') {
    throw new CliError(`could not update ${file} safely; nothing was changed`, EXIT.error);
  }
  return merged;
}

/** `<name>.config.toml`: sets `model_provider` and `model`, keeps anything else the user put there. */
export function mergeCodexProfile(existing: string, file: string, name: string, model: string): string {
  parseTomlOrFail(existing, file);
  const merged = setTopLevelKeys(
    existing,
    { model_provider: tomlString(CODEX_PROVIDER_KEY), model: tomlString(model) },
    `# Codex profile written by \`switchyard configure codex\`. Use it: codex --profile ${name}`,
  );
  const doc = parseTomlOrFail(merged, file);
  if (doc.model_provider !== CODEX_PROVIDER_KEY || doc.model !== model) {
    throw new CliError(`could not update ${file} safely; nothing was changed`, EXIT.error);
  }
  return merged;
}

/** A profile name becomes a file name: keep it to a safe alphabet. */
export function checkProfileName(name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name) || name.endsWith('.') || name === 'config') {
    throw new CliError(`--name must be 1-64 letters, digits, '.', '_' or '-' (and not 'config'), got '${name}'`, EXIT.usage);
  }
  return name;
}

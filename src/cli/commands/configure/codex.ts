/** `switchyard configure codex [--provider P --model p/m --name NAME]` (SPEC §4). */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { RunContext } from '../../command-spec.js';
import { optString } from '../../parse.js';
import { CODEX_ENV_KEY, CODEX_PROVIDER_KEY, checkProfileName, mergeCodexConfig, mergeCodexProfile } from './codex-config.js';
import { askName, loadCatalog, pickModel, requireFlag } from './pick-model.js';
import { readIfExists, writePrivateFile } from './private-file.js';

export function codexHome(env: NodeJS.ProcessEnv): string {
  return env.CODEX_HOME || join(homedir(), '.codex');
}

export async function run(ctx: RunContext): Promise<void> {
  const provider = optString(ctx.opts, 'provider');
  const modelFlag = optString(ctx.opts, 'model');
  const nameFlag = optString(ctx.opts, 'name');
  requireFlag(ctx, modelFlag, '--model', 'glm/glm-5.2');
  requireFlag(ctx, nameFlag, '--name', 'glm');
  if (nameFlag !== undefined) checkProfileName(nameFlag);

  const catalog = await loadCatalog(ctx);
  const model = await pickModel(ctx, catalog, { provider, model: modelFlag });
  const name = checkProfileName(await askName(ctx, nameFlag, CODEX_PROVIDER_KEY));

  const home = codexHome(ctx.env);
  const configFile = join(home, 'config.toml');
  const profileFile = join(home, `${name}.config.toml`);
  const baseUrl = `${ctx.client().url}/v1`;
  // Both merges are computed (and validated) before either file is written.
  const config = mergeCodexConfig(readIfExists(configFile), configFile, baseUrl);
  const profile = mergeCodexProfile(readIfExists(profileFile), profileFile, name, model);
  writePrivateFile(configFile, config);
  writePrivateFile(profileFile, profile);

  const result = { configFile, profileFile, provider: CODEX_PROVIDER_KEY, baseUrl, envKey: CODEX_ENV_KEY, model, profile: name };
  if (ctx.out.json) return ctx.out.data(result);
  ctx.out.success(`[model_providers.${CODEX_PROVIDER_KEY}] → ${baseUrl} in ${configFile}`);
  ctx.out.success(`profile '${name}' (model ${model}) in ${profileFile}`);
  ctx.out.line();
  ctx.out.line(`Codex reads your Switchyard inference key from $${CODEX_ENV_KEY} (never written to disk):`);
  ctx.out.line(`  export ${CODEX_ENV_KEY}=sk-sy-…      # make one: switchyard keys add --name codex`);
  ctx.out.line();
  ctx.out.line(`Use it:  codex --profile ${name}`);
}

/** `switchyard configure claude [--provider P --model p/m]`: Claude Code's settings.json, never the key. */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { RunContext } from '../../command-spec.js';
import { optString } from '../../parse.js';
import { CLAUDE_KEY_VAR, mergeClaudeSettings } from './claude-settings.js';
import { loadCatalog, pickModel, requireFlag } from './pick-model.js';
import { readIfExists, writePrivateFile } from './private-file.js';

/** Where Claude Code reads its user settings: $CLAUDE_CONFIG_DIR, else ~/.claude. */
export function claudeSettingsFile(env: NodeJS.ProcessEnv): string {
  return join(env.CLAUDE_CONFIG_DIR || join(homedir(), '.claude'), 'settings.json');
}

export async function run(ctx: RunContext): Promise<void> {
  const provider = optString(ctx.opts, 'provider');
  const modelFlag = optString(ctx.opts, 'model');
  requireFlag(ctx, modelFlag, '--model', 'glm/glm-5.2');

  const catalog = await loadCatalog(ctx);
  const model = await pickModel(ctx, catalog, { provider, model: modelFlag });

  const file = claudeSettingsFile(ctx.env);
  // Claude Code appends /v1/messages itself, so the base URL is the server's root.
  const baseUrl = ctx.client().url;
  const merged = mergeClaudeSettings(readIfExists(file), file, baseUrl, model);
  writePrivateFile(file, merged.text);

  if (ctx.out.json) return ctx.out.data({ settingsFile: file, baseUrl, model, keyEnv: CLAUDE_KEY_VAR });
  ctx.out.success(`Claude Code → ${baseUrl} (model ${model}) in ${file}`);
  for (const where of merged.keyVarsInFile) {
    ctx.out.warn(`${file} also sets ${where}: Claude Code would send that credential to Switchyard. Remove it to use a Switchyard key.`);
  }
  ctx.out.line();
  ctx.out.line('Give Claude Code your Switchyard inference key in the environment (never written to disk):');
  ctx.out.line(`  export ${CLAUDE_KEY_VAR}=sk-sy-…      # make one: switchyard keys add --name claude`);
  ctx.out.line();
  ctx.out.line('Use it:  claude');
}

/**
 * What `configure claude` writes: the `env` block of Claude Code's
 * settings.json, merged into whatever the file already holds. Claude Code
 * applies `env` to every session, so `claude` alone then talks to Switchyard.
 */
import { CliError, EXIT } from '../../exit-codes.js';

/**
 * Every model alias Claude Code may use (main loop, `/model opus|sonnet`, and
 * the small/fast model for titles and summaries) points at the chosen model:
 * a Claude model name Switchyard does not know would otherwise 404.
 */
export const CLAUDE_MODEL_VARS = ['ANTHROPIC_MODEL', 'ANTHROPIC_DEFAULT_OPUS_MODEL', 'ANTHROPIC_DEFAULT_SONNET_MODEL', 'ANTHROPIC_DEFAULT_HAIKU_MODEL'] as const;
/** Claude Code sends this as `Authorization: Bearer`, without the confirmation prompt ANTHROPIC_API_KEY gets. */
export const CLAUDE_KEY_VAR = 'ANTHROPIC_AUTH_TOKEN';
const KEY_VARS = ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export interface ClaudeMerge {
  text: string;
  /** Credentials the user's settings already hold (`env.ANTHROPIC_API_KEY`, `apiKeyHelper`): Claude Code would send them to Switchyard. */
  keyVarsInFile: string[];
}

export function mergeClaudeSettings(existing: string, file: string, baseUrl: string, model: string): ClaudeMerge {
  let doc: unknown = {};
  if (existing.trim() !== '') {
    try {
      doc = JSON.parse(existing);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new CliError(`${file} is not valid JSON (${why}). Fix it, then run this again; nothing was changed.`, EXIT.error);
    }
  }
  if (!isRecord(doc)) throw new CliError(`${file} does not hold a JSON object; nothing was changed`, EXIT.error);
  if (doc.env !== undefined && !isRecord(doc.env)) throw new CliError(`${file}: "env" is not an object; nothing was changed`, EXIT.error);
  const env: Record<string, unknown> = { ...(doc.env ?? {}) };
  env.ANTHROPIC_BASE_URL = baseUrl;
  for (const v of CLAUDE_MODEL_VARS) env[v] = model;
  const keyVarsInFile = KEY_VARS.filter((k) => typeof env[k] === 'string' && env[k] !== '').map((k) => `env.${k}`);
  if (typeof doc.apiKeyHelper === 'string') keyVarsInFile.push('apiKeyHelper');
  return { text: JSON.stringify({ ...doc, env }, null, 2) + '\n', keyVarsInFile };
}

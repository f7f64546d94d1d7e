import type { ChatUsage } from '../../core/index.js';

/**
 * DeepSeek reports its cache reads as `prompt_cache_hit_tokens` (older deployments only there); the client's
 * formats read `prompt_tokens_details.cached_tokens`, so the count is copied there when it is missing.
 */
export function withCachedTokens(usage: unknown): void {
  if (!usage || typeof usage !== 'object') return;
  const u = usage as ChatUsage & { prompt_cache_hit_tokens?: unknown };
  const hit = u.prompt_cache_hit_tokens;
  if (typeof hit !== 'number' || typeof u.prompt_tokens_details?.cached_tokens === 'number') return;
  u.prompt_tokens_details = { ...(u.prompt_tokens_details ?? {}), cached_tokens: hit };
}

/** Anthropic requires max_tokens; chat does not. Large enough for coding agents, within every current model. */
export const DEFAULT_MAX_TOKENS = 8192;

/** Prices in USD per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
  /** Price of cached input tokens, when the provider discounts them. */
  cachedInput?: number;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens?: number;
}

/** Cost in USD; cached input tokens are part of inputTokens (OpenAI's convention). */
export function costUsd(usage: TokenUsage, price: ModelPrice | undefined): number {
  if (!price) return 0;
  const cached = Math.min(usage.cachedInputTokens ?? 0, usage.inputTokens);
  const fresh = usage.inputTokens - cached;
  const cachedPrice = price.cachedInput ?? price.input;
  return (fresh * price.input + cached * cachedPrice + usage.outputTokens * price.output) / 1_000_000;
}

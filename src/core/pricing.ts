/** Prices in USD per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
  /** Price of input tokens read from the provider's prompt cache; absent: the input price. */
  cachedInput?: number;
  /** Price of input tokens written to the provider's prompt cache (Anthropic's 5-minute write); absent: the input price. */
  cacheWrite?: number;
}

export interface TokenUsage {
  /** All input tokens, cache reads and writes included (OpenAI's convention). */
  inputTokens: number;
  outputTokens: number;
  /** Input tokens read from the prompt cache (part of inputTokens). */
  cachedInputTokens?: number;
  /** Input tokens written to the prompt cache (part of inputTokens). */
  cacheWriteTokens?: number;
}

/** Cost in USD: cache reads and writes are part of inputTokens, each priced on its own. */
export function costUsd(usage: TokenUsage, price: ModelPrice | undefined): number {
  if (!price) return 0;
  const cached = Math.min(usage.cachedInputTokens ?? 0, usage.inputTokens);
  const written = Math.min(usage.cacheWriteTokens ?? 0, usage.inputTokens - cached);
  const fresh = usage.inputTokens - cached - written;
  const cachedPrice = price.cachedInput ?? price.input;
  const writePrice = price.cacheWrite ?? price.input;
  return (fresh * price.input + cached * cachedPrice + written * writePrice + usage.outputTokens * price.output) / 1_000_000;
}

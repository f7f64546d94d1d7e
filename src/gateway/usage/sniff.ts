import type { ChatUsage, TokenUsage } from '../../core/index.js';

const USAGE = Buffer.from('"usage"');
const SPACE = 0x20, TAB = 0x09, CR = 0x0d, LF = 0x0a, COLON = 0x3a, LBRACE = 0x7b, RBRACE = 0x7d, QUOTE = 0x22, BSLASH = 0x5c;
const isWs = (b: number | undefined) => b === SPACE || b === TAB || b === CR || b === LF;

/** Index of the `}` closing the object that opens at `open`, skipping strings; -1 if cut off. */
function closingBrace(buf: Buffer, open: number, end: number): number {
  let depth = 0;
  for (let i = open; i < end; i++) {
    const b = buf[i];
    if (b === QUOTE) {
      for (i++; i < end && buf[i] !== QUOTE; i++) if (buf[i] === BSLASH) i++;
    } else if (b === LBRACE) depth++;
    else if (b === RBRACE && --depth === 0) return i;
  }
  return -1;
}

export interface UsageHit {
  /** Where the `"usage"` key starts. */
  at: number;
  usage: ChatUsage;
}

/**
 * Finds a `"usage": {…}` object in raw JSON bytes without parsing the rest:
 * the pass-through path learns token counts while forwarding bytes untouched.
 * `"usage":null` (OpenAI puts it on every chunk when include_usage is on) is skipped.
 */
export function findUsage(buf: Buffer, from = 0, end = buf.length): UsageHit | null {
  let at = buf.indexOf(USAGE, from);
  while (at !== -1 && at < end) {
    let i = at + USAGE.length;
    while (isWs(buf[i])) i++;
    if (buf[i] === COLON) {
      i++;
      while (isWs(buf[i])) i++;
      if (buf[i] === LBRACE) {
        const close = closingBrace(buf, i, end);
        if (close !== -1) {
          try {
            const usage = JSON.parse(buf.toString('utf8', i, close + 1)) as ChatUsage;
            if (usage && typeof usage === 'object') return { at, usage };
          } catch {}
        }
      }
    }
    at = buf.indexOf(USAGE, at + USAGE.length);
  }
  return null;
}

/**
 * OpenAI usage → our token counts (cache reads and writes are part of prompt tokens).
 * DeepSeek names its cache reads `prompt_cache_hit_tokens`; OpenRouter its writes `cache_write_tokens`.
 */
export function toTokenUsage(u: ChatUsage | null | undefined): TokenUsage | null {
  if (!u || typeof u !== 'object') return null;
  const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);
  const details = u.prompt_tokens_details;
  const cached = details?.cached_tokens ?? (u as { prompt_cache_hit_tokens?: unknown }).prompt_cache_hit_tokens;
  return {
    inputTokens: n(u.prompt_tokens),
    outputTokens: n(u.completion_tokens),
    cachedInputTokens: n(cached),
    cacheWriteTokens: n(details?.cache_write_tokens),
  };
}

/**
 * Prompt-cache breakpoints on the Anthropic body. A chat client marks them
 * OpenRouter's way (`cache_control` on a content part, on a tool); Anthropic
 * caches nothing without one, so for clients that cannot mark them (Codex on
 * the Responses API) we place them: docs/decisions.md, "prompt caching".
 */
type Block = Record<string, unknown> & { type: string };

/** Anthropic refuses a request with more breakpoints than this. */
export const MAX_BREAKPOINTS = 4;

/** The `cache_control` a canonical part or tool carries, if it is one Anthropic takes (an object with a type). */
export function cacheControlOf(o: unknown): Record<string, unknown> | undefined {
  if (!o || typeof o !== 'object') return undefined;
  const c = (o as { cache_control?: unknown }).cache_control;
  return c && typeof c === 'object' && !Array.isArray(c) && typeof (c as { type?: unknown }).type === 'string' ? (c as Record<string, unknown>) : undefined;
}

/** Block types Anthropic takes a breakpoint on (a thinking block's is refused). */
const CACHEABLE = new Set(['text', 'image', 'document', 'tool_use', 'tool_result']);

function countIn(blocks: unknown): number {
  return Array.isArray(blocks) ? blocks.filter((b) => cacheControlOf(b)).length : 0;
}

export function countBreakpoints(body: Record<string, unknown>): number {
  let n = countIn(body.tools) + countIn(body.system);
  for (const m of (body.messages as { content: unknown }[] | undefined) ?? []) n += countIn(m.content);
  return n;
}

/**
 * Breakpoints at the end of the tools, of the system prompt and of the last
 * message, when the client set none: the stable prefix and the conversation so
 * far are read from the cache on the next turn instead of paid in full.
 */
export function addCacheBreakpoints(body: Record<string, unknown>): void {
  if (countBreakpoints(body) > 0) return;
  const mark = { type: 'ephemeral' };
  const tools = body.tools as Block[] | undefined;
  const lastTool = tools?.[tools.length - 1];
  if (lastTool) lastTool.cache_control = mark;
  if (typeof body.system === 'string' && body.system.length > 0) body.system = [{ type: 'text', text: body.system, cache_control: mark }];
  const messages = body.messages as { content: Block[] }[] | undefined;
  const last = messages?.[messages.length - 1]?.content ?? [];
  for (let i = last.length - 1; i >= 0; i--) {
    const b = last[i] as Block;
    if (CACHEABLE.has(b.type)) {
      b.cache_control = mark;
      break;
    }
  }
}

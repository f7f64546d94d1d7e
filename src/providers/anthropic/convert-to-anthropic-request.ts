/**
 * Canonical chat request → Anthropic Messages body. System and developer
 * messages become `system`; tool messages become tool_result blocks in a user
 * turn; consecutive turns of one role are merged, as Anthropic wants them
 * alternating.
 */
import type { ChatContentPart, ChatMessage, ChatRequest, ChatToolChoice } from '../../core/index.js';
import { parseDataUrl, parseToolArguments, textOf } from '../chat-content.js';
import { addCacheBreakpoints, cacheControlOf } from './cache-control.js';
import { DEFAULT_MAX_TOKENS } from './defaults.js';
import { thinkingConfig } from './thinking-config.js';

export { DEFAULT_MAX_TOKENS };

type Block = Record<string, unknown> & { type: string };
interface Turn {
  role: 'user' | 'assistant';
  content: Block[];
}

export interface AnthropicRequestOptions {
  /** Place prompt-cache breakpoints when the client set none (cache-control.ts). */
  autoCache?: boolean;
}

export function toAnthropicRequest(req: ChatRequest, opts: AnthropicRequestOptions = {}): Record<string, unknown> {
  const system: Block[] = [];
  const turns: Turn[] = [];
  for (const m of req.messages) {
    if (m.role === 'system' || m.role === 'developer') {
      system.push(...systemBlocks(m.content));
      continue;
    }
    const role = m.role === 'assistant' ? 'assistant' : 'user';
    const blocks = m.role === 'tool' ? [toolResult(m)] : m.role === 'assistant' ? assistantBlocks(m) : userBlocks(m.content);
    if (blocks.length === 0) continue;
    const last = turns[turns.length - 1];
    if (last && last.role === role) {
      // tool_result blocks must open a user turn, ahead of any text that follows them.
      if (m.role === 'tool') last.content.splice(countLeadingToolResults(last.content), 0, ...blocks);
      else last.content.push(...blocks);
    } else turns.push({ role, content: blocks });
  }
  const body: Record<string, unknown> = {
    model: req.model,
    max_tokens: req.max_tokens ?? req.max_completion_tokens ?? DEFAULT_MAX_TOKENS,
    messages: turns,
  };
  // A plain string unless a part carries a breakpoint, which only a block can hold.
  if (system.length > 0) body.system = system.some((b) => b.cache_control) ? system : system.map((b) => b.text).join('\n\n');
  if (req.tools?.length) {
    body.tools = req.tools.map((t) => {
      const cache = cacheControlOf(t) ?? cacheControlOf(t.function);
      return {
        name: t.function.name,
        ...(t.function.description ? { description: t.function.description } : {}),
        // Anthropic requires an object schema; chat tools may omit `type` or the whole schema.
        input_schema: { type: 'object', ...(t.function.parameters ?? { properties: {} }) },
        ...(cache ? { cache_control: cache } : {}),
      };
    });
    const choice = toolChoice(req.tool_choice, req.parallel_tool_calls);
    if (choice) body.tool_choice = choice;
  }
  if (req.stop !== undefined) body.stop_sequences = Array.isArray(req.stop) ? req.stop : [req.stop];
  const thinking = thinkingConfig(req, body.max_tokens as number, body.tool_choice as { type?: string } | undefined, turns);
  if (thinking) {
    body.thinking = thinking.thinking;
    body.max_tokens = thinking.maxTokens;
  }
  // Thinking takes neither a changed temperature nor top_p below 0.95: they are left out rather than refused.
  if (req.temperature != null && thinking?.thinking.type !== 'enabled') body.temperature = Math.min(1, req.temperature);
  if (req.top_p != null && (thinking?.thinking.type !== 'enabled' || req.top_p >= 0.95)) body.top_p = req.top_p;
  if (typeof req.user === 'string') body.metadata = { user_id: req.user };
  if (req.stream) body.stream = true;
  if (opts.autoCache) addCacheBreakpoints(body);
  return body;
}

/** System text as blocks: one per message, or one per part when a part carries a breakpoint. */
function systemBlocks(content: ChatMessage['content']): Block[] {
  if (typeof content === 'string' || !content?.some((p) => cacheControlOf(p))) {
    const text = textOf(content);
    return text ? [{ type: 'text', text }] : [];
  }
  return content.flatMap((p) => (p.type === 'text' && String((p as { text: unknown }).text) ? [withCache({ type: 'text', text: String((p as { text: unknown }).text) }, p)] : []));
}

function withCache(block: Block, from: unknown): Block {
  const cache = cacheControlOf(from);
  if (cache) block.cache_control = cache;
  return block;
}


function userBlocks(content: ChatMessage['content']): Block[] {
  if (typeof content === 'string') return content.length > 0 ? [{ type: 'text', text: content }] : [];
  const out: Block[] = [];
  for (const p of content ?? []) {
    const b = userPart(p);
    if (b) out.push(b);
  }
  return out;
}

function userPart(p: ChatContentPart): Block | null {
  if (p.type === 'text') {
    const text = String((p as { text: string }).text);
    return text.length > 0 ? withCache({ type: 'text', text }, p) : null;
  }
  if (p.type === 'image_url') {
    const url = String((p as { image_url: { url: string } }).image_url.url);
    const m = parseDataUrl(url);
    if (m) return withCache({ type: 'image', source: { type: 'base64', media_type: m.mimeType, data: m.data } }, p);
    return withCache({ type: 'image', source: { type: 'url', url } }, p);
  }
  return null;
}

function assistantBlocks(m: ChatMessage): Block[] {
  const out: Block[] = [];
  // Restored thinking goes first, exactly as Anthropic issued it; a block without a signature would be refused.
  for (const d of m.reasoning_details ?? []) {
    if (d.type === 'thinking' && d.signature) out.push({ type: 'thinking', thinking: d.thinking, signature: d.signature });
    else if (d.type === 'redacted_thinking' && d.data) out.push({ type: 'redacted_thinking', data: d.data });
  }
  const text = textOf(m.content);
  if (text.length > 0) out.push(withCache({ type: 'text', text }, lastMarked(m.content)));
  for (const c of m.tool_calls ?? []) {
    out.push({ type: 'tool_use', id: c.id, name: c.function.name, input: parseToolArguments(c.function.arguments) });
  }
  return out;
}

function toolResult(m: ChatMessage): Block {
  return withCache({ type: 'tool_result', tool_use_id: String(m.tool_call_id ?? ''), content: textOf(m.content) }, lastMarked(m.content));
}

/** Parts joined into one block keep a breakpoint any of them had. */
function lastMarked(content: ChatMessage['content']): unknown {
  return Array.isArray(content) ? [...content].reverse().find((p) => cacheControlOf(p)) : undefined;
}

function countLeadingToolResults(blocks: Block[]): number {
  let n = 0;
  while (n < blocks.length && blocks[n]?.type === 'tool_result') n++;
  return n;
}


function toolChoice(choice: ChatToolChoice | undefined, parallel: boolean | undefined): Record<string, unknown> | null {
  let out: Record<string, unknown> | null = null;
  if (choice === 'required') out = { type: 'any' };
  else if (choice === 'none') out = { type: 'none' };
  else if (typeof choice === 'object') out = { type: 'tool', name: choice.function.name };
  else if (choice === 'auto' || parallel === false) out = { type: 'auto' };
  if (out && parallel === false && out.type !== 'none') out.disable_parallel_tool_use = true;
  return out;
}

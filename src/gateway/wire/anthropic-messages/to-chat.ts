/**
 * Messages request → canonical chat request. tool_result blocks become tool
 * messages placed before the rest of their user turn (chat wants the answers
 * right after the call). Thinking blocks are dropped unless their signature is
 * our seal (reasoning from a translated upstream), which goes along unopened.
 */
import { isOurSeal } from '../../reasoning/seal.js';
import type {
  ChatContentPart,
  ChatFunctionTool,
  ChatMessage,
  ChatRequest,
  ChatToolCall,
  ChatToolChoice,
} from '../../../core/index.js';
import { effortForBudget, parseEffort } from '../../../providers/index.js';
import type { AnthropicMessage, ContentBlock, MessagesRequest } from './schema.js';

export function messagesToChat(req: MessagesRequest): ChatRequest {
  const messages: ChatMessage[] = [];
  // Mid-conversation system messages (Claude Code sends them) join the leading
  // system message: many chat templates refuse a system message after the first turn.
  const system = [systemText(req.system), ...req.messages.filter((m) => m.role === 'system').map(plainText)]
    .filter((t) => t.length > 0)
    .join('\n\n');
  if (system) messages.push({ role: 'system', content: system });
  for (const m of req.messages) {
    if (m.role === 'system') continue;
    if (m.role === 'user') appendUser(messages, m);
    else appendAssistant(messages, m);
  }
  const chat: ChatRequest = { model: req.model, messages, max_tokens: req.max_tokens };
  const tools = convertTools(req.tools);
  if (tools.length > 0) {
    chat.tools = tools;
    const choice = convertToolChoice(req.tool_choice);
    if (choice !== undefined) chat.tool_choice = choice;
    if (req.tool_choice?.disable_parallel_tool_use) chat.parallel_tool_calls = false;
  }
  if (req.stop_sequences?.length) chat.stop = req.stop_sequences;
  if (req.temperature !== undefined) chat.temperature = req.temperature;
  if (req.top_p !== undefined) chat.top_p = req.top_p;
  const effort = reasoningEffort(req);
  if (effort) chat.reasoning_effort = effort;
  const format = jsonSchemaFormat(req.output_config);
  if (format) chat.response_format = { type: 'json_schema', json_schema: { name: 'output', schema: format } };
  if (req.stream) {
    chat.stream = true;
    chat.stream_options = { include_usage: true };
  }
  return chat;
}

export function systemText(system: MessagesRequest['system']): string {
  if (system === undefined) return '';
  if (typeof system === 'string') return system;
  return system.map((b) => b.text).join('\n\n');
}

function plainText(m: AnthropicMessage): string {
  if (typeof m.content === 'string') return m.content;
  return m.content.map((b) => (b.type === 'text' && typeof b.text === 'string' ? b.text : '')).filter((t) => t.length > 0).join('\n');
}

function appendUser(messages: ChatMessage[], m: AnthropicMessage): void {
  if (typeof m.content === 'string') {
    messages.push({ role: 'user', content: m.content });
    return;
  }
  const parts: ChatContentPart[] = [];
  for (const b of m.content) {
    if (b.type === 'tool_result') messages.push(toolMessage(b));
    else {
      const part = userPart(b);
      if (part) parts.push(part);
    }
  }
  if (parts.length === 0) return;
  const content = parts.every((p) => p.type === 'text') ? parts.map((p) => (p as { text: string }).text).join('\n') : parts;
  messages.push({ role: 'user', content });
}

function userPart(b: ContentBlock): ChatContentPart | null {
  if (b.type === 'text' && typeof b.text === 'string') return { type: 'text', text: b.text };
  if (b.type === 'image' && typeof b.source === 'object' && b.source !== null) {
    const src = b.source as Record<string, unknown>;
    if (src.type === 'base64') return { type: 'image_url', image_url: { url: `data:${String(src.media_type)};base64,${String(src.data)}` } };
    if (src.type === 'url') return { type: 'image_url', image_url: { url: String(src.url) } };
  }
  return null;
}

function toolMessage(b: ContentBlock): ChatMessage {
  const raw = b.content;
  let text = '';
  if (typeof raw === 'string') text = raw;
  else if (Array.isArray(raw)) {
    text = raw
      .map((p: unknown) => (isRecord(p) && p.type === 'text' && typeof p.text === 'string' ? p.text : ''))
      .filter((t: string) => t.length > 0)
      .join('\n');
  }
  // Chat has no error flag on a tool message; say it in words so the model still knows.
  if (b.is_error === true) text = `Error: ${text}`;
  return { role: 'tool', tool_call_id: String(b.tool_use_id), content: text };
}

function appendAssistant(messages: ChatMessage[], m: AnthropicMessage): void {
  if (typeof m.content === 'string') {
    messages.push({ role: 'assistant', content: m.content });
    return;
  }
  let text = '';
  const calls: ChatToolCall[] = [];
  const seals: string[] = [];
  for (const b of m.content) {
    // Our own seal in a thinking signature: reopened for the upstream at attempt time.
    if (b.type === 'thinking' && typeof b.signature === 'string' && isOurSeal(b.signature)) seals.push(b.signature);
    else if (b.type === 'text' && typeof b.text === 'string') text += b.text;
    else if (b.type === 'tool_use') {
      calls.push({
        id: String(b.id),
        type: 'function',
        function: { name: String(b.name), arguments: JSON.stringify(b.input ?? {}) },
      });
    }
  }
  if (text.length === 0 && calls.length === 0) return;
  const msg: ChatMessage = { role: 'assistant', content: text.length > 0 ? text : null };
  if (calls.length > 0) msg.tool_calls = calls;
  if (seals.length > 0) msg.reasoning_seals = seals;
  messages.push(msg);
}

function convertTools(tools: MessagesRequest['tools']): ChatFunctionTool[] {
  const out: ChatFunctionTool[] = [];
  for (const t of tools ?? []) {
    // Typed tools (bash_20250124, web_search_…) run on Anthropic's side; a chat upstream cannot take them.
    if (t.type !== undefined && t.type !== 'custom') continue;
    const fn: ChatFunctionTool['function'] = {
      name: t.name,
      parameters: t.input_schema ?? { type: 'object', properties: {} },
    };
    if (t.description !== undefined) fn.description = t.description;
    out.push({ type: 'function', function: fn });
  }
  return out;
}

function convertToolChoice(choice: MessagesRequest['tool_choice']): ChatToolChoice | undefined {
  if (!choice) return undefined;
  if (choice.type === 'any') return 'required';
  if (choice.type === 'none') return 'none';
  if (choice.type === 'tool' && choice.name) return { type: 'function', function: { name: choice.name } };
  return 'auto';
}

/** `output_config.effort` first, else the thinking budget's nearest effort word; adaptive or disabled thinking: none sent. */
function reasoningEffort(req: MessagesRequest): string | undefined {
  const config = isRecord(req.output_config) ? req.output_config : {};
  const said = parseEffort(config.effort);
  if (said) return said;
  const t = isRecord(req.thinking) ? req.thinking : {};
  if (t.type === 'enabled' && typeof t.budget_tokens === 'number') return effortForBudget(t.budget_tokens);
  return undefined;
}

/** Structured output (`output_config.format`, e.g. Claude Code's session titles) → chat's `response_format`. */
function jsonSchemaFormat(config: unknown): Record<string, unknown> | undefined {
  if (!isRecord(config) || !isRecord(config.format)) return undefined;
  return config.format.type === 'json_schema' && isRecord(config.format.schema) ? config.format.schema : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

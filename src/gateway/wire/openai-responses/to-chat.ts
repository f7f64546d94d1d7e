/**
 * Responses request → canonical Chat Completions request, for upstreams that
 * speak only chat. Items a chat upstream has no place for (reasoning, web
 * search calls, references) are dropped; tools it cannot take likewise.
 */
import { SwitchyardError } from '../../../core/index.js';
import type { ChatContentPart, ChatFunctionTool, ChatMessage, ChatRequest, ChatToolChoice } from '../../../core/index.js';
import type { ResponsesContentPart, ResponsesInputItem, ResponsesRequest } from './schema.js';

export function responsesToChat(req: ResponsesRequest): ChatRequest {
  const messages: ChatMessage[] = [];
  if (req.instructions) messages.push({ role: 'system', content: req.instructions });
  appendInput(messages, req.input);
  // With previous_response_id the gateway puts the stored conversation in front (stored-responses/turn.ts) and parses again.
  if (!req.previous_response_id && !messages.some((m) => m.role !== 'system')) {
    throw new SwitchyardError('VALIDATION_FAILED', 'invalid request: input: must hold at least one message');
  }

  const chat: ChatRequest = { model: req.model, messages };
  const tools = convertTools(req.tools);
  if (tools.length > 0) {
    chat.tools = tools;
    const choice = convertToolChoice(req.tool_choice, tools);
    if (choice !== undefined) chat.tool_choice = choice;
    if (typeof req.parallel_tool_calls === 'boolean') chat.parallel_tool_calls = req.parallel_tool_calls;
  }
  if (req.max_output_tokens != null) chat.max_tokens = req.max_output_tokens;
  if (req.temperature != null) chat.temperature = req.temperature;
  if (req.top_p != null) chat.top_p = req.top_p;
  if (req.user) chat.user = req.user;
  // Chat's field for the same thing; each adapter maps it to what its upstream takes (or drops it).
  if (req.reasoning?.effort) chat.reasoning_effort = req.reasoning.effort;
  const format = req.text?.format;
  if (format?.type === 'json_object') chat.response_format = { type: 'json_object' };
  if (format?.type === 'json_schema' && format.schema) {
    chat.response_format = {
      type: 'json_schema',
      json_schema: { name: format.name ?? 'output', schema: format.schema, strict: format.strict ?? undefined },
    };
  }
  if (req.stream) {
    chat.stream = true;
    chat.stream_options = { include_usage: true };
  }
  return chat;
}

/** Input items → chat messages (appended), e.g. a stored response's conversation before the new input. */
export function appendInput(messages: ChatMessage[], input: ResponsesRequest['input']): void {
  if (typeof input === 'string') {
    messages.push({ role: 'user', content: input });
    return;
  }
  const pending: string[] = [];
  for (const item of input ?? []) {
    const before = messages.length;
    appendItem(messages, item, pending);
    const added = messages[before];
    // Reasoning sent back belongs to the assistant turn it came before.
    if (added?.role === 'assistant' && pending.length > 0) added.reasoning_seals = pending.splice(0);
  }
}

function appendItem(messages: ChatMessage[], item: ResponsesInputItem, pendingSeals: string[]): void {
  if ('role' in item && (item.type === undefined || item.type === 'message')) {
    const role = item.role === 'developer' ? 'system' : (item.role as ChatMessage['role']);
    const content = convertContent(item.content as string | ResponsesContentPart[], role);
    if (content !== null) messages.push({ role, content });
    return;
  }
  switch (item.type) {
    case 'function_call':
      return appendToolCall(messages, String(item.call_id), String(item.name), String(item.arguments));
    case 'custom_tool_call':
      return appendToolCall(messages, String(item.call_id), String(item.name), JSON.stringify({ input: item.input }));
    case 'reasoning': {
      const sealed = item.encrypted_content;
      if (typeof sealed !== 'string' || sealed.length === 0) return;
      const last = messages[messages.length - 1];
      // After the turn's own output (reasoning emitted late, e.g. with a Gemini call): that turn's.
      if (last?.role === 'assistant' && pendingSeals.length === 0) (last.reasoning_seals ??= []).push(sealed);
      else pendingSeals.push(sealed);
      return;
    }
    case 'function_call_output':
    case 'custom_tool_call_output':
      messages.push({
        role: 'tool',
        tool_call_id: String(item.call_id),
        content: outputText(item.output as string | ResponsesContentPart[]),
      });
      return;
    default:
      // reasoning, web_search_call, item_reference…: nothing a chat upstream can take.
      return;
  }
}

/** Consecutive calls become one assistant message, as a chat model would have produced them. */
function appendToolCall(messages: ChatMessage[], id: string, name: string, args: string): void {
  const call = { id, type: 'function' as const, function: { name, arguments: args } };
  const last = messages[messages.length - 1];
  if (last && last.role === 'assistant') {
    last.tool_calls = [...(last.tool_calls ?? []), call];
    return;
  }
  messages.push({ role: 'assistant', content: null, tool_calls: [call] });
}

function convertContent(content: string | ResponsesContentPart[], role: ChatMessage['role']): string | ChatContentPart[] | null {
  if (typeof content === 'string') return content;
  const parts: ChatContentPart[] = [];
  for (const p of content) {
    if ('text' in p && typeof p.text === 'string') parts.push({ type: 'text', text: p.text });
    else if (p.type === 'refusal' && typeof p.refusal === 'string') parts.push({ type: 'text', text: p.refusal });
    else if (p.type === 'input_image' && typeof p.image_url === 'string') {
      const image_url: { url: string; detail?: string } = { url: p.image_url };
      if (typeof p.detail === 'string') image_url.detail = p.detail;
      parts.push({ type: 'image_url', image_url });
    }
  }
  if (parts.length === 0) return null;
  // Only user messages may carry images; everything else is plain text, which every chat upstream takes.
  if (role !== 'user' || parts.every((p) => p.type === 'text')) {
    return parts.map((p) => (p.type === 'text' ? (p as { text: string }).text : '')).join('');
  }
  return parts;
}

function outputText(output: string | ResponsesContentPart[]): string {
  if (typeof output === 'string') return output;
  return output.map((p) => ('text' in p && typeof p.text === 'string' ? p.text : '')).join('');
}

function convertTools(tools: ResponsesRequest['tools']): ChatFunctionTool[] {
  const out: ChatFunctionTool[] = [];
  for (const t of tools ?? []) {
    if (t.type !== 'function' || typeof t.name !== 'string') continue;
    const fn: ChatFunctionTool['function'] = { name: t.name };
    if (typeof t.description === 'string') fn.description = t.description;
    fn.parameters = isRecord(t.parameters) ? t.parameters : { type: 'object', properties: {} };
    if (typeof t.strict === 'boolean') fn.strict = t.strict;
    out.push({ type: 'function', function: fn });
  }
  return out;
}

function convertToolChoice(choice: ResponsesRequest['tool_choice'], tools: ChatFunctionTool[]): ChatToolChoice | undefined {
  if (choice == null) return undefined;
  if (typeof choice === 'string') return choice;
  if (choice.type === 'function' && choice.name && tools.some((t) => t.function.name === choice.name)) {
    return { type: 'function', function: { name: choice.name } };
  }
  // A choice of a hosted tool (web_search…) or allowed_tools: the nearest chat meaning is auto.
  return 'auto';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The Responses `response` object and its output items, shared by the
 * non-stream renderer and the stream encoder so both say the same thing.
 */
import type { ChatFinishReason, ChatUsage } from '../../../core/index.js';
import type { WireContext } from '../types.js';

export type ResponseStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

export interface OutputText {
  type: 'output_text';
  text: string;
  annotations: unknown[];
  logprobs: unknown[];
}
export interface MessageItem {
  type: 'message';
  id: string;
  status: 'in_progress' | 'completed' | 'incomplete';
  role: 'assistant';
  content: OutputText[];
}
export interface FunctionCallItem {
  type: 'function_call';
  id: string;
  call_id: string;
  name: string;
  arguments: string;
  status: 'in_progress' | 'completed' | 'incomplete';
}
/** Reasoning a chat upstream returned (`reasoning_content`), shown as a summary the way Codex displays it. */
export interface ReasoningItem {
  type: 'reasoning';
  id: string;
  summary: { type: 'summary_text'; text: string }[];
  /** What the upstream needs back, sealed (see gateway/reasoning/seal.ts); the client returns it untouched. */
  encrypted_content?: string;
}
export type OutputItem = MessageItem | FunctionCallItem | ReasoningItem;

export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

/** Ids derive from the request id, so one request's items are stable and recognisable in logs. */
export function idsFor(ctx: WireContext): { response: string; item: (kind: 'msg' | 'fc' | 'rs', n: number) => string } {
  const base = ctx.requestId.replace(/^req_/, '');
  return { response: `resp_${base}`, item: (kind, n) => `${kind}_${base}_${n}` };
}

export function responseObject(
  ctx: WireContext,
  status: ResponseStatus,
  output: OutputItem[],
  usage: ResponsesUsage | null,
  extra: { error?: { code: string; message: string }; incomplete?: string } = {},
): Record<string, unknown> {
  return {
    id: idsFor(ctx).response,
    object: 'response',
    created_at: ctx.created,
    status,
    error: extra.error ?? null,
    incomplete_details: extra.incomplete ? { reason: extra.incomplete } : null,
    instructions: null,
    max_output_tokens: null,
    model: ctx.requestedModel,
    output,
    parallel_tool_calls: true,
    previous_response_id: ctx.previousResponseId ?? null,
    reasoning: { effort: null, summary: null },
    store: ctx.store ?? false,
    temperature: null,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: [],
    top_p: null,
    truncation: 'disabled',
    usage,
    user: null,
    metadata: {},
  };
}

export function toResponsesUsage(u: ChatUsage | null | undefined): ResponsesUsage | null {
  if (!u) return null;
  return {
    input_tokens: u.prompt_tokens,
    input_tokens_details: { cached_tokens: u.prompt_tokens_details?.cached_tokens ?? 0 },
    output_tokens: u.completion_tokens,
    output_tokens_details: { reasoning_tokens: u.completion_tokens_details?.reasoning_tokens ?? 0 },
    total_tokens: u.total_tokens || u.prompt_tokens + u.completion_tokens,
  };
}

/** Chat finish reason → the response's final status and, when cut short, why. */
export function finalStatus(finish: ChatFinishReason): { status: ResponseStatus; incomplete?: string } {
  if (finish === 'length') return { status: 'incomplete', incomplete: 'max_output_tokens' };
  if (finish === 'content_filter') return { status: 'incomplete', incomplete: 'content_filter' };
  return { status: 'completed' };
}

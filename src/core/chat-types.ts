/**
 * OpenAI Chat Completions shapes: the canonical form every wire API and every
 * provider adapter translates to and from. Only the fields we act on are typed;
 * everything else rides along untouched (`[k: string]: unknown`).
 */
export type ChatRole = 'system' | 'developer' | 'user' | 'assistant' | 'tool';

export interface ChatTextPart {
  type: 'text';
  text: string;
}
export interface ChatImagePart {
  type: 'image_url';
  image_url: { url: string; detail?: string };
}
export type ChatContentPart = ChatTextPart | ChatImagePart | { type: string; [k: string]: unknown };

export interface ChatToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export interface ChatMessage {
  role: ChatRole;
  content: string | ChatContentPart[] | null;
  name?: string;
  tool_calls?: ChatToolCall[];
  tool_call_id?: string;
  /** Reasoning text some providers return (DeepSeek, GLM); carried, never required. */
  reasoning_content?: string;
  /** What the upstream needs back to verify its reasoning (Anthropic signatures, Gemini thought signatures). */
  reasoning_details?: ReasoningDetail[];
  /** Sealed reasoning a client sent back (Responses `encrypted_content`, Anthropic `signature`), opened per attempt. */
  reasoning_seals?: string[];
  [k: string]: unknown;
}

/**
 * The opaque parts of an upstream's reasoning, each complete (never a fragment):
 * Anthropic thinking with its signature or redacted thinking, and a Gemini
 * thought signature bound to the tool call it came with (or to the text part).
 */
export type ReasoningDetail =
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string }
  | { type: 'thought_signature'; signature: string; call_id?: string };

export interface ChatFunctionTool {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean };
}

export type ChatToolChoice =
  | 'none'
  | 'auto'
  | 'required'
  | { type: 'function'; function: { name: string } };

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean; [k: string]: unknown };
  tools?: ChatFunctionTool[];
  tool_choice?: ChatToolChoice;
  parallel_tool_calls?: boolean;
  max_tokens?: number;
  max_completion_tokens?: number;
  temperature?: number;
  top_p?: number;
  stop?: string | string[];
  [k: string]: unknown;
}

export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  /** `cached_tokens`: read from the prompt cache; `cache_write_tokens` (OpenRouter's name): written to it. Both inside prompt_tokens. */
  prompt_tokens_details?: { cached_tokens?: number; cache_write_tokens?: number; [k: string]: unknown };
  completion_tokens_details?: { reasoning_tokens?: number; [k: string]: unknown };
}

export type ChatFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call' | null;

export interface ChatChoice {
  index: number;
  message: ChatMessage;
  finish_reason: ChatFinishReason;
  logprobs?: unknown;
}

export interface ChatResponse {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: ChatChoice[];
  usage?: ChatUsage;
  [k: string]: unknown;
}

export interface ChatChunkToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function?: { name?: string; arguments?: string };
}

export interface ChatChunkDelta {
  role?: ChatRole;
  content?: string | null;
  reasoning_content?: string | null;
  /** Whole opaque reasoning parts, sent once each is complete (see ReasoningDetail). */
  reasoning_details?: ReasoningDetail[];
  tool_calls?: ChatChunkToolCallDelta[];
}

export interface ChatChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: { index: number; delta: ChatChunkDelta; finish_reason: ChatFinishReason; logprobs?: unknown }[];
  usage?: ChatUsage | null;
  [k: string]: unknown;
}

/**
 * The Anthropic Messages request. Blocks a chat upstream has no place for
 * (thinking, documents, server tool results) are accepted and dropped later.
 */
import { z } from 'zod';

const cacheControl = z.unknown().optional();
export const textBlock = z.looseObject({ type: z.literal('text'), text: z.string(), cache_control: cacheControl });
const imageSource = z.union([
  z.looseObject({ type: z.literal('base64'), media_type: z.string(), data: z.string() }),
  z.looseObject({ type: z.literal('url'), url: z.string() }),
  z.looseObject({ type: z.string() }),
]);
const imageBlock = z.looseObject({ type: z.literal('image'), source: imageSource });
const toolUseBlock = z.looseObject({
  type: z.literal('tool_use'),
  id: z.string().min(1),
  name: z.string().min(1),
  input: z.unknown(),
});
const toolResultBlock = z.looseObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string().min(1),
  content: z.union([z.string(), z.array(z.union([textBlock, imageBlock, z.looseObject({ type: z.string() })]))]).optional(),
  is_error: z.boolean().optional(),
});
const thinkingBlock = z.looseObject({ type: z.literal('thinking'), thinking: z.string() });
const redactedThinkingBlock = z.looseObject({ type: z.literal('redacted_thinking'), data: z.string() });
const KNOWN_BLOCKS = ['text', 'image', 'tool_use', 'tool_result', 'thinking', 'redacted_thinking'];
/** document, server_tool_use, web_search_tool_result, search_result…: accepted, dropped for chat. */
const otherBlock = z.looseObject({
  type: z.string().refine((t) => !KNOWN_BLOCKS.includes(t), 'malformed content block'),
});

export const contentBlockSchema = z.union([
  textBlock,
  imageBlock,
  toolUseBlock,
  toolResultBlock,
  thinkingBlock,
  redactedThinkingBlock,
  otherBlock,
]);
export type ContentBlock = z.infer<typeof contentBlockSchema>;

export const messageSchema = z.looseObject({
  // Claude Code 2.1 also sends `role: "system"` inside messages (beta mid-conversation-system).
  role: z.enum(['user', 'assistant', 'system']),
  content: z.union([z.string(), z.array(contentBlockSchema)]),
});
export type AnthropicMessage = z.infer<typeof messageSchema>;

/** Custom tools have an input_schema; typed tools (bash_…, web_search_…) are Anthropic-hosted. */
const toolSchema = z.looseObject({
  type: z.string().optional(),
  name: z.string().min(1),
  description: z.string().optional(),
  input_schema: z.record(z.string(), z.unknown()).optional(),
});

const toolChoice = z.looseObject({
  type: z.enum(['auto', 'any', 'tool', 'none']),
  name: z.string().optional(),
  disable_parallel_tool_use: z.boolean().optional(),
});

export const systemSchema = z.union([z.string(), z.array(textBlock)]);

export const messagesRequestSchema = z.looseObject({
  model: z.string().min(1, 'model is required'),
  system: systemSchema.optional(),
  messages: z.array(messageSchema).min(1, 'messages: at least one message is required'),
  max_tokens: z.number().int().positive('max_tokens must be a positive integer'),
  tools: z.array(toolSchema).optional(),
  tool_choice: toolChoice.optional(),
  stop_sequences: z.array(z.string()).optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.number().int().optional(),
  metadata: z.looseObject({ user_id: z.string().nullish() }).optional(),
  stream: z.boolean().optional(),
  thinking: z.unknown().optional(),
});
export type MessagesRequest = z.infer<typeof messagesRequestSchema>;

/** The same request with `messages` taken as they are: for messages known-messages.ts has checked. */
export const messagesRequestCheckedSchema = messagesRequestSchema.extend({
  messages: z.array(z.unknown()).min(1, 'messages: at least one message is required'),
});

/** count_tokens takes the same body without max_tokens. */
export const countTokensRequestSchema = messagesRequestSchema.omit({ max_tokens: true, stream: true });
export type CountTokensRequest = z.infer<typeof countTokensRequestSchema>;

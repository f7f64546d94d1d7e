/**
 * The OpenAI Responses request, as much of it as a gateway acts on. Item and
 * tool shapes are loose on purpose: Codex and the SDKs add fields and item
 * types over time, and an unknown item must be dropped, never refused.
 */
import { z } from 'zod';

const textPart = z.looseObject({
  type: z.enum(['input_text', 'output_text', 'text', 'summary_text', 'reasoning_text']),
  text: z.string(),
});
const imagePart = z.looseObject({
  type: z.literal('input_image'),
  image_url: z.string().nullish(),
  file_id: z.string().nullish(),
  detail: z.string().nullish(),
});
const refusalPart = z.looseObject({ type: z.literal('refusal'), refusal: z.string() });
const otherPart = z.looseObject({ type: z.string() });
export const contentPartSchema = z.union([textPart, imagePart, refusalPart, otherPart]);
export type ResponsesContentPart = z.infer<typeof contentPartSchema>;

const messageItem = z.looseObject({
  type: z.literal('message').optional(),
  role: z.enum(['user', 'assistant', 'system', 'developer']),
  content: z.union([z.string(), z.array(contentPartSchema)]),
});
const functionCallItem = z.looseObject({
  type: z.literal('function_call'),
  call_id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.string(),
});
const functionCallOutputItem = z.looseObject({
  type: z.literal('function_call_output'),
  call_id: z.string().min(1),
  output: z.union([z.string(), z.array(contentPartSchema)]),
});
const customToolCallItem = z.looseObject({
  type: z.literal('custom_tool_call'),
  call_id: z.string().min(1),
  name: z.string().min(1),
  input: z.string(),
});
const customToolCallOutputItem = z.looseObject({
  type: z.literal('custom_tool_call_output'),
  call_id: z.string().min(1),
  output: z.union([z.string(), z.array(contentPartSchema)]),
});
/** Reasoning, web_search_call, item_reference…: accepted and dropped for a chat upstream. */
const KNOWN_ITEMS = ['message', 'function_call', 'function_call_output', 'custom_tool_call', 'custom_tool_call_output'];
const otherItem = z.looseObject({
  type: z.string().refine((t) => !KNOWN_ITEMS.includes(t), 'malformed input item'),
});

export const inputItemSchema = z.union([
  messageItem,
  functionCallItem,
  functionCallOutputItem,
  customToolCallItem,
  customToolCallOutputItem,
  otherItem,
]);
export type ResponsesInputItem = z.infer<typeof inputItemSchema>;

const functionTool = z.looseObject({
  type: z.literal('function'),
  name: z.string().min(1),
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  strict: z.boolean().nullish(),
});
/** `namespace`, `web_search`, `local_shell`, `custom`…: kept in the schema so they are never an error. */
const otherTool = z.looseObject({ type: z.string().refine((t) => t !== 'function', 'malformed function tool') });
export const toolSchema = z.union([functionTool, otherTool]);

const toolChoice = z.union([
  z.enum(['none', 'auto', 'required']),
  z.looseObject({ type: z.string(), name: z.string().optional() }),
]);

const textFormat = z.looseObject({
  type: z.string(),
  name: z.string().optional(),
  schema: z.record(z.string(), z.unknown()).optional(),
  strict: z.boolean().nullish(),
});

export const responsesRequestSchema = z.looseObject({
  model: z.string().min(1, 'model is required'),
  instructions: z.string().nullish(),
  input: z.union([z.string(), z.array(inputItemSchema)]).optional(),
  tools: z.array(toolSchema).nullish(),
  tool_choice: toolChoice.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  max_output_tokens: z.number().int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  stream: z.boolean().nullish(),
  store: z.boolean().nullish(),
  previous_response_id: z.string().nullish(),
  reasoning: z.looseObject({ effort: z.string().nullish(), summary: z.string().nullish() }).nullish(),
  text: z.looseObject({ format: textFormat.optional() }).nullish(),
  user: z.string().nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
});
export type ResponsesRequest = z.infer<typeof responsesRequestSchema>;

/** The same request with `input` items taken as they are: for items known-items.ts has checked. */
export const responsesRequestCheckedItemsSchema = responsesRequestSchema.extend({ input: z.union([z.string(), z.array(z.unknown())]).optional() });

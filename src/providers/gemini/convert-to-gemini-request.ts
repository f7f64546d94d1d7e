/**
 * Canonical chat request → Gemini generateContent body. Tool results need the
 * function's name, which chat keeps only on the assistant's call, so the ids
 * of earlier calls are looked up; consecutive turns of one role are merged.
 */
import type { ChatContentPart, ChatMessage, ChatRequest, ChatToolChoice } from '../../core/index.js';
import { sanitizeSchema } from './sanitize-schema.js';
import { thinkingConfig } from './thinking-config.js';
import { parseDataUrl, parseToolArguments, textOf } from '../chat-content.js';

type Part = Record<string, unknown>;
interface Content {
  role: 'user' | 'model';
  parts: Part[];
}

/**
 * Gemini 3 wants back the thought signature of each function call; history from
 * another provider has none, and Google documents this value for that case.
 */
const FOREIGN_SIGNATURE = 'skip_thought_signature_validator';

export function toGeminiRequest(req: ChatRequest): Record<string, unknown> {
  const names = new Map<string, string>();
  for (const m of req.messages) for (const c of m.tool_calls ?? []) names.set(c.id, c.function.name);
  const system: string[] = [];
  const contents: Content[] = [];
  for (const m of req.messages) {
    if (m.role === 'system' || m.role === 'developer') {
      const t = textOf(m.content);
      if (t) system.push(t);
      continue;
    }
    const role = m.role === 'assistant' ? 'model' : 'user';
    const parts = m.role === 'tool' ? [toolResponse(m, names)] : m.role === 'assistant' ? modelParts(m) : userParts(m.content);
    if (parts.length === 0) continue;
    const last = contents[contents.length - 1];
    if (last && last.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  }
  const body: Record<string, unknown> = { contents };
  if (system.length > 0) body.systemInstruction = { parts: [{ text: system.join('\n\n') }] };
  if (req.tools?.length) {
    body.tools = [
      {
        functionDeclarations: req.tools.map((t) => ({
          name: t.function.name,
          ...(t.function.description ? { description: t.function.description } : {}),
          ...(t.function.parameters && Object.keys(t.function.parameters.properties ?? {}).length > 0
            ? { parameters: sanitizeSchema(t.function.parameters) }
            : {}),
        })),
      },
    ];
    const config = toolConfig(req.tool_choice);
    if (config) body.toolConfig = { functionCallingConfig: config };
  }
  const gen: Record<string, unknown> = {};
  const max = req.max_tokens ?? req.max_completion_tokens;
  if (max != null) gen.maxOutputTokens = max;
  if (req.temperature != null) gen.temperature = req.temperature;
  if (req.top_p != null) gen.topP = req.top_p;
  if (req.stop !== undefined) gen.stopSequences = Array.isArray(req.stop) ? req.stop : [req.stop];
  const rf = req.response_format as { type?: string; json_schema?: { schema?: unknown } } | undefined;
  if (rf?.type === 'json_object' || rf?.type === 'json_schema') gen.responseMimeType = 'application/json';
  // responseJsonSchema takes full JSON Schema (unlike responseSchema's OpenAPI subset).
  if (rf?.type === 'json_schema' && rf.json_schema?.schema) gen.responseJsonSchema = rf.json_schema.schema;
  const thinking = thinkingConfig(req.model, req.reasoning_effort);
  if (thinking) gen.thinkingConfig = thinking;
  if (Object.keys(gen).length > 0) body.generationConfig = gen;
  return body;
}


function userParts(content: ChatMessage['content']): Part[] {
  if (typeof content === 'string') return content.length > 0 ? [{ text: content }] : [];
  const out: Part[] = [];
  for (const p of content ?? []) {
    const part = userPart(p);
    if (part) out.push(part);
  }
  return out;
}

function userPart(p: ChatContentPart): Part | null {
  if (p.type === 'text') {
    const text = String((p as { text: string }).text);
    return text ? { text } : null;
  }
  if (p.type === 'image_url') {
    const url = String((p as { image_url: { url: string } }).image_url.url);
    const m = parseDataUrl(url);
    if (m) return { inlineData: { mimeType: m.mimeType, data: m.data } };
    return { fileData: { mimeType: guessMime(url), fileUri: url } };
  }
  return null;
}

function guessMime(url: string): string {
  const ext = /\.(\w+)(?:\?|#|$)/.exec(url)?.[1]?.toLowerCase();
  if (ext === 'png') return 'image/png';
  if (ext === 'webp') return 'image/webp';
  if (ext === 'gif') return 'image/gif';
  return 'image/jpeg';
}

/**
 * A model turn, with the thought signatures restored onto the parts they came
 * with: a call's onto that call, a text part's onto the text. The first call of
 * a turn without one (sealing off, another provider's history) gets the value
 * Google documents for that case; with parallel calls only the first has one.
 */
function modelParts(m: ChatMessage): Part[] {
  const out: Part[] = [];
  const byCall = new Map<string, string>();
  let textSignature: string | undefined;
  for (const d of m.reasoning_details ?? []) {
    if (d.type !== 'thought_signature' || !d.signature) continue;
    if (d.call_id) byCall.set(d.call_id, d.signature);
    else textSignature ??= d.signature;
  }
  const text = textOf(m.content);
  if (text) out.push(textSignature ? { text, thoughtSignature: textSignature } : { text });
  for (const [i, c] of (m.tool_calls ?? []).entries()) {
    const part: Part = { functionCall: { name: c.function.name, args: parseToolArguments(c.function.arguments) } };
    const signature = byCall.get(c.id) ?? (i === 0 ? FOREIGN_SIGNATURE : undefined);
    if (signature) part.thoughtSignature = signature;
    out.push(part);
  }
  return out;
}

function toolResponse(m: ChatMessage, names: Map<string, string>): Part {
  const text = textOf(m.content);
  const id = String(m.tool_call_id ?? '');
  let response: Record<string, unknown>;
  try {
    const v: unknown = JSON.parse(text);
    response = typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : { result: v };
  } catch {
    response = { result: text };
  }
  return { functionResponse: { name: names.get(id) ?? id, response } };
}


function toolConfig(choice: ChatToolChoice | undefined): Record<string, unknown> | null {
  if (choice === 'auto') return { mode: 'AUTO' };
  if (choice === 'required') return { mode: 'ANY' };
  if (choice === 'none') return { mode: 'NONE' };
  if (typeof choice === 'object') return { mode: 'ANY', allowedFunctionNames: [choice.function.name] };
  return null;
}

// Extended thinking as Anthropic documents it, for the mock Anthropic upstream.
// With `thinking: {type: "enabled"}` the model opens its answer with a thinking
// block whose `signature` covers the thought (here an HMAC under a secret only
// this process knows, so a changed thought or forged signature is caught), and a
// tool-use loop must come back with that block unchanged: the last assistant
// turn, whose tool_use the final user turn answers, has to start with thinking.
import { createHmac, randomBytes } from 'node:crypto';

const SECRET = randomBytes(32);
const MIN_BUDGET = 1024;

export const MISSING_THINKING =
  'When `thinking` is enabled, a final `assistant` message must start with a thinking block (preceeding the lastmost set of `tool_use` and `tool_result` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable `thinking`.';

export function signThinking(thinking: string): string {
  return createHmac('sha256', SECRET).update(`thinking\0${thinking}`).digest('base64');
}

/** Redacted thinking: the thought encrypted; here a tagged base64 payload only this mock accepts. */
export function redactedData(thinking: string): string {
  const payload = Buffer.from(thinking).toString('base64');
  return `${payload}.${createHmac('sha256', SECRET).update(`redacted\0${payload}`).digest('base64')}`;
}

function validRedacted(data: string): boolean {
  const [payload, tag] = data.split('.');
  return Boolean(payload && tag === createHmac('sha256', SECRET).update(`redacted\0${payload}`).digest('base64'));
}

export function thinkingEnabled(body: Record<string, unknown>): boolean {
  const t = body.thinking as { type?: unknown } | undefined;
  return t?.type === 'enabled' || t?.type === 'adaptive';
}

interface Block {
  type?: string;
  thinking?: unknown;
  signature?: unknown;
  data?: unknown;
}

/** The 400 message Anthropic would answer this body's thinking with, or null. */
export function checkThinking(body: Record<string, unknown>): string | null {
  const t = body.thinking as { type?: unknown; budget_tokens?: unknown } | undefined;
  if (t?.type === 'enabled') {
    const budget = Number(t.budget_tokens);
    if (!Number.isInteger(budget) || budget < MIN_BUDGET) return 'thinking.enabled.budget_tokens: Input should be greater than or equal to 1024';
    if (typeof body.max_tokens === 'number' && body.max_tokens <= budget) return '`max_tokens` must be greater than `thinking.budget_tokens`.';
    if (body.temperature !== undefined && body.temperature !== 1) return '`temperature` may only be set to 1 when thinking is enabled.';
  }
  const messages = (body.messages as { role?: string; content?: unknown }[] | undefined) ?? [];
  for (const [i, m] of messages.entries()) {
    if (m.role !== 'assistant' || !Array.isArray(m.content)) continue;
    for (const [j, b] of (m.content as Block[]).entries()) {
      if (b.type === 'thinking') {
        if (typeof b.signature !== 'string' || b.signature.length === 0) return `messages.${i}.content.${j}.thinking.signature: Field required`;
        if (b.signature !== signThinking(String(b.thinking))) return `messages.${i}.content.${j}: Invalid \`signature\` in \`thinking\` block`;
      } else if (b.type === 'redacted_thinking' && !validRedacted(String(b.data))) {
        return `messages.${i}.content.${j}: Invalid \`data\` in \`redacted_thinking\` block`;
      }
    }
  }
  if (!thinkingEnabled(body)) return null;
  // In a tool loop (the last user turn answers tool_use), the assistant turn it answers must open with thinking.
  const last = messages.at(-1);
  const answersTools = Array.isArray(last?.content) && (last.content as Block[]).some((b) => b.type === 'tool_result');
  const i = messages.length - 2;
  const turn = messages[i];
  if (last?.role !== 'user' || !answersTools || turn?.role !== 'assistant' || !Array.isArray(turn.content)) return null;
  const first = (turn.content as Block[])[0]?.type;
  if (first === 'thinking' || first === 'redacted_thinking') return null;
  return `messages.${i}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${String(first)}\`. ${MISSING_THINKING}`;
}

// Thought signatures as Google documents them for Gemini 3, for the mock Gemini
// upstream (models named gemini-3…). The first function call of each model step
// carries a `thoughtSignature` (with parallel calls only the first); in the
// current turn (every step since the last user text) each step's first call must
// come back with its signature or the request is refused with 400. Google's
// documented placeholder for history from elsewhere is accepted; any other
// value that is not the one issued is refused. Here a signature is an HMAC of
// the call under a secret only this process knows.
import { createHmac, randomBytes } from 'node:crypto';

const SECRET = randomBytes(32);
/** Google: use one of these when a call has no signature of its own (history from another model). */
export const PLACEHOLDER_SIGNATURES = ['skip_thought_signature_validator', 'context_engineering_is_the_way_to_go'];

export function isThinkingGemini(model: string): boolean {
  return /gemini-3/.test(model);
}

export function signCall(name: string, args: unknown): string {
  return createHmac('sha256', SECRET).update(`call\0${name}\0${JSON.stringify(args ?? {})}`).digest('base64');
}

export function signText(text: string): string {
  return createHmac('sha256', SECRET).update(`text\0${text}`).digest('base64');
}

export function includeThoughts(body: Record<string, unknown>): boolean {
  const gen = body.generationConfig as { thinkingConfig?: { includeThoughts?: unknown } } | undefined;
  return gen?.thinkingConfig?.includeThoughts === true;
}

interface Part {
  text?: string;
  functionCall?: { name?: string; args?: unknown };
  functionResponse?: unknown;
  thoughtSignature?: string;
}

/** The 400 message Gemini 3 would answer this body's function calls with, or null. */
export function checkSignatures(body: Record<string, unknown>): string | null {
  const contents = (body.contents as { role?: string; parts?: Part[] }[] | undefined) ?? [];
  // The current turn starts after the last user content that holds text (not only function responses).
  let start = 0;
  for (const [i, c] of contents.entries()) if (c.role === 'user' && (c.parts ?? []).some((p) => typeof p.text === 'string')) start = i + 1;
  for (const [i, c] of contents.entries()) {
    if (c.role !== 'model') continue;
    const first = (c.parts ?? []).find((p) => p.functionCall);
    if (!first?.functionCall) continue;
    const sig = first.thoughtSignature;
    const name = String(first.functionCall.name);
    if (sig === undefined) {
      if (i < start) continue;
      return `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call \`default_api:${name}\` , position ${i + 1}. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.`;
    }
    if (!PLACEHOLDER_SIGNATURES.includes(sig) && sig !== signCall(name, first.functionCall.args)) {
      return `Corrupted thought signature. (contents[${i}], function call \`${name}\`)`;
    }
  }
  return null;
}

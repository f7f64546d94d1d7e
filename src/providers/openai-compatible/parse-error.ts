import type { UpstreamErrorInfo } from '../types.js';

const MAX_MESSAGE = 500;

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/**
 * OpenAI-style servers answer `{"error":{"message","type","code"}}`; others send
 * `{"error":"…"}`, `{"message":"…"}`, `{"detail":"…"}` or plain text. Take whatever is there.
 */
export function parseOpenAiError(status: number, body: string): UpstreamErrorInfo {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    const text = body.trim().slice(0, MAX_MESSAGE);
    return { message: text || `upstream answered HTTP ${status}` };
  }
  if (json && typeof json === 'object') {
    const o = json as Record<string, unknown>;
    const e = o.error;
    if (e && typeof e === 'object') {
      const eo = e as Record<string, unknown>;
      const code = eo.code === null || eo.code === undefined ? undefined : String(eo.code);
      return {
        message: (str(eo.message) ?? `upstream answered HTTP ${status}`).slice(0, MAX_MESSAGE),
        ...(str(eo.type) ? { type: str(eo.type) } : {}),
        ...(code ? { code } : {}),
      };
    }
    const msg = str(e) ?? str(o.message) ?? (typeof o.detail === 'string' ? o.detail : undefined);
    if (msg) return { message: msg.slice(0, MAX_MESSAGE) };
  }
  return { message: `upstream answered HTTP ${status}` };
}

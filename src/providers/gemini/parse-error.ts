import type { UpstreamErrorInfo } from '../types.js';

const MAX_MESSAGE = 500;

/** Gemini answers `{"error":{"code","message","status"}}`, sometimes wrapped in an array. */
export function parseGeminiError(status: number, body: string): UpstreamErrorInfo {
  try {
    let o = JSON.parse(body) as unknown;
    if (Array.isArray(o)) o = o[0];
    const e = (o as { error?: { message?: unknown; status?: unknown } } | null)?.error;
    if (e && typeof e.message === 'string' && e.message) {
      return { message: e.message.slice(0, MAX_MESSAGE), ...(typeof e.status === 'string' ? { type: e.status } : {}) };
    }
  } catch {
    const text = body.trim().slice(0, MAX_MESSAGE);
    if (text) return { message: text };
  }
  return { message: `upstream answered HTTP ${status}` };
}

import type { UpstreamErrorInfo } from '../types.js';

const MAX_MESSAGE = 500;

/** Anthropic answers `{"type":"error","error":{"type","message"}}`; proxies in front of it may not. */
export function parseAnthropicError(status: number, body: string): UpstreamErrorInfo {
  try {
    const o = JSON.parse(body) as { error?: { type?: unknown; message?: unknown } | string; message?: unknown };
    if (o && typeof o.error === 'object' && o.error !== null) {
      const message = typeof o.error.message === 'string' && o.error.message ? o.error.message : `upstream answered HTTP ${status}`;
      return { message: message.slice(0, MAX_MESSAGE), ...(typeof o.error.type === 'string' ? { type: o.error.type } : {}) };
    }
    const msg = typeof o?.error === 'string' ? o.error : typeof o?.message === 'string' ? o.message : undefined;
    if (msg) return { message: msg.slice(0, MAX_MESSAGE) };
  } catch {
    const text = body.trim().slice(0, MAX_MESSAGE);
    if (text) return { message: text };
  }
  return { message: `upstream answered HTTP ${status}` };
}

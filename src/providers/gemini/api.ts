/** Transport for the Gemini API (generativelanguage.googleapis.com) and servers that speak it. */
import type { Connection } from '../types.js';

/** `https://host` → `/v1beta`; a base that already names a version (`/v1beta`, `/v1`) is kept. */
export function geminiBase(baseUrl: string): string {
  const p = new URL(baseUrl).pathname.replace(/\/+$/, '');
  return /\/v1(beta|alpha)?\d*$/.test(p) ? p : `${p}/v1beta`;
}

export function geminiModelPath(baseUrl: string, model: string, stream: boolean): string {
  const id = encodeURIComponent(model.replace(/^models\//, ''));
  return `${geminiBase(baseUrl)}/models/${id}:${stream ? 'streamGenerateContent?alt=sse' : 'generateContent'}`;
}

export function geminiHeaders(conn: Connection, stream: boolean): Record<string, string> {
  const h: Record<string, string> = {
    'content-type': 'application/json',
    accept: stream ? 'text/event-stream' : 'application/json',
  };
  // The key goes in a header, never the query string, so it cannot end up in an access log.
  if (conn.credential) h['x-goog-api-key'] = conn.credential;
  return h;
}

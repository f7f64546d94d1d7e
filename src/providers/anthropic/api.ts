/** Transport for api.anthropic.com and servers that speak its Messages API. */
import type { Connection } from '../types.js';

export const ANTHROPIC_VERSION = '2023-06-01';

/** `https://api.anthropic.com` and `https://api.anthropic.com/v1` both mean the same origin prefix. */
export function anthropicPath(baseUrl: string, endpoint: 'messages' | 'models' | 'messages/count_tokens'): string {
  let p = new URL(baseUrl).pathname.replace(/\/+$/, '');
  if (!p.endsWith('/v1')) p += '/v1';
  return `${p}/${endpoint}`;
}

export function anthropicHeaders(conn: Connection, stream: boolean): Record<string, string> {
  const h: Record<string, string> = {
    'content-type': 'application/json',
    accept: stream ? 'text/event-stream' : 'application/json',
    'anthropic-version': ANTHROPIC_VERSION,
  };
  if (conn.credential) h['x-api-key'] = conn.credential;
  return h;
}

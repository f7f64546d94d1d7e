import type { Connection } from '../types.js';

/** `https://host/api/paas/v4/` → `/api/paas/v4`: the prefix every endpoint path hangs off. */
export function basePath(baseUrl: string): string {
  const p = new URL(baseUrl).pathname;
  return p.endsWith('/') ? p.slice(0, -1) : p;
}

/** Bearer credential and JSON content type, as every OpenAI-compatible server expects. */
export function jsonHeaders(conn: Connection): Record<string, string> {
  const h: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (conn.credential) h.authorization = `Bearer ${conn.credential}`;
  return h;
}

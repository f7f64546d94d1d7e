/**
 * Asks an upstream which models it serves (the list endpoint its adapter
 * names), following pages. A refusal is an answer, not an exception: the
 * caller saves the provider anyway and shows the message, which names what
 * the upstream said and never the credential.
 */
import type { ProviderType } from '../../core/index.js';
import { adapterFor } from '../registry.js';
import { parseModelPage } from './parse-model-list.js';

export type Discovery =
  | { ok: true; models: string[] }
  | { ok: false; status: number | null; message: string };

export interface DiscoverTarget {
  type: ProviderType;
  baseUrl: string;
  credential: string | null;
}

const MAX_PAGES = 20;
const PAGE_PARAMS: Partial<Record<ProviderType, Record<string, string>>> = { anthropic: { limit: '1000' }, gemini: { pageSize: '1000' } };

function snippet(text: string): string {
  const s = text.replace(/\s+/g, ' ').trim();
  return s.length > 160 ? `${s.slice(0, 160)}…` : s;
}

function upstreamMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown };
    const m = typeof parsed.error === 'string' ? parsed.error : parsed.error?.message ?? parsed.message;
    if (typeof m === 'string' && m) return snippet(m);
  } catch {
    // Not JSON: the raw text says more than nothing.
  }
  return snippet(body);
}

export async function discoverModels(target: DiscoverTarget, opts: { timeoutMs?: number; fetch?: typeof fetch } = {}): Promise<Discovery> {
  const adapter = adapterFor(target.type);
  if (!adapter) return { ok: false, status: null, message: `provider type '${target.type}' has no model list` };
  const doFetch = opts.fetch ?? fetch;
  const { path, headers } = adapter.modelsRequest({ baseUrl: target.baseUrl, credential: target.credential });
  const origin = new URL(target.baseUrl).origin;
  const found = new Set<string>();
  let params: Record<string, string> | null = PAGE_PARAMS[target.type] ?? {};
  const where = `${origin}${path}`;
  for (let page = 0; params && page < MAX_PAGES; page++) {
    const url = new URL(origin + path);
    for (const [k, v] of Object.entries({ ...PAGE_PARAMS[target.type], ...params })) url.searchParams.set(k, v);
    let res: Response;
    try {
      res = await doFetch(url, { headers, signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000), redirect: 'error' });
    } catch (err) {
      const timeout = err instanceof Error && err.name === 'TimeoutError';
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      const why = timeout ? 'no answer in time' : (cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err)));
      return { ok: false, status: null, message: `GET ${where} failed: ${why}` };
    }
    const text = await res.text();
    if (!res.ok) return { ok: false, status: res.status, message: `GET ${where} answered ${res.status}: ${upstreamMessage(text) || res.statusText}` };
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return { ok: false, status: res.status, message: `GET ${where} answered ${res.status} but not JSON: ${snippet(text)}` };
    }
    const parsed = parseModelPage(target.type, body);
    if (!parsed) return { ok: false, status: res.status, message: `GET ${where} answered JSON that is not a model list` };
    for (const id of parsed.ids) found.add(id);
    params = parsed.next;
  }
  return { ok: true, models: [...found].sort() };
}

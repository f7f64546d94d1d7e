/**
 * One page of an upstream's model list → model ids, per wire protocol.
 * OpenAI-compatible `{data:[{id}]}` (some local servers answer `{models:[{name}]}`),
 * Anthropic `{data:[{id}], has_more, last_id}`, Gemini `{models:[{name:"models/x"}], nextPageToken}`.
 */
import type { ProviderType } from '../../core/index.js';

export interface ModelPage {
  ids: string[];
  /** The query parameters for the next page, or null at the end. */
  next: Record<string, string> | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function ids(list: unknown, field: 'id' | 'name'): string[] | null {
  if (!Array.isArray(list)) return null;
  return list.flatMap((m) => {
    const v = isRecord(m) ? m[field] ?? m.id ?? m.name : typeof m === 'string' ? m : undefined;
    return typeof v === 'string' && v.length > 0 && v.length <= 200 ? [v] : [];
  });
}

/** Null when the body is not a model list of that protocol. */
export function parseModelPage(type: ProviderType, body: unknown): ModelPage | null {
  if (!isRecord(body)) return null;
  if (type === 'gemini') {
    if (!Array.isArray(body.models)) return null;
    // Embedding and other non-chat models cannot be routed to generateContent.
    const chat = body.models.filter(
      (m) => !isRecord(m) || !Array.isArray(m.supportedGenerationMethods) || m.supportedGenerationMethods.includes('generateContent'),
    );
    const list = (ids(chat, 'name') ?? []).map((n) => n.replace(/^models\//, ''));
    const token = typeof body.nextPageToken === 'string' && body.nextPageToken ? body.nextPageToken : null;
    return { ids: list, next: token ? { pageToken: token } : null };
  }
  if (type === 'anthropic') {
    const list = ids(body.data, 'id');
    if (!list) return null;
    const more = body.has_more === true && typeof body.last_id === 'string';
    return { ids: list, next: more ? { after_id: body.last_id as string } : null };
  }
  const list = ids(body.data, 'id') ?? ids(body.models, 'name');
  return list ? { ids: list, next: null } : null;
}

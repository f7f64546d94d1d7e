// Drives a provider adapter against a mock upstream over real HTTP (fetch is fine
// in tests), returning what the gateway would see: a parsed completion or the
// collected stream.
import type { ChatRequest, ChatResponse } from '../../src/core/index.js';
import { collectStream, type CollectedStream } from '../../src/providers/conformance.case.js';
import type { ProviderAdapter } from '../../src/providers/types.js';

export async function roundTrip(
  adapter: ProviderAdapter,
  baseUrl: string,
  credential: string,
  req: ChatRequest,
): Promise<{ status: number; json?: ChatResponse; stream?: CollectedStream; error?: string; headers: Headers }> {
  const up = adapter.chatRequest({ baseUrl, credential }, req);
  const res = await fetch(new URL(up.path, baseUrl), { method: 'POST', headers: up.headers, body: up.body });
  const text = await res.text();
  if (res.status !== 200) return { status: res.status, error: adapter.parseError(res.status, text).message, headers: res.headers };
  if (req.stream) return { status: 200, stream: collectStream(adapter.chatStream(req.model), text), headers: res.headers };
  return { status: 200, json: adapter.parseChatResponse(JSON.parse(text), req.model), headers: res.headers };
}

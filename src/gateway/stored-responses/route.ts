/** `GET` and `DELETE /v1/responses/{id}`: a stored response, for the key that created it only. */
import { SwitchyardError, type InferenceKey } from '../../core/index.js';
import { sendJson } from '../http/reply.js';
import type { RequestContext } from '../request-context.js';
import type { ResponseStore } from './store.js';

export const STORED_PREFIX = '/v1/responses/';

export async function serveStoredResponse(ctx: RequestContext, path: string, key: InferenceKey, store: ResponseStore): Promise<void> {
  let id = path.slice(STORED_PREFIX.length);
  try {
    id = decodeURIComponent(id);
  } catch {
    // A malformed escape: no id of ours looks like that, so the look-up's shape check answers 404.
  }
  const method = ctx.req.method;
  if (method === 'GET') {
    const stored = await store.get(id, key.id);
    sendJson(ctx, 200, JSON.stringify(stored.response));
    return;
  }
  if (method === 'DELETE') {
    await store.remove(id, key.id);
    sendJson(ctx, 200, JSON.stringify({ id, object: 'response', deleted: true }));
    return;
  }
  throw new SwitchyardError('BAD_REQUEST', `${STORED_PREFIX}{id} takes GET or DELETE, not ${method}`, { status: 405 });
}

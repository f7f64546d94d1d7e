/**
 * `POST /v1/responses` and storage: before routing, `previous_response_id` is
 * expanded into the body (the stored conversation, its answer, then the new
 * input) and the request parsed again, so every attempt — translated to chat or
 * passed through to a native Responses upstream — sends the whole conversation
 * and never our id. After the answer, the finished turn is kept (store.ts).
 */
import { SwitchyardError } from '../../core/index.js';
import { exactJson, parseRequest } from '../request-body.js';
import type { RequestContext } from '../request-context.js';
import type { WireFormat } from '../wire/index.js';
import { expandInput, inputItems } from './expand.js';
import type { ResponseStore } from './store.js';
import type { ResponsesTurn } from './types.js';

/**
 * Sets `ctx.responses` (and, with `previous_response_id`, replaces the body and
 * `ctx.parsed`). Runs after a successful parse, so the two fields have their types.
 */
export async function prepareTurn(ctx: RequestContext, store: ResponseStore, wire: WireFormat): Promise<void> {
  const key = ctx.key;
  if (!key) throw new SwitchyardError('INTERNAL', 'a responses turn before authentication');
  // The cheap parse is enough to read two ASCII-valued fields; a non-ASCII id cannot be one of ours anyway.
  const cheap = (ctx.bodyJson ?? ctx.lifted?.json ?? exactJson(ctx)) as { store?: unknown; previous_response_id?: unknown };
  const storeIt = cheap.store !== false;
  const previous = typeof cheap.previous_response_id === 'string' && cheap.previous_response_id !== '' ? cheap.previous_response_id : null;
  // store: false and nothing to continue (Codex): no decoding, no copy, nothing kept.
  if (!storeIt && previous === null) return;
  const body = exactJson(ctx) as Record<string, unknown>;
  let input: unknown[];
  if (previous === null) {
    input = inputItems(body.input);
  } else {
    input = expandInput(await store.get(previous, key.id), body.input);
    const expanded: Record<string, unknown> = { ...body, input };
    delete expanded.previous_response_id;
    replaceBody(ctx, Buffer.from(JSON.stringify(expanded), 'utf8'));
    ctx.parsed = parseRequest(ctx, wire);
  }
  const turn: ResponsesTurn = { store: storeIt, previousResponseId: previous, input, answer: null };
  ctx.responses = turn;
}

/** The body as if the client had sent these bytes: every reading of the old one is dropped. */
function replaceBody(ctx: RequestContext, bytes: Buffer): void {
  ctx.bodyBytes = bytes;
  ctx.bodyText = '';
  ctx.bodyJson = undefined;
  ctx.exactBodyJson = undefined;
  ctx.byteParsed = undefined;
  ctx.lifted = undefined;
  ctx.modelMember = null;
}

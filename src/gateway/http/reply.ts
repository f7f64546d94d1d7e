import type { OutgoingHttpHeaders } from 'node:http';
import type { SwitchyardError } from '../../core/index.js';
import type { RequestContext } from '../request-context.js';
import { answerThenDrain } from './drain-refused.js';

/** The three headers SPEC §1 puts on every answer, plus the content type. */
export function baseHeaders(ctx: RequestContext, contentType: string): OutgoingHttpHeaders {
  return {
    'content-type': contentType,
    'x-request-id': ctx.id,
    'x-switchyard-provider': ctx.provider,
    'x-switchyard-model': ctx.model,
  };
}

function jsonHeaders(ctx: RequestContext, body: string | Buffer): OutgoingHttpHeaders {
  const h = baseHeaders(ctx, 'application/json');
  h['content-length'] = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  return h;
}

export function sendJson(ctx: RequestContext, status: number, body: string | Buffer, extra?: OutgoingHttpHeaders): void {
  const h = jsonHeaders(ctx, body);
  if (extra) Object.assign(h, extra);
  ctx.res.writeHead(status, h);
  ctx.res.end(body);
}

/** An error in the caller's wire format; nothing if the answer already began. */
export function sendError(ctx: RequestContext, err: SwitchyardError): void {
  const res = ctx.res;
  if (res.headersSent || res.destroyed) return;
  const { status, body } = ctx.wire.renderError(err);
  const extra: OutgoingHttpHeaders = {};
  if (err.retryAfterSec !== undefined) extra['retry-after'] = String(Math.max(0, Math.ceil(err.retryAfterSec)));
  if (err.code === 'BODY_TOO_LARGE') return answerThenDrain(ctx.req, res, status, { ...jsonHeaders(ctx, body), ...extra }, body);
  sendJson(ctx, status, body, extra);
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InferenceKey, TokenUsage } from '../core/index.js';
import { RequestAbort } from './request-abort.js';
import type { Route } from './routing/index.js';
import type { ParsedRequest, WireFormat } from './wire/index.js';

/** Everything one /v1 request accumulates on its way through the pipeline. */
export interface RequestContext {
  readonly id: string;
  /** Epoch ms at arrival. */
  readonly start: number;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** Aborted when the client goes away or the server stops waiting at shutdown. */
  readonly abort: RequestAbort;
  wire: WireFormat;
  key: InferenceKey | null;
  /** The request body as received (pass-through attempts forward it), and decoded. */
  bodyBytes: Buffer;
  bodyText: string;
  parsed: ParsedRequest | null;
  route: Route | null;
  /** Values of x-switchyard-provider / x-switchyard-model. */
  provider: string;
  model: string;
  ttfbMs: number | null;
  /** `provider/model:outcome` of every attempt, in order. */
  fallbackPath: string[];
}

/** What a finished attempt reports for the usage row. */
export interface Outcome {
  status: number;
  usage: TokenUsage | null;
  errorCode: string | null;
}

const EMPTY = Buffer.alloc(0);

export function newContext(id: string, req: IncomingMessage, res: ServerResponse, wire: WireFormat): RequestContext {
  return {
    id,
    start: Date.now(),
    req,
    res,
    abort: new RequestAbort(),
    wire,
    key: null,
    bodyBytes: EMPTY,
    bodyText: '',
    parsed: null,
    route: null,
    provider: 'none',
    model: 'none',
    ttfbMs: null,
    fallbackPath: [],
  };
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InferenceKey, TokenUsage } from '../core/index.js';
import { RequestAbort } from './request-abort.js';
import type { Route } from './routing/index.js';
import type { ResponsesTurn } from './stored-responses/types.js';
import type { ParsedRequest, WireFormat } from './wire/index.js';
import type { Member } from './wire/json-scan.js';
import type { LiftedBody } from './wire/lift-strings.js';

/** A body with its long strings lifted out, and the request parsed from that skeleton. */
export interface LiftedRequest {
  body: LiftedBody;
  /** The skeleton parsed: exact for every member that is not a long string (latin1-read when not ASCII). */
  json: unknown;
  parsed: ParsedRequest;
}

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
  /**
   * The request body as received (pass-through attempts forward it). While an
   * upstream call is in flight its model pair may hold the upstream's name
   * (attempt/splice-model.ts puts the client's back).
   */
  bodyBytes: Buffer;
  /**
   * Its latin1 reading (one char per byte, so an index is a byte offset) and
   * that parsed: exact only when `bodyAscii`; see request-body.ts. Empty for a
   * lifted Responses or Messages body, which is read from its skeleton.
   */
  bodyText: string;
  bodyJson: unknown;
  bodyAscii: boolean;
  /** The UTF-8 decoded parse, once something needed it. */
  exactBodyJson: unknown;
  parsed: ParsedRequest | null;
  /** The request parsed from the latin1 reading, for translation without decoding (request-body.ts); null: not available. */
  byteParsed: ParsedRequest | null | undefined;
  /** The request parsed with its long strings lifted out, for translators that only move them (wire/lift-strings.ts); null: not available. */
  lifted: LiftedRequest | null | undefined;
  /** Where `"model": …` is in the bytes, when the body was scanned rather than parsed. */
  modelMember: Member | null;
  /** Whether `parsed` holds the client's exact strings (else: ASCII ones exact, the rest latin1-read). */
  parsedExact: boolean;
  route: Route | null;
  /** Values of x-switchyard-provider / x-switchyard-model. */
  provider: string;
  model: string;
  ttfbMs: number | null;
  /** `provider/model:outcome` of every attempt, in order. */
  fallbackPath: string[];
  /** `/v1/responses` that stores or continues a response; null: nothing to store (or another API). */
  responses: ResponsesTurn | null;
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
    bodyJson: undefined,
    bodyAscii: true,
    exactBodyJson: undefined,
    parsed: null,
    parsedExact: true,
    modelMember: null,
    byteParsed: undefined,
    lifted: undefined,
    route: null,
    provider: 'none',
    model: 'none',
    ttfbMs: null,
    fallbackPath: [],
    responses: null,
  };
}

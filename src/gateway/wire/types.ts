import type { ChatChunk, ChatRequest, ChatResponse, ReasoningDetail, SwitchyardError, WireApi } from '../../core/index.js';

/** What a wire format needs to know about the request it answers. */
export interface WireContext {
  requestId: string;
  /** The model name the client asked for (`provider/model` or a combo name). */
  requestedModel: string;
  created: number;
  /** The client asked for usage in the stream (chat's `stream_options.include_usage`). */
  includeUsage?: boolean;
  /**
   * Seals one turn's reasoning for the client to send back (bound to the upstream that
   * produced it); undefined when sealing is off or there is nothing to seal.
   */
  seal?: (r: { text?: string; details?: ReasoningDetail[] }) => string | undefined;
  /** Responses only: what the response object says of storage (`store`, `previous_response_id`); absent: not stored. */
  store?: boolean;
  previousResponseId?: string | null;
}

/** A parsed client request in canonical (Chat Completions) form. */
export interface ParsedRequest {
  chat: ChatRequest;
  stream: boolean;
  /** The client's `model`, before routing. */
  model: string;
}

/** Encodes canonical chat chunks as the client's SSE stream. Stateful, one per request. */
export interface StreamEncoder {
  /** Frames to send before the first chunk (may be ''). */
  start(): string;
  chunk(c: ChatChunk): string;
  /** The closing frames after a clean upstream end. */
  end(): string;
  /** A failure after the stream began, in the client's own error event. */
  error(err: SwitchyardError): string;
  /** The finished response object as JSON once end() ran (Responses: what a stored response keeps); else null. */
  final?(): string | null;
}

/**
 * One client-facing API on /v1 (chat, responses, messages): parse into the
 * canonical form, render answers and errors back in the caller's format.
 */
export interface WireFormat {
  readonly api: WireApi;
  /** Validates a parsed JSON body; throws SwitchyardError (400) on bad input. */
  parse(body: unknown): ParsedRequest;
  render(resp: ChatResponse, ctx: WireContext): unknown;
  streamEncoder(ctx: WireContext): StreamEncoder;
  /** Status, body and headers of an error in this API's format. */
  renderError(err: SwitchyardError): { status: number; body: string };
}

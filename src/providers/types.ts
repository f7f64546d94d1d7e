import type { ChatChunk, ChatRequest, ChatResponse, ProviderType, SseEvent } from '../core/index.js';

/** What an adapter needs to know of a provider connection to talk to it. */
export interface Connection {
  baseUrl: string;
  credential: string | null;
}

export interface UpstreamRequest {
  /** Absolute path on the provider's origin, query included. */
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** What the gateway knows of a request beyond its canonical form. */
export interface RequestHints {
  /**
   * The client cannot mark prompt-cache breakpoints (the Responses API has none):
   * an adapter whose provider caches only where told (Anthropic) places them.
   */
  autoCache?: boolean;
}

export interface UpstreamErrorInfo {
  message: string;
  type?: string;
  code?: string;
}

/** Turns one provider's stream into canonical chat chunks, statefully. */
export interface ChatStreamTranslator {
  push(event: SseEvent): ChatChunk[];
  /** Called once at a clean end of the upstream stream. */
  end(): ChatChunk[];
}

/**
 * One outbound protocol. The canonical request is Chat Completions with `model`
 * already the provider's own model id.
 */
export interface ProviderAdapter {
  readonly type: ProviderType;
  /**
   * Whether chatRequest only moves string content (never parses, trims or
   * measures a string): then the gateway may hand it placeholders for long
   * strings and put the bytes back after (gateway/wire/lift-strings.ts).
   */
  readonly opaqueStrings?: boolean;
  chatRequest(conn: Connection, req: ChatRequest, hints?: RequestHints): UpstreamRequest;
  parseChatResponse(body: unknown, model: string): ChatResponse;
  chatStream(model: string): ChatStreamTranslator;
  parseError(status: number, body: string): UpstreamErrorInfo;
  /** Path of the model listing, for `providers test`. */
  modelsRequest(conn: Connection): { path: string; headers: Record<string, string> };
}

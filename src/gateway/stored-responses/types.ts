/** What one `POST /v1/responses` carries for storage, from its parse to the write after the answer. */
export interface ResponsesTurn {
  /** `store` as the client sent it; absent means true (the Responses API default). */
  store: boolean;
  previousResponseId: string | null;
  /**
   * The whole conversation as it went upstream: the previous response's stored input and output, then this
   * request's input. A follow-up starts from this plus the answer, so a chain never needs its older links.
   */
  input: unknown[];
  /** The finished response object as JSON, set by the attempt that answered; null: nothing to keep. */
  answer: string | null;
}

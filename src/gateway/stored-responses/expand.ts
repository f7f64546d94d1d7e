/**
 * The conversation a stored response continues: `previous_response_id` is
 * expanded by the gateway (for chat and native Responses upstreams alike) into
 * input items, so no upstream ever sees our ids.
 */

/** What a stored row's body holds (sealed by the repository). */
export interface StoredBody {
  /** The conversation's input items up to and including that turn's. */
  input: unknown[];
  /** The response object as GET answers it; its `output` is the turn's answer. */
  response: Record<string, unknown>;
}

/** Ids we could have stored: ours are `resp_` + hex, a native upstream's similar. Anything else is unknown without a look-up. */
const ID_SHAPE = /^[A-Za-z0-9_-]{1,128}$/;

export function plausibleResponseId(id: string): boolean {
  return ID_SHAPE.test(id);
}

/** A request's `input` as items (a plain string is one user message, as the Responses API reads it). */
export function inputItems(input: unknown): unknown[] {
  if (typeof input === 'string') return [{ type: 'message', role: 'user', content: input }];
  return Array.isArray(input) ? input : [];
}

/** The stored conversation, its answer, then the new input: what goes upstream in place of `previous_response_id`. */
export function expandInput(prev: StoredBody, input: unknown): unknown[] {
  const output = Array.isArray(prev.response.output) ? (prev.response.output as unknown[]) : [];
  return [...prev.input, ...output, ...inputItems(input)];
}

/** The row body for a finished turn; the response object says what is true of it now that it is kept. */
export function storedBodyJson(input: unknown[], answerJson: string, previousResponseId: string | null): { id: string; json: string } | null {
  let response: unknown;
  try {
    response = JSON.parse(answerJson);
  } catch {
    return null;
  }
  if (typeof response !== 'object' || response === null || Array.isArray(response)) return null;
  const r = response as Record<string, unknown>;
  if (typeof r.id !== 'string' || !plausibleResponseId(r.id) || r.status === 'failed') return null;
  r.store = true;
  r.previous_response_id = previousResponseId;
  const body: StoredBody = { input, response: r };
  return { id: r.id, json: JSON.stringify(body) };
}

/** A row body read back; null when it is not one (never thrown: a damaged row is an unknown id). */
export function parseStoredBody(json: string): StoredBody | null {
  try {
    const b = JSON.parse(json) as Partial<StoredBody>;
    if (!Array.isArray(b.input) || typeof b.response !== 'object' || b.response === null) return null;
    return { input: b.input, response: b.response };
  } catch {
    return null;
  }
}

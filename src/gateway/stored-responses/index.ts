/** Stored Responses API responses: `store`, `previous_response_id`, GET/DELETE /v1/responses/{id}. */
export { createResponseStore, type ResponseStore, type ResponseStoreOptions } from './store.js';
export { prepareTurn } from './turn.js';
export { serveStoredResponse, STORED_PREFIX } from './route.js';
export type { ResponsesTurn } from './types.js';

/**
 * Stored responses over the repository: the size cap, the expiry purge, and
 * the guarantee that a follow-up sent the moment an answer ended finds it.
 *
 * The write starts as soon as the answer is complete (after the client has its
 * last byte, so never on the answer's path) and is not batched: the id is in
 * `pending` from that moment, and a read of it waits for the write. On one
 * instance a follow-up can therefore never miss; on a fleet (PostgreSQL) another
 * instance sees the row once its one INSERT commits.
 */
import type { Logger } from 'pino';
import { SwitchyardError } from '../../core/index.js';
import type { ResponseRepo } from '../../storage/index.js';
import { parseStoredBody, plausibleResponseId, storedBodyJson, type StoredBody } from './expand.js';
import type { ResponsesTurn } from './types.js';

export interface ResponseStoreOptions {
  repo: ResponseRepo;
  ttlMs: number;
  maxBytes: number;
  logger: Logger;
  now?: () => number;
}

export interface ResponseStore {
  /** The stored response of that key; RESPONSE_NOT_FOUND for unknown, expired, deleted or another key's. */
  get(id: string, keyId: string): Promise<StoredBody>;
  /** Deletes it; RESPONSE_NOT_FOUND as for get. */
  remove(id: string, keyId: string): Promise<void>;
  /** Keeps a finished turn (in the background; failures are logged). */
  save(turn: ResponsesTurn, keyId: string): void;
  /** Writes still in flight, for drain. */
  flush(): Promise<void>;
}

/** How often, at most, a write also deletes expired rows (reads never return them either way). */
const PURGE_EVERY_MS = 60_000;

export function notFound(id: string): SwitchyardError {
  const shown = id.length > 64 ? `${id.slice(0, 64)}…` : id;
  return new SwitchyardError('RESPONSE_NOT_FOUND', `no stored response '${shown}' for this key: it is unknown, expired (responses are kept for a limited time), deleted, was created with store: false, or belongs to another key`);
}

export function createResponseStore(opts: ResponseStoreOptions): ResponseStore {
  const { repo, ttlMs, maxBytes, logger } = opts;
  const now = opts.now ?? Date.now;
  const pending = new Map<string, Promise<void>>();
  let lastPurge = 0;
  let warnedTooLarge = false;

  async function settled(id: string): Promise<void> {
    await pending.get(id)?.catch(() => {});
  }

  function purge(at: number): void {
    if (at - lastPurge < PURGE_EVERY_MS) return;
    lastPurge = at;
    repo.removeExpired(at).catch((err: unknown) => logger.warn({ err }, 'purging expired stored responses failed'));
  }

  return {
    async get(id, keyId) {
      if (!plausibleResponseId(id)) throw notFound(id);
      await settled(id);
      const row = await repo.get(id, keyId, now());
      const body = row && parseStoredBody(row.body);
      if (!body) throw notFound(id);
      return body;
    },
    async remove(id, keyId) {
      if (!plausibleResponseId(id)) throw notFound(id);
      await settled(id);
      if (!(await repo.remove(id, keyId, now()))) throw notFound(id);
    },
    save(turn, keyId) {
      if (!turn.store || !turn.answer) return;
      const body = storedBodyJson(turn.input, turn.answer, turn.previousResponseId);
      if (!body) return;
      const bytes = Buffer.byteLength(body.json);
      if (bytes > maxBytes) {
        // Once per process: a client that keeps sending long conversations would otherwise fill the log.
        if (!warnedTooLarge) logger.warn({ responseId: body.id, bytes, maxBytes }, 'a response is larger than responses.storeMaxBytes and was not stored (logged once)');
        warnedTooLarge = true;
        return;
      }
      const at = now();
      const write = repo
        .put({ id: body.id, keyId, createdAt: at, expiresAt: at + ttlMs, body: body.json })
        .catch((err: unknown) => logger.warn({ err, responseId: body.id }, 'storing a response failed'))
        .finally(() => {
          if (pending.get(body.id) === write) pending.delete(body.id);
        });
      pending.set(body.id, write);
      purge(at);
    },
    async flush() {
      await Promise.all([...pending.values()]);
    },
  };
}

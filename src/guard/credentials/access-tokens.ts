/**
 * Access-token verification (`sya_live_…`): offline shape and CRC32 check,
 * then a SHA-256 lookup. Found tokens are cached briefly in memory; any change
 * to tokens (events 'tokens') drops the cache, and the TTL bounds how long a
 * revocation made by another instance can go unseen (SPEC §6: one second).
 */
import { hashAccessToken, isWellFormedAccessToken, type AccessToken } from '../../core/index.js';
import type { ChangeBus, TokenRepo } from '../../storage/index.js';

export const TOKEN_CACHE_TTL_MS = 1000;
/** last-used times are written in batches at most this often. */
const TOUCH_INTERVAL_MS = 5000;
const CACHE_MAX = 10_000;

export type TokenCheck =
  | { ok: true; token: AccessToken }
  | { ok: false; reason: 'malformed' | 'unknown' | 'expired' | 'revoked'; token?: AccessToken };

export interface TokenVerifier {
  /** Throws only when the credential store cannot be read. */
  verify(secret: string): Promise<TokenCheck>;
  /** Writes pending last-used times now (shutdown, tests). */
  flush(): Promise<void>;
}

export function createTokenVerifier(opts: {
  repo: TokenRepo;
  events?: ChangeBus;
  now?: () => number;
  onError?: (err: unknown) => void;
}): TokenVerifier {
  const now = opts.now ?? Date.now;
  const cache = new Map<string, { token: AccessToken | undefined; at: number }>();
  opts.events?.on('tokens', () => cache.clear());

  const pending = new Map<string, number>();
  let lastFlush = 0;
  let flushing: Promise<void> | undefined;
  const flush = async (): Promise<void> => {
    lastFlush = now();
    const batch = [...pending];
    pending.clear();
    for (const [id, at] of batch) await opts.repo.touch(id, at);
  };
  let timer: NodeJS.Timeout | undefined;
  const flushSoon = (): void => {
    // Off the hot path: the request never waits for this write.
    flushing = flush()
      .catch((err: unknown) => opts.onError?.(err))
      .finally(() => (flushing = undefined));
  };
  const noteUse = (id: string): void => {
    pending.set(id, now());
    if (flushing || timer) return;
    const wait = Math.max(0, TOUCH_INTERVAL_MS - (now() - lastFlush));
    timer = setTimeout(() => {
      timer = undefined;
      flushSoon();
    }, wait);
    // A pending last-used time never keeps the process alive.
    timer.unref();
  };

  const lookup = async (hash: string): Promise<AccessToken | undefined> => {
    const hit = cache.get(hash);
    const t = now();
    if (hit && t - hit.at < TOKEN_CACHE_TTL_MS) return hit.token;
    const token = await opts.repo.findByHash(hash);
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(hash, { token, at: t });
    return token;
  };

  return {
    async verify(secret) {
      if (!isWellFormedAccessToken(secret)) return { ok: false, reason: 'malformed' };
      // The lookup is by SHA-256 of the secret: equality of hashes leaks nothing usable about the secret.
      const token = await lookup(hashAccessToken(secret));
      if (!token) return { ok: false, reason: 'unknown' };
      if (token.revokedAt !== null) return { ok: false, reason: 'revoked', token };
      if (token.expiresAt !== null && token.expiresAt <= now()) return { ok: false, reason: 'expired', token };
      noteUse(token.id);
      return { ok: true, token };
    },
    async flush() {
      await flushing;
      await flush();
    },
  };
}

import { maskSecret } from '../../output.js';

export interface TokenRow {
  id: string;
  name: string;
  prefix?: string;
  scope: string;
  parentId?: string | null;
  expiresAt: number | null;
  lastUsedAt?: number | null;
  revokedAt?: number | null;
  createdAt?: number;
}

/** Whatever the server sends as the prefix, never more than `sya_live_` + 4 is shown. */
export function shownPrefix(t: { prefix?: string }): string {
  return t.prefix ? maskSecret(t.prefix.replace(/\u2026$/, '')) : '-';
}

export function tokenStatus(t: TokenRow, now = Date.now()): string {
  if (t.revokedAt) return 'revoked';
  if (t.expiresAt !== null && t.expiresAt <= now) return 'expired';
  return 'active';
}

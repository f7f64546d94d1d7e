/**
 * Sealing of upstream reasoning into the opaque field a client sends back
 * untouched (Responses `encrypted_content`, Anthropic `signature`). AES-256-GCM
 * under a key derived from the instance secret, so only this instance (or a
 * fleet sharing its secret) can open it and any change to it is detected.
 * Opening never throws: a tampered or foreign seal is dropped with a warning.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Logger } from 'pino';
import type { ReasoningDetail } from '../../core/index.js';

/** What one upstream turn's reasoning needs to be put back where it came from. */
export interface SealedReasoning {
  /** Provider (connection) name and model the reasoning came from: signatures are bound to them. */
  provider: string;
  model: string;
  text?: string;
  details?: ReasoningDetail[];
}

export interface ReasoningSealer {
  readonly enabled: boolean;
  seal(r: SealedReasoning): string | undefined;
  open(token: string, requestId?: string): SealedReasoning | null;
}

/** Our seals start with this, so a signature issued by Anthropic itself is told apart without a warning. */
export const SEAL_PREFIX = 'sy1.';
const INFO = 'switchyard reasoning seal v1';
/** A seal bigger than this is not opened (the body limit bounds it anyway; this bounds inflation). */
const MAX_PLAIN_BYTES = 64 * 1024 * 1024;

export function isOurSeal(token: string): boolean {
  return token.startsWith(SEAL_PREFIX);
}

/** `instanceKey` null: sealing off (nothing is sealed, every seal is dropped). */
export function createReasoningSealer(instanceKey: Buffer | null, logger?: Pick<Logger, 'warn'>): ReasoningSealer {
  if (!instanceKey) {
    return { enabled: false, seal: () => undefined, open: () => null };
  }
  const key = Buffer.from(hkdfSync('sha256', instanceKey, Buffer.alloc(0), INFO, 32));
  const aad = Buffer.from(INFO);
  return {
    enabled: true,
    seal(r) {
      const plain = deflateRawSync(Buffer.from(JSON.stringify(r), 'utf8'));
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(aad);
      const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
      return SEAL_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64url');
    },
    open(token, requestId) {
      try {
        if (!isOurSeal(token)) throw new Error('not a Switchyard seal');
        const raw = Buffer.from(token.slice(SEAL_PREFIX.length), 'base64url');
        if (raw.length < 29) throw new Error('too short');
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        decipher.setAAD(aad);
        decipher.setAuthTag(raw.subarray(12, 28));
        const plain = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
        const v: unknown = JSON.parse(inflateRawSync(plain, { maxOutputLength: MAX_PLAIN_BYTES }).toString('utf8'));
        if (!isSealed(v)) throw new Error('unexpected content');
        return v;
      } catch (err) {
        logger?.warn({ requestId, reason: err instanceof Error ? err.message : String(err) }, 'reasoning seal dropped: tampered, foreign or from another instance secret');
        return null;
      }
    },
  };
}

function isSealed(v: unknown): v is SealedReasoning {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return typeof o.provider === 'string' && typeof o.model === 'string'
    && (o.text === undefined || typeof o.text === 'string')
    && (o.details === undefined || Array.isArray(o.details));
}

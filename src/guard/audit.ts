import { appendFileSync } from 'node:fs';
import type { Context } from 'hono';
import type { AuditEvent, AuditOutcome } from '../core/index.js';
import type { AuditRepo } from '../storage/index.js';
import type { GuardVariables } from './principal.js';

/**
 * Audit events go to an append-only JSON Lines file in the instance directory
 * (0600 through the server's umask) and to the audit table. Callers pass only
 * masked values in `details`: this layer never sees a secret.
 */
export interface AuditLog {
  /** Records an event about the current request (actor, source, UA, path from the context). */
  record(
    c: Context<{ Variables: GuardVariables }>,
    event: string,
    outcome: AuditOutcome,
    details?: Record<string, unknown>,
  ): Promise<void>;
  /** Records an event with explicit fields (no request at hand, or before the guard ran). */
  write(e: AuditEvent): Promise<void>;
}

const SECRET_FIELDS = /^(password|secret|apikey|api_key|authtoken|token|key|credential|clienttoken)$/i;

/**
 * A second line of defence: whole secrets that slipped into `details` are cut
 * to a recognisable prefix, and fields named like secrets are dropped.
 */
export function maskSecrets(value: unknown, field = ''): unknown {
  if (typeof value === 'string') {
    if (SECRET_FIELDS.test(field)) return '[redacted]';
    return value
      .replace(/sya_live_([A-Za-z0-9]{4})[A-Za-z0-9]{34}/g, 'sya_live_$1…')
      .replace(/sk-sy-([A-Za-z0-9]{4})[A-Za-z0-9]{36}/g, 'sk-sy-$1…');
  }
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskSecrets(v, k)]));
  }
  return value;
}

export function createAuditLog(opts: { file: string; repo: AuditRepo; onError?: (err: unknown) => void }): AuditLog {
  const write = async (event: AuditEvent): Promise<void> => {
    const e: AuditEvent = event.details ? { ...event, details: maskSecrets(event.details) as Record<string, unknown> } : event;
    try {
      appendFileSync(opts.file, JSON.stringify({ ...e, time: new Date(e.ts).toISOString() }) + '\n', { mode: 0o600 });
      await opts.repo.append(e);
    } catch (err) {
      opts.onError?.(err);
    }
  };
  return {
    write,
    record(c, event, outcome, details) {
      const principal = c.get('principal') as GuardVariables['principal'] | undefined;
      return write({
        ts: Date.now(),
        event,
        outcome,
        actor: principal?.actor ?? 'anonymous',
        source: (c.get('peer') as string | undefined) ?? '',
        userAgent: c.req.header('user-agent') ?? null,
        path: c.req.path,
        ...(details ? { details } : {}),
      });
    },
  };
}

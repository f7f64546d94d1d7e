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

export function createAuditLog(opts: { file: string; repo: AuditRepo; onError?: (err: unknown) => void }): AuditLog {
  const write = async (e: AuditEvent): Promise<void> => {
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

/**
 * The request-log filters shared by GET /api/logs and its live tail
 * (/api/logs/stream): status (`ok`, `error` or one code), model (`provider/model`,
 * the bare model id, or the combo it was addressed by) and key (its id, or its name). Filtering runs
 * in the database so a page of 50 is 50 matching rows, not 50 rows then filtered.
 */
import { z } from 'zod';
import type { UsageQuery } from '../storage/index.js';
import type { ManagementDeps } from './types.js';

export const logFilterFields = {
  status: z
    .string()
    .regex(/^(ok|error|[1-5]\d\d)$/, "'ok', 'error' or an HTTP status code")
    .transform((s): 'ok' | 'error' | number => (s === 'ok' || s === 'error' ? s : Number(s)))
    .optional(),
  model: z.string().min(1).max(300).optional(),
  key: z.string().min(1).max(200).optional(),
};

export interface LogFilterInput {
  status?: 'ok' | 'error' | number;
  model?: string;
  key?: string;
}

/** `key` may be an id or a key's name; a name that matches no key matches no rows. */
export async function toUsageFilter(deps: ManagementDeps, f: LogFilterInput): Promise<Pick<UsageQuery, 'status' | 'model' | 'keyId'>> {
  const out: Pick<UsageQuery, 'status' | 'model' | 'keyId'> = {};
  if (f.status !== undefined) out.status = f.status;
  if (f.model !== undefined) out.model = f.model;
  if (f.key !== undefined) {
    const byId = await deps.repos.keys.get(f.key);
    out.keyId = byId?.id ?? (await deps.repos.keys.list()).find((k) => k.name === f.key)?.id ?? f.key;
  }
  return out;
}

/**
 * The export file of /api/settings/database: rows as they are stored (secrets
 * stay hashed or encrypted), validated in full before an import touches anything.
 */
import { z } from 'zod';
import { COMBO_STRATEGIES, PROVIDER_TYPES, SCOPES } from '../core/index.js';

export const SNAPSHOT_FORMAT = 'switchyard-export';
export const SNAPSHOT_VERSION = 1;

const ms = z.number().int().nonnegative();
const flag = z.union([z.literal(0), z.literal(1)]);
const text = z.string().min(1);

/** A text column holding JSON: it must parse and match `shape`. */
function jsonText(shape: z.ZodType, what: string) {
  return z.string().refine((s) => {
    try {
      return shape.safeParse(JSON.parse(s)).success;
    } catch {
      return false;
    }
  }, `must be JSON text holding ${what}`);
}

const modelList = z.array(z.looseObject({ id: z.string().min(1) }));
const targetList = z.array(z.looseObject({ model: z.string().min(1), weight: z.number().optional() }));

export const providerRow = z.object({
  id: text,
  name: text,
  type: z.enum(PROVIDER_TYPES),
  base_url: text,
  preset: z.string().nullable(),
  models: jsonText(modelList, 'a list of models'),
  credential_enc: z.string().nullable(),
  enabled: flag,
  supports_responses: flag,
  created_at: ms,
  updated_at: ms,
});

export const keyRow = z.object({
  id: text,
  name: z.string(),
  prefix: text,
  key_hash: text,
  allowed_models: jsonText(z.array(z.string()), 'a list of model names').nullable(),
  rpm_limit: z.number().int().positive().nullable(),
  daily_budget_usd: z.number().nonnegative().nullable(),
  monthly_budget_usd: z.number().nonnegative().nullable(),
  expires_at: ms.nullable(),
  revoked_at: ms.nullable(),
  created_at: ms,
  last_used_at: ms.nullable(),
});

export const comboRow = z.object({
  id: text,
  name: text,
  strategy: z.enum(COMBO_STRATEGIES as [string, ...string[]]),
  targets: jsonText(targetList, 'a list of targets'),
  created_at: ms,
  updated_at: ms,
});

export const tokenRow = z.object({
  id: text,
  name: z.string(),
  prefix: text,
  token_hash: text,
  scope: z.enum(SCOPES),
  parent_id: z.string().nullable(),
  expires_at: ms.nullable(),
  last_used_at: ms.nullable(),
  revoked_at: ms.nullable(),
  created_at: ms,
});

export const snapshotSchema = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  version: z.literal(SNAPSHOT_VERSION),
  exportedAt: z.string(),
  providers: z.array(providerRow),
  keys: z.array(keyRow),
  combos: z.array(comboRow),
  tokens: z.array(tokenRow),
  settings: z.record(z.string().min(1), z.json()),
});

export type Snapshot = z.infer<typeof snapshotSchema>;

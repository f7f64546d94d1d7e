import type { Hono } from 'hono';
import { z } from 'zod';
import {
  INFERENCE_KEY_PREFIX,
  SwitchyardError,
  generateInferenceKey,
  hashInferenceKey,
  type InferenceKey,
} from '../core/index.js';
import type { ApiEnv, ManagementDeps } from './types.js';
import { readBody } from './validate.js';

const DAY_MS = 86_400_000;
/** Stored and shown prefix: `sk-sy-` plus four characters. */
const PREFIX_LENGTH = INFERENCE_KEY_PREFIX.length + 4;

const createSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    allowedModels: z.array(z.string().min(1).max(200)).min(1).max(1000).nullable().optional(),
    rpmLimit: z.number().int().positive().max(1_000_000).nullable().optional(),
    dailyBudgetUsd: z.number().positive().max(1e9).nullable().optional(),
    monthlyBudgetUsd: z.number().positive().max(1e9).nullable().optional(),
    expiresInDays: z.number().positive().max(36_500).nullable().optional(),
  })
  .strict();

export type KeyView = Omit<InferenceKey, 'keyHash'> & { status: 'active' | 'revoked' | 'expired' };

/** What any listing shows: never the hash, the prefix masked. */
export function keyView(k: InferenceKey, now = Date.now()): KeyView {
  const { keyHash: _hash, ...rest } = k;
  const status = k.revokedAt !== null ? 'revoked' : k.expiresAt !== null && k.expiresAt <= now ? 'expired' : 'active';
  return { ...rest, prefix: `${k.prefix}…`, status };
}

/** `key_…` id, or the prefix shown in listings (with or without the ellipsis). */
async function findKey(deps: ManagementDeps, ref: string): Promise<InferenceKey> {
  const byId = await deps.repos.keys.get(ref);
  if (byId) return byId;
  const wanted = ref.replace(/\u2026$/, '');
  if (wanted.length >= PREFIX_LENGTH && wanted.startsWith(INFERENCE_KEY_PREFIX)) {
    const matches = (await deps.repos.keys.list()).filter((k) => wanted.startsWith(k.prefix) || k.prefix.startsWith(wanted));
    const active = matches.filter((k) => k.revokedAt === null);
    if (active.length > 1) throw new SwitchyardError('CONFLICT', `'${ref}' matches ${active.length} keys; use the id`);
    const found = active[0] ?? matches[0];
    if (found) return found;
  }
  throw new SwitchyardError('NOT_FOUND', `no key '${ref}'`);
}

export function registerKeys(app: Hono<ApiEnv>, deps: ManagementDeps): void {
  app.get('/api/keys', async (c) => {
    const now = Date.now();
    return c.json({ keys: (await deps.repos.keys.list()).map((k) => keyView(k, now)) });
  });

  app.post('/api/keys', async (c) => {
    const body = await readBody(c, createSchema);
    const secret = generateInferenceKey();
    const key = await deps.repos.keys.create({
      name: body.name,
      prefix: secret.slice(0, PREFIX_LENGTH),
      keyHash: hashInferenceKey(secret),
      allowedModels: body.allowedModels ?? null,
      rpmLimit: body.rpmLimit ?? null,
      dailyBudgetUsd: body.dailyBudgetUsd ?? null,
      monthlyBudgetUsd: body.monthlyBudgetUsd ?? null,
      expiresAt: body.expiresInDays ? Date.now() + Math.round(body.expiresInDays * DAY_MS) : null,
    });
    deps.events.emit('keys');
    await deps.audit.record(c, 'key.create', 'success', { id: key.id, name: key.name, prefix: `${key.prefix}…` });
    // The only time the plaintext leaves the server.
    return c.json({ ...keyView(key), key: secret }, 201);
  });

  app.delete('/api/keys/:id', async (c) => {
    const key = await findKey(deps, c.req.param('id'));
    const revoked = await deps.repos.keys.revoke(key.id, Date.now());
    deps.events.emit('keys');
    await deps.audit.record(c, 'key.revoke', 'success', { id: key.id, name: key.name, prefix: `${key.prefix}…`, alreadyRevoked: !revoked });
    return c.json({ revoked: true, id: key.id, name: key.name, alreadyRevoked: !revoked });
  });
}

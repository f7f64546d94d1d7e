import { z } from 'zod';
import { PROVIDER_TYPES, SwitchyardError, type ModelInfo, type Provider } from '../core/index.js';
import type { Hono } from 'hono';
import type { ApiEnv, ManagementDeps } from './types.js';
import { findPreset, presetNames, type PresetInfo } from './presets.js';
import { discoverForCreate, shouldDiscoverOnCreate, type DiscoveryNote } from './provider-sync.js';
import { validateProviderUrl } from './provider-url.js';
import { readBody } from './validate.js';

/** Provider names appear in `provider/model` addresses: no slash, no spaces. */
export const providerNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, dot, dash, underscore; at most 64; no slash');

const priceSchema = z.object({
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  cachedInput: z.number().nonnegative().optional(),
  cacheWrite: z.number().nonnegative().optional(),
});
const modelSchema = z.union([
  z.string().min(1).max(200),
  z.object({ id: z.string().min(1).max(200), price: priceSchema.optional() }).strict(),
]);
const modelsSchema = z.array(modelSchema).max(5000);

const createSchema = z
  .object({
    preset: z.string().min(1).max(64).optional(),
    name: providerNameSchema.optional(),
    type: z.enum(PROVIDER_TYPES).optional(),
    baseUrl: z.string().min(1).max(2000).optional(),
    apiKey: z.string().min(1).max(10_000).optional(),
    models: modelsSchema.optional(),
    enabled: z.boolean().optional(),
    supportsResponses: z.boolean().optional(),
  })
  .strict();

const patchSchema = z
  .object({
    name: providerNameSchema.optional(),
    type: z.enum(PROVIDER_TYPES).optional(),
    baseUrl: z.string().min(1).max(2000).optional(),
    apiKey: z.string().min(1).max(10_000).nullable().optional(),
    models: modelsSchema.optional(),
    enabled: z.boolean().optional(),
    supportsResponses: z.boolean().optional(),
  })
  .strict();

function toModels(list: z.infer<typeof modelsSchema>, preset?: PresetInfo): ModelInfo[] {
  return list.map((m) => {
    const model = typeof m === 'string' ? { id: m } : m;
    const price = model.price ?? preset?.models.find((p) => p.id === model.id)?.price;
    return price ? { id: model.id, price } : { id: model.id };
  });
}

/** Which preset a create request means: explicit `preset`, or a `name` that is one. */
function resolvePreset(body: z.infer<typeof createSchema>): PresetInfo | undefined {
  if (body.preset !== undefined) {
    const preset = findPreset(body.preset);
    if (!preset) {
      throw new SwitchyardError('VALIDATION_FAILED', `preset: unknown preset '${body.preset}' (known: ${presetNames().join(', ')})`);
    }
    return preset;
  }
  if (body.name === undefined) {
    throw new SwitchyardError('VALIDATION_FAILED', `name: required (a preset's name, or any name with baseUrl). Known presets: ${presetNames().join(', ')}`);
  }
  const byName = findPreset(body.name);
  if (!byName && body.baseUrl === undefined) {
    throw new SwitchyardError(
      'VALIDATION_FAILED',
      `preset: unknown preset '${body.name}'; a custom provider needs baseUrl (--base-url). Known presets: ${presetNames().join(', ')}`,
    );
  }
  return byName;
}

async function requireProvider(deps: ManagementDeps, idOrName: string): Promise<Provider> {
  const p = await deps.repos.providers.get(idOrName);
  if (!p) throw new SwitchyardError('NOT_FOUND', `no provider '${idOrName}'`);
  return p;
}

async function assertNameFree(deps: ManagementDeps, name: string, selfId?: string): Promise<void> {
  const existing = await deps.repos.providers.get(name);
  if (existing && existing.id !== selfId) throw new SwitchyardError('CONFLICT', `name: a provider named '${name}' already exists`);
}

/** Combos with a target on this provider: renaming or deleting it would leave them pointing nowhere. */
async function assertUnused(deps: ManagementDeps, p: Provider, action: string): Promise<void> {
  const users = (await deps.repos.combos.list()).filter((c) => c.targets.some((t) => t.model.startsWith(`${p.name}/`)));
  if (users.length) {
    const names = users.map((c) => `'${c.name}'`).join(', ');
    throw new SwitchyardError('CONFLICT', `provider '${p.name}' is a target of combo ${names}; change those first${action === 'delete' ? ' (or force the removal)' : ''}`);
  }
}

export function registerProviders(app: Hono<ApiEnv>, deps: ManagementDeps): void {
  const allowLinkLocal = deps.config.allowLinkLocalProviders;

  app.get('/api/providers', async (c) => c.json({ providers: await deps.repos.providers.list() }));

  app.post('/api/providers', async (c) => {
    const body = await readBody(c, createSchema);
    const preset = resolvePreset(body);
    // resolvePreset refuses a body with neither a name nor a preset.
    const name = body.name ?? (preset as PresetInfo).name;
    const baseUrl = validateProviderUrl(body.baseUrl ?? preset?.baseUrl ?? '', { allowLinkLocal });
    if (preset?.needsApiKey && body.apiKey === undefined && body.baseUrl === undefined) {
      throw new SwitchyardError('VALIDATION_FAILED', `apiKey: preset '${preset.name}' needs an API key (--api-key)`);
    }
    await assertNameFree(deps, name);
    const type = body.type ?? preset?.type ?? 'openai-compatible';
    let models = body.models ? toModels(body.models, preset) : (preset?.models ?? []);
    let discovery: DiscoveryNote | undefined;
    if (!body.models && shouldDiscoverOnCreate(preset, body.baseUrl !== undefined)) {
      ({ models, note: discovery } = await discoverForCreate(deps, { type, baseUrl, credential: body.apiKey ?? null }, preset));
    }
    const provider = await deps.repos.providers.create({
      name,
      type,
      baseUrl,
      preset: preset?.name ?? null,
      models,
      credential: body.apiKey ?? null,
      enabled: body.enabled ?? true,
      supportsResponses: body.supportsResponses ?? preset?.supportsResponses ?? false,
    });
    deps.events.emit('providers');
    await deps.audit.record(c, 'provider.create', 'success', { id: provider.id, name, preset: provider.preset, baseUrl });
    return c.json({ provider, ...(discovery && { discovery }) }, 201);
  });

  app.get('/api/providers/status', async (c) => c.json(await deps.gateway.status()));

  app.get('/api/providers/:id', async (c) => c.json({ provider: await requireProvider(deps, c.req.param('id')) }));

  app.patch('/api/providers/:id', async (c) => {
    const current = await requireProvider(deps, c.req.param('id'));
    const body = await readBody(c, patchSchema);
    if (body.name !== undefined && body.name !== current.name) {
      await assertNameFree(deps, body.name, current.id);
      await assertUnused(deps, current, 'rename');
    }
    const baseUrl = body.baseUrl === undefined ? undefined : validateProviderUrl(body.baseUrl, { allowLinkLocal });
    const preset = current.preset ? findPreset(current.preset) : undefined;
    const provider = await deps.repos.providers.update(current.id, {
      ...(body.name !== undefined && { name: body.name }),
      ...(body.type !== undefined && { type: body.type }),
      ...(baseUrl !== undefined && { baseUrl }),
      ...(body.apiKey !== undefined && { credential: body.apiKey }),
      ...(body.models !== undefined && { models: toModels(body.models, preset) }),
      ...(body.enabled !== undefined && { enabled: body.enabled }),
      ...(body.supportsResponses !== undefined && { supportsResponses: body.supportsResponses }),
    });
    deps.events.emit('providers');
    const changed = Object.keys(body).map((k) => (k === 'apiKey' ? 'credential' : k));
    await deps.audit.record(c, 'provider.update', 'success', { id: current.id, name: current.name, changed });
    return c.json({ provider });
  });

  app.delete('/api/providers/:id', async (c) => {
    const current = await requireProvider(deps, c.req.param('id'));
    if (c.req.query('force') !== 'true') await assertUnused(deps, current, 'delete');
    await deps.repos.providers.remove(current.id);
    deps.events.emit('providers');
    await deps.audit.record(c, 'provider.delete', 'success', { id: current.id, name: current.name });
    return c.json({ deleted: true, id: current.id, name: current.name });
  });

  app.post('/api/providers/:id/test', async (c) => {
    const current = await requireProvider(deps, c.req.param('id'));
    const result = await deps.gateway.testProvider(current.id);
    await deps.audit.record(c, 'provider.test', result.ok ? 'success' : 'failure', { id: current.id, name: current.name });
    return c.json({ provider: current.name, ...result });
  });
}

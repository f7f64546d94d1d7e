import type { Hono } from 'hono';
import { z } from 'zod';
import { COMBO_STRATEGIES, SwitchyardError, parseModelAddress, type ComboStrategy, type ComboTarget } from '../core/index.js';
import type { ApiEnv, ManagementDeps } from './types.js';
import { readBody } from './validate.js';

/** Combo names are addresses too; a slash would make one look like `provider/model`. */
const comboName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'letters, digits, dot, dash, colon, underscore; at most 64; no slash');

const targetSchema = z.union([
  z.string().min(3).max(300),
  z.object({ model: z.string().min(3).max(300), weight: z.number().positive().max(1_000_000).optional() }).strict(),
]);

const bodyFields = {
  strategy: z.enum(COMBO_STRATEGIES as [ComboStrategy, ...ComboStrategy[]]),
  targets: z.array(targetSchema).min(1).max(50),
};
const createSchema = z.object({ name: comboName, ...bodyFields }).strict();
const replaceSchema = z.object(bodyFields).strict();

/** Every target is `provider/model` of an existing provider; weights only (and always) for `weighted`. */
async function validateTargets(
  deps: ManagementDeps,
  strategy: ComboStrategy,
  raw: z.infer<typeof bodyFields.targets>,
): Promise<ComboTarget[]> {
  const providers = new Set((await deps.repos.providers.list()).map((p) => p.name));
  return raw.map((t, i) => {
    const target = typeof t === 'string' ? { model: t } : t;
    const addr = parseModelAddress(target.model);
    if (addr.kind !== 'provider-model') {
      throw new SwitchyardError('VALIDATION_FAILED', `targets.${i}.model: '${target.model}' is not provider/model`);
    }
    if (!providers.has(addr.provider)) {
      throw new SwitchyardError('VALIDATION_FAILED', `targets.${i}.model: no provider '${addr.provider}'`);
    }
    if (strategy === 'weighted' && target.weight === undefined) {
      throw new SwitchyardError('VALIDATION_FAILED', `targets.${i}.weight: required for strategy 'weighted'`);
    }
    if (strategy !== 'weighted' && target.weight !== undefined) {
      throw new SwitchyardError('VALIDATION_FAILED', `targets.${i}.weight: only used by strategy 'weighted'`);
    }
    return target.weight === undefined ? { model: target.model } : { model: target.model, weight: target.weight };
  });
}

export function registerCombos(app: Hono<ApiEnv>, deps: ManagementDeps): void {
  app.get('/api/combos', async (c) => c.json({ combos: await deps.repos.combos.list() }));

  app.get('/api/combos/:name', async (c) => {
    const combo = await deps.repos.combos.get(c.req.param('name'));
    if (!combo) throw new SwitchyardError('NOT_FOUND', `no combo '${c.req.param('name')}'`);
    return c.json({ combo });
  });

  app.post('/api/combos', async (c) => {
    const body = await readBody(c, createSchema);
    const targets = await validateTargets(deps, body.strategy, body.targets);
    if (await deps.repos.combos.get(body.name)) throw new SwitchyardError('CONFLICT', `name: a combo named '${body.name}' already exists`);
    const combo = await deps.repos.combos.create({ name: body.name, strategy: body.strategy, targets });
    deps.events.emit('combos');
    await deps.audit.record(c, 'combo.create', 'success', { name: combo.name, strategy: combo.strategy, targets: targets.length });
    return c.json({ combo }, 201);
  });

  app.put('/api/combos/:name', async (c) => {
    const name = c.req.param('name');
    if (!(await deps.repos.combos.get(name))) throw new SwitchyardError('NOT_FOUND', `no combo '${name}'`);
    const body = await readBody(c, replaceSchema);
    const targets = await validateTargets(deps, body.strategy, body.targets);
    const combo = await deps.repos.combos.replace(name, { strategy: body.strategy, targets });
    deps.events.emit('combos');
    await deps.audit.record(c, 'combo.update', 'success', { name, strategy: body.strategy, targets: targets.length });
    return c.json({ combo });
  });

  app.delete('/api/combos/:name', async (c) => {
    const name = c.req.param('name');
    if (!(await deps.repos.combos.remove(name))) throw new SwitchyardError('NOT_FOUND', `no combo '${name}'`);
    deps.events.emit('combos');
    await deps.audit.record(c, 'combo.delete', 'success', { name });
    return c.json({ deleted: true, name });
  });
}

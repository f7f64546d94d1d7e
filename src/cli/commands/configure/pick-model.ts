/**
 * Picks the model a coding agent will use from the target server's live
 * catalog (GET /api/models): from flags, or interactively when a person is at
 * a terminal. A model that is not in the catalog is refused before anything is
 * written.
 */
import type { RunContext } from '../../command-spec.js';
import { CliError, EXIT } from '../../exit-codes.js';

export interface CatalogEntry {
  id: string;
  kind: 'model' | 'combo';
  provider?: string;
  enabled?: boolean;
  strategy?: string;
}

export interface ModelFlags {
  provider?: string;
  model?: string;
}

/** Prompts only when both ends are a terminal and the output is not for a script. */
export function isInteractive(ctx: RunContext): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY) && !ctx.out.json;
}

/** Usage errors first, before the network: exit 2 naming the flag. */
export function requireFlag(ctx: RunContext, value: string | undefined, flag: string, example: string): void {
  if (value === undefined && !isInteractive(ctx)) {
    throw new CliError(`missing ${flag} (e.g. ${flag} ${example}); run in a terminal to pick interactively`, EXIT.usage);
  }
}

export async function loadCatalog(ctx: RunContext): Promise<CatalogEntry[]> {
  const { models } = await ctx.client().get<{ models: CatalogEntry[] }>('/api/models');
  if (models.length === 0) {
    const { providers } = await ctx.client().get<{ providers: { name: string }[] }>('/api/providers');
    if (providers.length > 0) {
      const names = providers.map((p) => p.name).join(', ');
      throw new CliError(`${ctx.client().url} has providers (${names}) but no models yet; ask the upstream for them: switchyard providers sync`, EXIT.notFound);
    }
    throw new CliError(`${ctx.client().url} has no models yet; add a provider first: switchyard providers add --help`, EXIT.notFound);
  }
  return models;
}

function findModel(catalog: CatalogEntry[], flags: ModelFlags, url: string): CatalogEntry {
  const raw = flags.model as string;
  const id = flags.provider && !raw.includes('/') && !catalog.some((e) => e.id === raw) ? `${flags.provider}/${raw}` : raw;
  const entry = catalog.find((e) => e.id === id);
  if (!entry) throw new CliError(`'${id}' is not in the catalog of ${url}; see: switchyard models list`, EXIT.notFound);
  if (flags.provider && entry.provider !== flags.provider) {
    throw new CliError(`'${id}' is not a model of provider '${flags.provider}'`, EXIT.usage);
  }
  return entry;
}

async function pickInteractively(catalog: CatalogEntry[], provider: string | undefined): Promise<CatalogEntry> {
  const { select, isCancel } = await import('@clack/prompts');
  const cancelled = (): never => {
    throw new CliError('cancelled', EXIT.usage);
  };
  let group = provider;
  if (group === undefined) {
    const groups = [...new Set(catalog.map((e) => (e.kind === 'combo' ? 'combos' : (e.provider ?? '?'))))];
    const chosen = groups.length === 1 ? groups[0] : await select({ message: 'Provider', options: groups.map((g) => ({ value: g })) });
    if (isCancel(chosen) || chosen === undefined) return cancelled();
    group = chosen;
  }
  const options = catalog
    .filter((e) => (group === 'combos' ? e.kind === 'combo' : e.provider === group))
    .map((e) => ({ value: e.id, label: e.id, hint: e.kind === 'combo' ? `${e.strategy ?? ''} combo` : e.enabled === false ? 'disabled' : undefined }));
  const id = await select({ message: 'Model', options });
  if (isCancel(id)) return cancelled();
  return catalog.find((e) => e.id === id) as CatalogEntry;
}

/** The chosen `provider/model` id or combo name. */
export async function pickModel(ctx: RunContext, catalog: CatalogEntry[], flags: ModelFlags): Promise<string> {
  const url = ctx.client().url;
  if (flags.provider && !catalog.some((e) => e.provider === flags.provider)) {
    throw new CliError(`no provider '${flags.provider}' in the catalog of ${url}; see: switchyard providers list`, EXIT.notFound);
  }
  const entry = flags.model !== undefined ? findModel(catalog, flags, url) : await pickInteractively(catalog, flags.provider);
  if (entry.enabled === false) ctx.out.warn(`provider '${entry.provider ?? ''}' is disabled: requests to ${entry.id} will fail until it is enabled`);
  return entry.id;
}

export async function askName(ctx: RunContext, name: string | undefined, fallback: string): Promise<string> {
  if (name !== undefined) return name;
  const { text, isCancel } = await import('@clack/prompts');
  const answer = await text({ message: 'Profile name', placeholder: fallback, defaultValue: fallback });
  if (isCancel(answer)) throw new CliError('cancelled', EXIT.usage);
  return answer || fallback;
}

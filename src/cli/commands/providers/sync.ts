import type { Provider, ProviderSyncResult } from '../../../core/index.js';
import type { RunContext } from '../../command-spec.js';
import { CliError, EXIT } from '../../exit-codes.js';
import { withProgress } from '../../output.js';

export async function run(ctx: RunContext): Promise<void> {
  const [ref] = ctx.args as [string | undefined];
  const names = ref
    ? [ref]
    : (await ctx.client().get<{ providers: Provider[] }>('/api/providers')).providers.map((p) => p.name);
  if (names.length === 0) throw new CliError('no providers to sync; add one first: switchyard providers add --help', EXIT.notFound);
  const results: ProviderSyncResult[] = [];
  const failures: string[] = [];
  for (const name of names) {
    try {
      results.push(
        await withProgress(`syncing ${name}…`, () =>
          ctx.client().request<ProviderSyncResult>('POST', `/api/providers/${encodeURIComponent(name)}/sync`, { timeoutMs: 120_000 }),
        ),
      );
    } catch (err) {
      // One refusing upstream does not stop the others; a single named provider fails as it is.
      if (ref || !(err instanceof CliError)) throw err;
      failures.push(`${name}: ${err.message}`);
    }
  }
  if (ctx.out.json) ctx.out.data(ref ? results[0] : results);
  else {
    for (const r of results) {
      const from = r.source === 'preset' ? ' (the preset\'s list: the upstream has no list endpoint)' : '';
      ctx.out.success(`${r.provider.name}: ${r.total} models${from}, ${r.added.length} added, ${r.removed.length} removed`);
      if (r.added.length) ctx.out.line(`  + ${r.added.join(', ')}`);
      if (r.removed.length) ctx.out.line(`  - ${r.removed.join(', ')}`);
      for (const k of r.kept) ctx.out.line(`  ! ${k.id} is gone upstream but kept: combo ${k.combos.join(', ')} uses it`);
    }
  }
  if (failures.length) throw new CliError(`could not sync ${failures.join('; ')}`);
}

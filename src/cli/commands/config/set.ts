import type { RunContext } from '../../command-spec.js';

/** `true` → true, `3` → 3, `{"a":1}` → object; anything else stays a string. */
export function parseValue(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

export async function run(ctx: RunContext): Promise<void> {
  const [key, raw] = ctx.args as [string, string];
  const value = parseValue(raw);
  const { settings } = await ctx.client().request<{ settings: Record<string, unknown> }>('PATCH', '/api/settings', {
    body: { [key]: value },
  });
  if (ctx.out.json) return ctx.out.data(settings);
  ctx.out.success(`${key} = ${JSON.stringify(settings[key])}`);
}

import type { RunContext } from '../../command-spec.js';
import { CliError } from '../../exit-codes.js';
import { withProgress } from '../../output.js';

interface TestResult {
  provider: string;
  ok: boolean;
  latencyMs: number;
  status: number | null;
  message: string;
}

export async function run(ctx: RunContext): Promise<void> {
  const [ref] = ctx.args as [string];
  const result = await withProgress(`testing ${ref}…`, () =>
    ctx.client().request<TestResult>('POST', `/api/providers/${encodeURIComponent(ref)}/test`, { timeoutMs: 120_000 }),
  );
  if (ctx.out.json) ctx.out.data(result);
  else if (result.ok) ctx.out.success(`${result.provider} answered in ${result.latencyMs} ms: ${result.message}`);
  if (!result.ok) throw new CliError(`${result.provider}: ${result.message}`);
}

import type { RunContext } from '../../command-spec.js';
import { authHeaders } from '../../auth-headers.js';
import { CliError, EXIT } from '../../exit-codes.js';
import { readStdinSecret } from './shared.js';

const ACTIONS = ['check', 'install', 'start-daemon', 'login'] as const;

/** `install` streams the install script's output (SSE `progress`, then `done` or `error`). */
async function install(ctx: RunContext, body: Record<string, string>): Promise<void> {
  const target = ctx.target();
  let res: Response;
  try {
    res = await fetch(`${target.url}/api/tunnels/tailscale/install`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...(await authHeaders(target, ctx.env)) },
      body: JSON.stringify(body),
      redirect: 'manual',
    });
  } catch (err) {
    throw new CliError(`cannot reach Switchyard at ${target.url}: ${(err as Error).message}`, EXIT.unreachable);
  }
  if (!res.ok || !res.body) {
    const text = await res.text();
    let message = `server answered ${res.status}`;
    try {
      const e = (JSON.parse(text) as { error?: { code?: string; message?: string } }).error;
      if (e?.message) message = `${e.message}${e.code && !e.message.includes(e.code) ? ` (${e.code})` : ''}`;
      else if (e?.code) message = e.code;
    } catch {}
    throw new CliError(message, res.status === 401 || res.status === 403 ? EXIT.auth : EXIT.error);
  }
  let buffer = '';
  let outcome: { event: string; message: string } | null = null;
  for await (const chunk of res.body) {
    buffer += Buffer.from(chunk as Uint8Array).toString('utf8');
    let at: number;
    while ((at = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, at);
      buffer = buffer.slice(at + 2);
      const event = /^event: ?(.*)$/m.exec(frame)?.[1] ?? 'message';
      const data = JSON.parse(/^data: ?(.*)$/m.exec(frame)?.[1] ?? '{}') as { line?: string; message?: string };
      if (event === 'progress') ctx.out.line(data.line ?? '');
      else outcome = { event, message: data.message ?? '' };
    }
  }
  if (outcome?.event !== 'done') throw new CliError(`tailscale install: ${outcome?.message ?? 'the stream ended early'}`);
  ctx.out.success('Tailscale installed');
}

export async function run(ctx: RunContext): Promise<void> {
  const action = ctx.args[0] as (typeof ACTIONS)[number];
  if (!ACTIONS.includes(action)) throw new CliError(`unknown tailscale action '${ctx.args[0] ?? ''}' (known: ${ACTIONS.join(', ')})`, EXIT.usage);
  const body: Record<string, string> = ctx.opts.sudoPasswordStdin === true ? { sudoPassword: readStdinSecret('sudo password') } : {};
  if (action === 'install') return install(ctx, body);
  const client = ctx.client();
  const answer =
    action === 'check'
      ? await client.get<Record<string, unknown>>('/api/tunnels/tailscale/check')
      : await client.request<Record<string, unknown>>('POST', `/api/tunnels/tailscale/${action}`, { body, timeoutMs: 120_000 });
  if (ctx.out.json) return ctx.out.data(answer);
  if (action === 'login' && typeof answer.authUrl === 'string') return ctx.out.line(`Open this URL to log in: ${answer.authUrl}`);
  for (const [k, v] of Object.entries(answer)) ctx.out.line(`${k.padEnd(16)} ${String(v)}`);
}

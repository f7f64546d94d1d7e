import { authHeaders } from './auth-headers.js';
import type { Target } from './contexts.js';
import { CliError, EXIT, exitCodeForStatus } from './exit-codes.js';

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  /** Extra headers (e.g. an explicit bearer for `connect --key`). */
  headers?: Record<string, string>;
  /** Skip the target's own credentials. */
  anonymous?: boolean;
  timeoutMs?: number;
}

export interface ApiClient {
  readonly url: string;
  request<T = unknown>(method: string, path: string, opts?: RequestOptions): Promise<T>;
  get<T = unknown>(path: string, opts?: RequestOptions): Promise<T>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A network failure, named so a user knows what to check. */
function unreachable(url: string, err: unknown): CliError {
  const cause = isRecord(err) && isRecord(err.cause) ? err.cause : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  if (err instanceof Error && err.name === 'TimeoutError') return new CliError(`${url} did not answer in time`, EXIT.unreachable);
  const why =
    code === 'ECONNREFUSED'
      ? 'connection refused — is the server running? (switchyard start)'
      : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        ? 'host not found'
        : (code ?? (cause && typeof cause.message === 'string' ? cause.message : err instanceof Error ? err.message : String(err)));
  return new CliError(`cannot reach Switchyard at ${url}: ${why}`, EXIT.unreachable);
}

/** `{"error":{"code","message"}}` → one line with the server's message and code. */
function httpError(res: Response, body: unknown): CliError {
  const location = res.headers.get('location');
  // Redirects are not followed: a credential must not travel to a URL the user did not choose.
  if (res.status >= 300 && res.status < 400 && location) {
    return new CliError(`the server redirects to ${location}; use that URL (--server or switchyard connect)`);
  }
  const err = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  let message = typeof err?.message === 'string' ? err.message : `server answered ${res.status}`;
  const code = typeof err?.code === 'string' ? err.code : undefined;
  if (code && !message.includes(code)) message += ` (${code})`;
  const retry = res.headers.get('retry-after');
  if (retry) message += `; retry after ${retry} s`;
  return new CliError(message, exitCodeForStatus(res.status));
}

export function createApiClient(target: Target, env: NodeJS.ProcessEnv = process.env): ApiClient {
  const request = async <T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> => {
    const url = new URL(target.url + path);
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': 'switchyard-cli',
      ...(opts.anonymous ? {} : await authHeaders(target, env)),
      ...opts.headers,
    };
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 60_000),
        redirect: 'manual',
      });
    } catch (err) {
      throw unreachable(target.url, err);
    }
    const text = await res.text();
    let body: unknown = undefined;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      if (res.ok) throw new CliError(`${target.url} answered ${res.status} with something that is not JSON — is it a Switchyard server?`);
    }
    if (!res.ok) throw httpError(res, body);
    return body as T;
  };
  return {
    url: target.url,
    request,
    get: (path, opts) => request('GET', path, opts),
  };
}

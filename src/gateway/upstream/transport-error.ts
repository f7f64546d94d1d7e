import { SwitchyardError } from '../../core/index.js';

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

function codeOf(err: unknown): string | undefined {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') return err.code;
  return undefined;
}

/** A connect error or timeout talking to a provider, as a typed error that names the provider, not its secrets. */
export function transportError(err: unknown, provider: string): SwitchyardError {
  const code = codeOf(err) ?? codeOf((err as { cause?: unknown } | undefined)?.cause);
  if (code && TIMEOUT_CODES.has(code)) {
    return new SwitchyardError('UPSTREAM_TIMEOUT', `provider '${provider}' timed out (${code})`, { expose: true, cause: err });
  }
  const why = code ?? (err instanceof Error ? err.message : 'connection failed');
  return new SwitchyardError('UPSTREAM_UNAVAILABLE', `provider '${provider}' is unreachable (${why})`, { expose: true, cause: err });
}

/** Whether an error came from our own abort (client went away, shutdown). */
export function isAbort(err: unknown): boolean {
  const code = codeOf(err);
  return code === 'UND_ERR_ABORTED' || (err instanceof Error && err.name === 'AbortError');
}
